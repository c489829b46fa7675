#pragma once
// Awaitable helpers for app code, so that an app needs no Asio header of its own.
#include "chainlit/core/task.hpp"

#include <chrono>

namespace chainlit {

/// Suspends the calling coroutine for `d` without blocking its thread (the I/O thread serves
/// other chats meanwhile). A Stop of the chat cancels the wait: the hook then ends as stopped.
task<void> sleep(std::chrono::steady_clock::duration d);

} // namespace chainlit
