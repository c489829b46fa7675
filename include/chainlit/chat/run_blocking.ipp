#pragma once
// run_blocking's template body (included by runtime.hpp).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>
#include <type_traits>

namespace chainlit {
namespace detail {
/// The pool for blocking user work, sized for I/O-bound SDK calls rather than CPU: created on
/// first use and shared by the apps of the process.
boost::asio::thread_pool& blocking_pool();
} // namespace detail

template <class F>
auto run_blocking(F fn) -> task<decltype(fn())> {
    using R = decltype(fn());
    auto& pool = detail::blocking_pool();
    // co_spawn onto the pool, then complete back on the caller's executor (use_awaitable
    // resumes where we awaited), so user code after the await runs on the session strand.
    // Named, not a temporary inside the co_await: GCC 12 destroys such a lambda twice.
    auto job = [f = std::move(fn)]() mutable -> task<R> {
        if constexpr (std::is_void_v<R>) {
            f();
            co_return;
        } else {
            co_return f();
        }
    };
    co_return co_await boost::asio::co_spawn(pool, std::move(job), boost::asio::use_awaitable);
}

} // namespace chainlit
