#include "chainlit/auth/user.hpp"

#include "chainlit/auth/error.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::auth;

TEST(auth_user, plain_user_json_has_null_display_name_and_no_persisted_keys) {
    user u{.identifier = "alice", .metadata = {{"provider", "credentials"}}};
    const auto o = to_json(u);
    EXPECT_EQ(
        json::serialize(o),
        R"({"identifier":"alice","display_name":null,"metadata":{"provider":"credentials"}})");
    EXPECT_FALSE(u.persisted());
}

TEST(auth_user, persisted_user_json_adds_id_and_created_at) {
    user u{.identifier = "bob",
           .display_name = "Bob",
           .id = "0b8c",
           .created_at = "2024-01-01T00:00:00.000000Z"};
    const auto o = to_json(u);
    EXPECT_EQ(o.at("display_name"), "Bob");
    EXPECT_EQ(o.at("id"), "0b8c");
    EXPECT_EQ(o.at("createdAt"), "2024-01-01T00:00:00.000000Z");
    EXPECT_TRUE(o.at("metadata").is_object());
    EXPECT_TRUE(u.persisted());
}

TEST(auth_user, json_round_trip) {
    user u{.identifier = "carol",
           .display_name = "Carol",
           .metadata = {{"image", "https://x/y.png"}, {"n", 3}},
           .id = "id-1",
           .created_at = "2024-05-01T10:00:00.000000Z"};
    auto back = user_from_json(to_json(u));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, u);
}

TEST(auth_user, from_json_defaults_optional_fields) {
    auto u = user_from_json(json::parse(R"({"identifier":"d"})").as_object());
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "d");
    EXPECT_FALSE(u->display_name);
    EXPECT_TRUE(u->metadata.empty());
    EXPECT_FALSE(u->id);
}

TEST(auth_user, from_json_rejects_missing_or_bad_identifier) {
    auto err = [](const char* text) {
        return user_from_json(json::parse(text).as_object()).error();
    };
    EXPECT_EQ(err(R"({"metadata":{}})"), auth_errc::missing_claim);
    EXPECT_EQ(err(R"({"identifier":null})"), auth_errc::missing_claim);
    EXPECT_EQ(err(R"({"identifier":""})"), auth_errc::missing_claim);
    EXPECT_EQ(err(R"({"identifier":42})"), auth_errc::invalid_claim);
    EXPECT_EQ(err(R"({"identifier":"x","metadata":"no"})"), auth_errc::invalid_claim);
    EXPECT_EQ(err(R"({"identifier":"x","display_name":7})"), auth_errc::invalid_claim);
}
