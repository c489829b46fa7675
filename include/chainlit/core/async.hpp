#pragma once
// Awaitable helpers for app code, so that an app needs no Asio header of its own: sleep,
// timeouts, and running tasks side by side. The templates only wrap type-erased functions
// compiled once in the library (src/core/async.cpp), which keeps Asio's heavy headers out of
// every app's compile.
#include "chainlit/core/task.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace chainlit {

using duration = std::chrono::steady_clock::duration;

/// Suspends the calling coroutine for `d` without blocking its thread (the I/O thread serves
/// other chats meanwhile). A Stop of the chat cancels the wait: the hook then ends as stopped.
task<void> sleep(duration d);

namespace detail {
using thunk = std::function<task<void>()>;
/// True when `body` finished within `d`; otherwise it is cancelled and false. Its exception
/// propagates.
task<bool> run_with_timeout(thunk body, duration d);
/// Runs all side by side on the caller's executor; the first failure cancels the others and is
/// rethrown once they have ended.
task<void> run_all(std::vector<thunk> bodies);
/// Runs all side by side; the first to end wins and the others are cancelled. Its index, or
/// its exception.
task<std::size_t> run_any(std::vector<thunk> bodies);
} // namespace detail

/// `t`'s result, or nullopt when it takes longer than `d` (it is then cancelled: a timer,
/// socket read or LLM stream it awaits ends at once).
///
///     auto answer = co_await cl::with_timeout(llm.complete(req), std::chrono::seconds(20));
template <class T> task<std::optional<T>> with_timeout(task<T> t, duration d) {
    std::optional<T> out;
    detail::thunk body = [&]() -> task<void> { out.emplace(co_await std::move(t)); };
    const bool finished = co_await detail::run_with_timeout(std::move(body), d);
    co_return finished ? std::move(out) : std::nullopt;
}
/// For a task<void>: true when it finished within `d`.
inline task<bool> with_timeout(task<void> t, duration d) {
    detail::thunk body = [&]() -> task<void> { co_await std::move(t); };
    co_return co_await detail::run_with_timeout(std::move(body), d);
}

/// Runs the tasks side by side and returns their results in order. The first exception
/// cancels the rest and is rethrown.
template <class T> task<std::vector<T>> when_all(std::vector<task<T>> tasks) {
    std::vector<std::optional<T>> slots(tasks.size());
    std::vector<detail::thunk> bodies;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        bodies.push_back(
            [&, i]() -> task<void> { slots[i].emplace(co_await std::move(tasks[i])); });
    co_await detail::run_all(std::move(bodies));
    std::vector<T> out;
    out.reserve(slots.size());
    for (auto& s : slots)
        out.push_back(std::move(*s));
    co_return out;
}
inline task<void> when_all(std::vector<task<void>> tasks) {
    std::vector<detail::thunk> bodies;
    for (auto& t : tasks)
        bodies.push_back([&t]() -> task<void> { co_await std::move(t); });
    co_await detail::run_all(std::move(bodies));
}

/// Runs the tasks side by side; the first to finish wins and the others are cancelled.
/// Returns the winner's index and result (or rethrows the winner's exception).
template <class T> task<std::pair<std::size_t, T>> when_any(std::vector<task<T>> tasks) {
    std::vector<std::optional<T>> slots(tasks.size());
    std::vector<detail::thunk> bodies;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        bodies.push_back(
            [&, i]() -> task<void> { slots[i].emplace(co_await std::move(tasks[i])); });
    const std::size_t winner = co_await detail::run_any(std::move(bodies));
    co_return std::pair<std::size_t, T>(winner, std::move(*slots[winner]));
}
inline task<std::size_t> when_any(std::vector<task<void>> tasks) {
    std::vector<detail::thunk> bodies;
    for (auto& t : tasks)
        bodies.push_back([&t]() -> task<void> { co_await std::move(t); });
    co_return co_await detail::run_any(std::move(bodies));
}

/// Starts `t` on the caller's executor without waiting for it (Chainlit's
/// `asyncio.create_task`); an exception it throws is logged. The task must not reference
/// locals of the caller that end before it does.
task<void> spawn(task<void> t);

} // namespace chainlit
