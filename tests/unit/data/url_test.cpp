#include "chainlit/data/data_layer.hpp"

#include "chainlit/core/ids.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace chainlit;
using namespace chainlit::data;

TEST(data_url, rejects_unknown_and_malformed_urls) {
    for (const char* bad :
         {"", "mysql://x/y", "sqlite:", "sqlite://", "sqlite:///", "file.db", "postgresq://h/db"}) {
        auto r = make_data_layer(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error(), errc::invalid_argument) << bad;
    }
}

TEST(data_url, opens_sqlite_absolute_relative_and_memory) {
    const auto dir = std::filesystem::temp_directory_path() / ("chainlit-url-" + uuid4());
    auto abs = make_data_layer("sqlite://" + (dir / "nested" / "a.db").string());
    ASSERT_TRUE(abs);
    EXPECT_EQ((*abs)->engine(), "sqlite");
    EXPECT_TRUE(std::filesystem::exists(dir / "nested" / "a.db")) << "parent folders created";

    const auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir);
    auto rel = make_data_layer("sqlite://rel/b.db");
    std::filesystem::current_path(cwd);
    ASSERT_TRUE(rel);
    EXPECT_TRUE(std::filesystem::exists(dir / "rel" / "b.db"));

    auto mem = make_data_layer("sqlite::memory:");
    ASSERT_TRUE(mem);
    ASSERT_TRUE((*mem)->create_user({.identifier = "m"}));
    EXPECT_TRUE((*mem)->get_user("m")->has_value());
    (*abs)->close();
    (*rel)->close();
    std::filesystem::remove_all(dir);
}

TEST(data_url, redacts_passwords) {
    EXPECT_EQ(redact_url("postgresql://bob:s3cret@db:5432/app"),
              "postgresql://bob:***@db:5432/app");
    EXPECT_EQ(redact_url("postgresql://bob@db/app"), "postgresql://bob@db/app");
    EXPECT_EQ(redact_url("postgresql://db/app?x=a@b"), "postgresql://db/app?x=a@b");
    EXPECT_EQ(redact_url("sqlite:///x.db"), "sqlite:///x.db");
}

TEST(data_url, unreachable_postgres_is_a_clear_error) {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    auto r = make_data_layer("postgresql://nobody:pw@127.0.0.1:1/db");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::unavailable);
}
