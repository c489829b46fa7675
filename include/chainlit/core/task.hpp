#pragma once
// The one async style of the library: every call an app writes is a coroutine.
#include <boost/asio/awaitable.hpp>

namespace chainlit {

/// A coroutine returning T. Await it with co_await; it runs on the executor of its caller.
template <class T = void> using task = boost::asio::awaitable<T>;

} // namespace chainlit
