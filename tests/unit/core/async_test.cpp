// cl::sleep, with_timeout, when_all, when_any and spawn on a real io_context: the helpers that
// keep Asio out of app code.
#include "chainlit/core/async.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace cl = chainlit;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

/// Runs `t` to completion on a fresh io_context and returns its result.
template <class T> T run(cl::task<T> t) {
    boost::asio::io_context ioc;
    auto f = boost::asio::co_spawn(ioc, std::move(t), boost::asio::use_future);
    ioc.run();
    return f.get();
}

cl::task<int> after(std::chrono::milliseconds d, int v) {
    co_await cl::sleep(d);
    co_return v;
}

cl::task<int> fails_after(std::chrono::milliseconds d) {
    co_await cl::sleep(d);
    throw std::runtime_error("failed on purpose");
}

} // namespace

TEST(Async, SleepWaitsWithoutBlockingOthers) {
    const auto started = clock_type::now();
    auto both = []() -> cl::task<std::vector<int>> {
        std::vector<cl::task<int>> tasks;
        tasks.push_back(after(60ms, 1));
        tasks.push_back(after(60ms, 2));
        co_return co_await cl::when_all(std::move(tasks));
    };
    EXPECT_EQ(run(both()), (std::vector<int>{1, 2}));
    const auto took = clock_type::now() - started;
    EXPECT_GE(took, 60ms);
    EXPECT_LT(took, 110ms) << "the two sleeps overlap on one thread";
}

TEST(Async, WithTimeoutGivesTheResultOrNothing) {
    auto in_time = []() -> cl::task<std::optional<int>> {
        co_return co_await cl::with_timeout(after(5ms, 7), 1s);
    };
    EXPECT_EQ(run(in_time()), 7);
    const auto started = clock_type::now();
    auto too_slow = []() -> cl::task<std::optional<int>> {
        co_return co_await cl::with_timeout(after(10s, 7), 30ms);
    };
    EXPECT_EQ(run(too_slow()), std::nullopt);
    EXPECT_LT(clock_type::now() - started, 2s) << "the slow task was cancelled, not awaited";
    auto void_in_time = []() -> cl::task<bool> {
        co_return co_await cl::with_timeout(cl::sleep(1ms), 1s);
    };
    EXPECT_TRUE(run(void_in_time()));
    auto throws = []() -> cl::task<std::optional<int>> {
        co_return co_await cl::with_timeout(fails_after(1ms), 1s);
    };
    EXPECT_THROW(run(throws()), std::runtime_error);
}

TEST(Async, WhenAllRethrowsTheFirstFailureAndCancelsTheRest) {
    const auto started = clock_type::now();
    auto mixed = []() -> cl::task<std::vector<int>> {
        std::vector<cl::task<int>> tasks;
        tasks.push_back(after(10s, 1));
        tasks.push_back(fails_after(10ms));
        co_return co_await cl::when_all(std::move(tasks));
    };
    EXPECT_THROW(run(mixed()), std::runtime_error);
    EXPECT_LT(clock_type::now() - started, 2s);
    auto none = []() -> cl::task<std::vector<int>> {
        co_return co_await cl::when_all(std::vector<cl::task<int>>{});
    };
    EXPECT_TRUE(run(none()).empty());
}

TEST(Async, WhenAnyTakesTheFirstAndCancelsTheOthers) {
    const auto started = clock_type::now();
    auto race = []() -> cl::task<std::pair<std::size_t, int>> {
        std::vector<cl::task<int>> tasks;
        tasks.push_back(after(10s, 1));
        tasks.push_back(after(10ms, 2));
        co_return co_await cl::when_any(std::move(tasks));
    };
    EXPECT_EQ(run(race()), (std::pair<std::size_t, int>{1, 2}));
    EXPECT_LT(clock_type::now() - started, 2s);
    auto empty = []() -> cl::task<std::size_t> {
        co_return co_await cl::when_any(std::vector<cl::task<void>>{});
    };
    EXPECT_THROW(run(empty()), std::invalid_argument);
}

TEST(Async, SpawnRunsInTheBackground) {
    auto shared = std::make_shared<int>(0);
    auto starter = [shared]() -> cl::task<int> {
        auto later = [](std::shared_ptr<int> p) -> cl::task<void> {
            co_await cl::sleep(10ms);
            *p = 42;
        };
        co_await cl::spawn(later(shared));
        co_return *shared; // not yet: spawn does not wait
    };
    EXPECT_EQ(run(starter()), 0);
    EXPECT_EQ(*shared, 42) << "the io_context ran the spawned task to its end";
}
