// SQLite-only behaviour: migrations, durability settings, and batched write throughput.
#include "chainlit/data/data_layer.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/time.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

using namespace chainlit;
using namespace chainlit::data;

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class sqlite_engine : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("chainlit-sqlite-" + uuid4());
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "chainlit.db").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Reads a PRAGMA through a separate plain connection.
    std::string pragma(const char* name) {
        sqlite3* db = nullptr;
        sqlite3_open(path_.c_str(), &db);
        std::string out;
        sqlite3_exec(
            db, (std::string("PRAGMA ") + name).c_str(),
            [](void* p, int, char** v, char**) {
                *static_cast<std::string*>(p) = v[0] ? v[0] : "";
                return 0;
            },
            &out, nullptr);
        sqlite3_close(db);
        return out;
    }

    std::filesystem::path dir_;
    std::string path_;
};

TEST_F(sqlite_engine, migrates_once_and_uses_wal) {
    {
        auto db = open_sqlite(path_);
        ASSERT_TRUE(db);
        ASSERT_TRUE((*db)->create_user({.identifier = "kept"}));
    }
    EXPECT_EQ(pragma("user_version"), "2");
    EXPECT_EQ(pragma("journal_mode"), "wal");
    auto again = open_sqlite(path_);
    ASSERT_TRUE(again) << "re-opening a migrated database is a no-op";
    EXPECT_TRUE((*again)->get_user("kept")->has_value());
    EXPECT_EQ(pragma("user_version"), "2");
    EXPECT_EQ(pragma("integrity_check"), "ok");
}

TEST_F(sqlite_engine, refuses_a_file_that_is_not_a_database) {
    {
        std::FILE* f = std::fopen(path_.c_str(), "w");
        std::fputs("this is not an SQLite database, just some text that is long enough", f);
        std::fclose(f);
    }
    auto db = open_sqlite(path_);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error(), errc::unavailable);
}

// Speed is bench/'s business (no timed assertions in tests): this checks that 50,000 batched
// steps land intact, and prints the rate seen as information only.
TEST_F(sqlite_engine, fifty_thousand_batched_steps_land_intact) {
    auto opened = open_sqlite(path_);
    ASSERT_TRUE(opened);
    auto& db = **opened;
    constexpr int threads = 20, per_thread = 2500, batch = 500;
    std::vector<step_dict> steps;
    steps.reserve(threads * per_thread);
    for (int t = 0; t < threads; ++t) {
        const std::string thread = uuid4();
        for (int i = 0; i < per_thread; ++i) {
            step_dict s;
            s.id = uuid4();
            s.thread_id = thread;
            s.type = i % 2 ? "assistant_message" : "user_message";
            s.name = "Assistant";
            s.output = "a typical chat message of a few dozen bytes, #" + std::to_string(i);
            s.created_at = iso_now();
            s.metadata = json::object{};
            steps.push_back(std::move(s));
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    for (std::size_t i = 0; i < steps.size(); i += batch) {
        auto r = db.write_batch([&](data_layer& d) -> result<void> {
            for (std::size_t j = i; j < std::min(steps.size(), i + batch); ++j)
                if (auto w = d.create_step(steps[j]); !w)
                    return w;
            return {};
        });
        ASSERT_TRUE(r);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    const double rate = steps.size() / seconds, cpu_rate = steps.size() / cpu;
    std::printf("[ figure ] sqlite: %zu steps in %.3f s wall (%.0f steps/s), %.3f s CPU "
                "(%.0f steps/s per core), batches of %d\n",
                steps.size(), seconds, rate, cpu, cpu_rate, batch);
    RecordProperty("steps_per_second", std::to_string(rate));
    RecordProperty("steps_per_cpu_second", std::to_string(cpu_rate));
    std::size_t stored = 0;
    for (std::size_t i = 0; i < steps.size(); i += per_thread) {
        auto t = db.get_thread(*steps[i].thread_id);
        ASSERT_TRUE(t && *t);
        stored += (*t)->steps.size();
    }
    EXPECT_EQ(stored, steps.size());
    EXPECT_EQ(pragma("integrity_check"), "ok");
}

} // namespace
