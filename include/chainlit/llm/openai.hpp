#pragma once
// OpenAI-compatible Chat Completions over HTTP or HTTPS (Beast + OpenSSL).
#include "chainlit/llm/provider.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chainlit::llm {

struct openai_options {
    /// Where `/chat/completions` lives, e.g. "http://127.0.0.1:8080/v1" for llama.cpp's
    /// server, "http://127.0.0.1:11434/v1" for Ollama, or an Azure deployment's URL.
    std::string base_url = "https://api.openai.com/v1";
    std::string api_key; ///< sent as "Authorization: Bearer"; empty sends none
    std::string model = "gpt-4o-mini";
    /// Added to every request: "api-key" for Azure, "OpenAI-Organization", ...
    std::vector<std::pair<std::string, std::string>> headers;
    /// Appended to the URL, e.g. "api-version=2024-10-21" for Azure.
    std::string query;

    std::chrono::milliseconds connect_timeout{10'000};
    /// Longest silence while waiting for the answer's next bytes.
    std::chrono::milliseconds read_timeout{120'000};
    /// Longest one call may take, retries and their waits included.
    std::chrono::milliseconds total_timeout{600'000};
    /// Retries after 429, 500, 502, 503, 504 or a failed connection, before any text came.
    int max_retries = 3;
    std::chrono::milliseconds initial_backoff{500}; ///< doubled per retry, with jitter
    std::chrono::milliseconds max_backoff{30'000};  ///< also caps a Retry-After
    std::size_t max_response_bytes = 32 * 1024 * 1024;
    /// Ask for the usage chunk at the end of a stream (stream_options.include_usage).
    bool stream_usage = true;
    bool verify_tls = true;
    std::string ca_file; ///< empty: the system's certificate store

    /// OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL over the defaults.
    static openai_options from_env();
    /// Whether OPENAI_BASE_URL or OPENAI_API_KEY is set: an app then has a model to call.
    static bool configured_in_env();
};

/// Throws llm::error when the options cannot work (a base URL that is not http(s), ...).
std::shared_ptr<provider> make_openai_provider(openai_options options);

} // namespace chainlit::llm
