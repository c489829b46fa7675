#pragma once
#include "chainlit/chat/runtime.hpp"
#include "chainlit/http/router.hpp"

#include <memory>

namespace chainlit {

/// Adds the chat's built-in HTTP routes (spec C.1 session cookie, C.2 settings, files and
/// actions) to `r` at built-in priority, so app routes still win.
void add_chat_routes(http::router& r, std::shared_ptr<chat_runtime> rt);

/// The history routes (threads, feedback, elements); added by add_chat_routes.
void add_thread_routes(http::router& r, std::shared_ptr<chat_runtime> rt);

/// The app as an OpenAI-compatible API (docs/OPENAI_API.md): POST /v1/chat/completions runs
/// on_message in a headless session and answers with what it sent; GET /v1/models lists the app
/// and its chat profiles. `[features] openai_api = false` turns them off.
void add_openai_routes(http::router& r, std::shared_ptr<chat_runtime> rt);

/// The user of an HTTP request (spec D.4): nullopt when login is not required; errc::unauthorized
/// when it is and the request carries no valid token.
task<result<std::optional<user>>> current_user(chat_runtime& rt, const http::request& req);

} // namespace chainlit
