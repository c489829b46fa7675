#pragma once
// Internal: the headless session behind POST /v1/chat/completions. No browser: what the app's
// hooks send is captured instead. The assistant messages sent while on_message runs make the
// reply (joined by a blank line), their tokens become the stream's deltas, and the token counts
// of the LLM steps inside make its usage.
#include "chainlit/chat/session.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace chainlit {

class api_session final : public session {
public:
    /// A message of the chat context: the request's messages, then what the app sends.
    struct context_entry {
        std::string id; ///< "" for the messages of the request
        std::string role;
        std::string content;
    };
    struct token_usage {
        std::int64_t prompt = 0;
        std::int64_t completion = 0;
    };

    api_session(std::string id, std::string thread_id, std::optional<chainlit::user> u,
                std::shared_ptr<const std::filesystem::path> files_root, std::string chat_profile,
                std::vector<context_entry> context);

    bool is_websocket() const noexcept override { return false; }
    void emit(std::string_view event, json::value payload) override;
    task<result<json::value>> call(std::string_view event, json::value payload,
                                   std::chrono::milliseconds timeout) override;

    json::array chat_context() override;
    void remember_message(std::string_view id, std::string_view type,
                          std::string_view text) override;
    void revise_message(std::string_view id, std::string_view type,
                        const std::string* text) override;

    /// From now on assistant messages are part of the reply (on_message starts).
    void open_reply();
    /// Stops capturing (on_message ended).
    void close_reply();
    /// The reply so far: every captured message's text, in order, joined by "\n\n".
    std::string reply() const;
    /// Summed over the LLM steps' generations; nullopt when no step reported counts.
    std::optional<token_usage> usage() const;
    /// Called (with the session's lock held: do not call back in) with each piece of text that
    /// extends the reply. A change that is not an extension (an earlier part rewritten) cannot
    /// be streamed; the deltas go on once the reply extends what was sent again.
    void on_delta(std::function<void(std::string_view)> f);

private:
    struct part {
        std::string id;
        std::string text;
    };
    void upsert_part(const std::string& id, std::string text);
    void append_to_part(const std::string& id, std::string_view token);
    void rebuild_locked();
    void flush_locked();
    void record_usage(const json::object& step);

    mutable std::mutex reply_mu_;
    std::vector<context_entry> context_;
    bool capturing_ = false;
    std::vector<part> parts_;
    std::string joined_;  ///< the reply: parts_ joined
    std::string emitted_; ///< what on_delta was given, a prefix of joined_ when in step
    std::function<void(std::string_view)> on_delta_;
    std::map<std::string, token_usage, std::less<>> usage_by_step_;
};

} // namespace chainlit
