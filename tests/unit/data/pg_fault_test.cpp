// Fault tests against a PostgreSQL server of their own: unreachable at start, killed and
// restarted under a live data layer.
#include "pg_support.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/time.hpp"

#include <chrono>
#include <thread>

namespace chainlit::data::testing {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

step_dict step_in(const std::string& thread, const std::string& output) {
    step_dict s;
    s.id = uuid4();
    s.thread_id = thread;
    s.type = "assistant_message";
    s.output = output;
    s.created_at = iso_now();
    return s;
}

TEST(pg_fault, unreachable_at_start_is_a_clear_error) {
    pg_server server;
    const std::string url = server.start();
    ASSERT_FALSE(url.empty()) << "PostgreSQL could not be started (scripts/bootstrap)";
    ASSERT_TRUE(server.kill());
    const auto t0 = clock::now();
    auto layer = make_data_layer(url, {.connect_timeout = 2s});
    EXPECT_FALSE(layer);
    EXPECT_EQ(layer.error(), errc::unavailable);
    EXPECT_LT(clock::now() - t0, 5s) << "fails fast, without retrying at start";
}

TEST(pg_fault, reconnects_after_the_server_restarts) {
    pg_server server;
    const std::string url = server.start();
    ASSERT_FALSE(url.empty());
    auto opened =
        make_data_layer(url, {.max_retries = 20, .initial_backoff = 50ms, .max_backoff = 500ms});
    ASSERT_TRUE(opened);
    auto& db = **opened;
    const std::string thread = uuid4();
    ASSERT_TRUE(db.create_step(step_in(thread, "before")));

    ASSERT_TRUE(server.kill());
    // The server comes back a second later; the write in between waits and succeeds.
    std::thread restarter([&] {
        std::this_thread::sleep_for(1s);
        EXPECT_TRUE(server.restart());
    });
    const auto t0 = clock::now();
    auto during = db.create_step(step_in(thread, "during"));
    const auto waited = clock::now() - t0;
    restarter.join();
    EXPECT_TRUE(during) << during.error().message();
    EXPECT_GE(waited, 500ms) << "the write waited for the server";

    auto t = db.get_thread(thread);
    ASSERT_TRUE(t && *t);
    ASSERT_EQ((*t)->steps.size(), 2u);
    EXPECT_EQ((*t)->steps[1].output, "during");

    // A batch interrupted by a crash half-way is replayed whole after the reconnect.
    std::thread again;
    int runs = 0;
    auto batch = db.write_batch([&](data_layer& d) -> result<void> {
        ++runs;
        for (int i = 0; i < 10; ++i) {
            if (runs == 1 && i == 5) {
                EXPECT_TRUE(server.kill());
                again = std::thread([&] {
                    std::this_thread::sleep_for(500ms);
                    EXPECT_TRUE(server.restart());
                });
            }
            if (auto r = d.create_step(step_in(thread, "batch")); !r)
                return r;
        }
        return {};
    });
    if (again.joinable())
        again.join();
    EXPECT_TRUE(batch);
    EXPECT_GE(runs, 2) << "replayed after the reconnect";
    EXPECT_EQ((*db.get_thread(thread))->steps.size(), 12u);
}

TEST(pg_fault, gives_up_with_an_error_when_the_server_stays_down) {
    pg_server server;
    const std::string url = server.start();
    ASSERT_FALSE(url.empty());
    auto opened = make_data_layer(
        url,
        {.max_retries = 2, .initial_backoff = 20ms, .max_backoff = 40ms, .connect_timeout = 2s});
    ASSERT_TRUE(opened);
    auto& db = **opened;
    ASSERT_TRUE(server.kill());
    auto r = db.create_step(step_in(uuid4(), "lost"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::unavailable) << "an error, not a silent drop";
    EXPECT_EQ(db.get_thread(uuid4()).error(), errc::unavailable);
    // Later calls recover once the server is back.
    ASSERT_TRUE(server.restart());
    const std::string thread = uuid4();
    EXPECT_TRUE(db.create_step(step_in(thread, "back")));
    EXPECT_TRUE(db.get_thread(thread)->has_value());
}

} // namespace
} // namespace chainlit::data::testing
