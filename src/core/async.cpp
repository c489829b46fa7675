#include "chainlit/core/async.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <stdexcept>

namespace chainlit {

namespace asio = boost::asio;

task<void> sleep(duration d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::use_awaitable);
}

namespace detail {

namespace {

/// The bodies as deferred co_spawn operations on `exec`, for a ranged parallel group.
auto spawned(const asio::any_io_executor& exec, std::vector<thunk>& bodies) {
    using op = decltype(asio::co_spawn(exec, bodies.front()(), asio::deferred));
    std::vector<op> ops;
    ops.reserve(bodies.size());
    for (auto& b : bodies)
        ops.push_back(asio::co_spawn(exec, b(), asio::deferred));
    return ops;
}

} // namespace

task<void> run_all(std::vector<thunk> bodies) {
    if (bodies.empty())
        co_return;
    auto exec = co_await asio::this_coro::executor;
    auto [order, errors] =
        co_await asio::experimental::make_parallel_group(spawned(exec, bodies))
            .async_wait(asio::experimental::wait_for_one_error(), asio::use_awaitable);
    // The first failure in completion order: the others may only be its cancellation.
    for (std::size_t i : order)
        if (errors[i])
            std::rethrow_exception(errors[i]);
}

task<std::size_t> run_any(std::vector<thunk> bodies) {
    if (bodies.empty())
        throw std::invalid_argument("when_any needs at least one task");
    auto exec = co_await asio::this_coro::executor;
    auto [order, errors] = co_await asio::experimental::make_parallel_group(spawned(exec, bodies))
                               .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
    const std::size_t winner = order.front();
    if (errors[winner])
        std::rethrow_exception(errors[winner]);
    co_return winner;
}

task<bool> run_with_timeout(thunk body, duration d) {
    // Not awaitable_operators' `||`: it waits for the first *success*, so a body that throws
    // at once would still wait out the whole timeout.
    std::vector<thunk> racers;
    racers.push_back(std::move(body));
    racers.push_back([d]() -> task<void> { co_await sleep(d); });
    co_return co_await run_any(std::move(racers)) == 0;
}

} // namespace detail

task<void> spawn(task<void> t) {
    auto exec = co_await asio::this_coro::executor;
    asio::co_spawn(exec, std::move(t), [](std::exception_ptr e) {
        if (!e)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            log().error("a spawned task failed: {}", ex.what());
        } catch (...) {
            log().error("a spawned task failed");
        }
    });
}

} // namespace chainlit
