#include "chainlit/auth/cookies.hpp"

#include "chainlit/auth/error.hpp"
#include "chainlit/auth/jwt.hpp"

#include <gtest/gtest.h>
#include <map>

using namespace chainlit::auth;
using namespace std::chrono_literals;

namespace {

env_lookup fake_env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& k) -> std::optional<std::string> {
        if (auto it = vars.find(k); it != vars.end())
            return it->second;
        return std::nullopt;
    };
}

std::vector<std::string> names(const std::vector<set_cookie>& cookies) {
    std::vector<std::string> out;
    for (const auto& c : cookies)
        out.push_back(c.name);
    return out;
}

cookie_list as_request(const std::vector<set_cookie>& cookies) {
    cookie_list out;
    for (const auto& c : cookies)
        out.emplace_back(c.name, c.value);
    return out;
}

std::string token_of(std::size_t n) {
    std::string t;
    for (std::size_t i = 0; i < n; ++i)
        t.push_back(static_cast<char>('a' + i % 26));
    return t;
}

} // namespace

TEST(auth_cookie_settings, defaults) {
    auto s = cookie_settings_from_env(fake_env({}));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "access_token");
    EXPECT_EQ(s->same_site, same_site::lax);
    EXPECT_EQ(s->path, "/");
    EXPECT_EQ(s->max_age, 1'296'000s);
}

TEST(auth_cookie_settings, from_environment) {
    auto s = cookie_settings_from_env(fake_env({{"CHAINLIT_AUTH_COOKIE_NAME", "my_tok"},
                                                {"CHAINLIT_COOKIE_SAMESITE", "None"},
                                                {"CHAINLIT_AUTH_COOKIE_PATH", "/chat"}}));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "my_tok");
    EXPECT_EQ(s->same_site, same_site::none);
    EXPECT_EQ(s->path, "/chat");
    EXPECT_EQ(
        cookie_settings_from_env(fake_env({{"CHAINLIT_COOKIE_SAMESITE", "STRICT"}}))->same_site,
        same_site::strict);
    EXPECT_EQ(cookie_settings_from_env(fake_env({{"CHAINLIT_AUTH_COOKIE_NAME", ""}}))->name,
              "access_token");
}

TEST(auth_cookie_settings, rejects_bad_values) {
    EXPECT_EQ(
        cookie_settings_from_env(fake_env({{"CHAINLIT_COOKIE_SAMESITE", "sometimes"}})).error(),
        auth_errc::invalid_setting);
    for (const char* bad : {"a b", "a;b", "a=b", "tok\x01", "t\xc3\xa9"})
        EXPECT_EQ(cookie_settings_from_env(fake_env({{"CHAINLIT_AUTH_COOKIE_NAME", bad}})).error(),
                  auth_errc::invalid_setting)
            << bad;
}

TEST(auth_cookie_attributes, secure_rules) {
    cookie_settings s;
    auto a = auth_cookie_attributes(s, false);
    EXPECT_TRUE(a.http_only);
    EXPECT_FALSE(a.secure);
    EXPECT_EQ(a.same_site, same_site::lax);
    EXPECT_EQ(a.max_age, 1'296'000s);
    EXPECT_EQ(a.path, "/");
    EXPECT_TRUE(auth_cookie_attributes(s, true).secure);
    s.same_site = same_site::none;
    EXPECT_TRUE(auth_cookie_attributes(s, false).secure);
    s.same_site = same_site::strict;
    EXPECT_FALSE(auth_cookie_attributes(s, false).secure);
    EXPECT_EQ(auth_cookie_attributes(s, false).same_site, same_site::strict);
}

TEST(auth_plan_cookies, short_token_is_one_cookie) {
    cookie_settings s;
    const auto token = token_of(cookie_chunk_size);
    auto plan = plan_auth_cookies(token, s, {}, false);
    ASSERT_EQ(plan.set.size(), 1u);
    EXPECT_EQ(plan.set[0].name, "access_token");
    EXPECT_EQ(plan.set[0].value, token);
    EXPECT_EQ(plan.set[0].attributes, auth_cookie_attributes(s, false));
    EXPECT_TRUE(plan.remove.empty());
}

TEST(auth_plan_cookies, long_token_is_chunked_by_3000) {
    cookie_settings s;
    const auto token = token_of(7000);
    auto plan = plan_auth_cookies(token, s, {}, true);
    EXPECT_EQ(names(plan.set),
              (std::vector<std::string>{"access_token_0", "access_token_1", "access_token_2"}));
    EXPECT_EQ(plan.set[0].value.size(), 3000u);
    EXPECT_EQ(plan.set[1].value.size(), 3000u);
    EXPECT_EQ(plan.set[2].value.size(), 1000u);
    EXPECT_TRUE(plan.set[2].attributes.secure);
    EXPECT_EQ(plan.set[0].value + plan.set[1].value + plan.set[2].value, token);
    EXPECT_EQ(names(plan_auth_cookies(token_of(3001), s, {}, false).set),
              (std::vector<std::string>{"access_token_0", "access_token_1"}));
}

TEST(auth_plan_cookies, removes_leftovers_only) {
    cookie_settings s;
    const cookie_list request = {{"access_token", "old"},     {"access_token_0", "a"},
                                 {"access_token_1", "b"},     {"access_token_2", "c"},
                                 {"access_token_3", "d"},     {"access_token_3", "d"},
                                 {"access_token_extra", "x"}, {"session", "s"}};
    auto plan = plan_auth_cookies(token_of(4000), s, request, false);
    EXPECT_EQ(names(plan.set), (std::vector<std::string>{"access_token_0", "access_token_1"}));
    EXPECT_EQ(names(plan.remove),
              (std::vector<std::string>{"access_token", "access_token_2", "access_token_3"}));
    for (const auto& r : plan.remove) {
        EXPECT_EQ(r.value, "");
        EXPECT_EQ(r.attributes.max_age, 0s);
        EXPECT_EQ(r.attributes.path, s.path);
    }
    // Going back to a short token removes every chunk.
    auto back = plan_auth_cookies("short", s, request, false);
    EXPECT_EQ(names(back.remove), (std::vector<std::string>{"access_token_0", "access_token_1",
                                                            "access_token_2", "access_token_3"}));
}

TEST(auth_plan_logout, removes_every_prefixed_cookie_once) {
    cookie_settings s;
    const cookie_list request = {{"access_token", "t"},
                                 {"access_token_0", "a"},
                                 {"access_token", "t"},
                                 {"access_token_extra", "x"},
                                 {"other", "o"}};
    auto out = plan_logout_cookies(s, request, true);
    EXPECT_EQ(names(out),
              (std::vector<std::string>{"access_token", "access_token_0", "access_token_extra"}));
    EXPECT_TRUE(out[0].attributes.secure);
    EXPECT_EQ(out[0].attributes.max_age, 0s);
}

TEST(auth_read_token, unchunked_first) {
    const cookie_list request = {
        {"access_token_0", "chunk"}, {"access_token", "whole"}, {"x", "y"}};
    EXPECT_EQ(read_auth_token(request, "access_token").value(), "whole");
}

TEST(auth_read_token, joins_chunks_until_gap) {
    const cookie_list request = {{"access_token_1", "BB"},
                                 {"access_token_0", "AA"},
                                 {"access_token_3", "DD"},
                                 {"access_token_2", "CC"},
                                 {"access_token_5", "FF"}};
    EXPECT_EQ(read_auth_token(request, "access_token").value(), "AABBCCDD");
}

TEST(auth_read_token, round_trips_a_plan) {
    cookie_settings s{.name = "tok"};
    for (std::size_t n : {1u, 2999u, 3000u, 3001u, 9000u, 12345u}) {
        const auto token = token_of(n);
        auto plan = plan_auth_cookies(token, s, {}, false);
        EXPECT_EQ(read_auth_token(as_request(plan.set), "tok").value(), token) << n;
    }
}

TEST(auth_read_token, missing) {
    EXPECT_EQ(read_auth_token({}, "access_token").error(), auth_errc::missing_token);
    EXPECT_EQ(
        read_auth_token({{"access_token_1", "x"}, {"access_tokenx", "y"}}, "access_token").error(),
        auth_errc::missing_token);
    // Empty values count as absent, as in Chainlit.
    EXPECT_EQ(read_auth_token({{"access_token", ""}}, "access_token").error(),
              auth_errc::missing_token);
    EXPECT_EQ(
        read_auth_token({{"access_token", ""}, {"access_token_0", "c"}}, "access_token").value(),
        "c");
}

TEST(auth_read_token, duplicated_cookie_with_different_values_is_ambiguous) {
    EXPECT_EQ(
        read_auth_token({{"access_token", "a"}, {"access_token", "b"}}, "access_token").error(),
        auth_errc::ambiguous_cookie);
    EXPECT_EQ(
        read_auth_token({{"access_token_0", "a"}, {"access_token_1", "b"}, {"access_token_1", "c"}},
                        "access_token")
            .error(),
        auth_errc::ambiguous_cookie);
    // The same value twice (one cookie on two paths) is harmless.
    EXPECT_EQ(
        read_auth_token({{"access_token", "a"}, {"access_token", "a"}}, "access_token").value(),
        "a");
}

TEST(auth_read_token, caps_joined_size) {
    cookie_list request;
    for (int i = 0; i < 10; ++i)
        request.emplace_back("access_token_" + std::to_string(i), std::string(3000, 'x'));
    EXPECT_EQ(read_auth_token(request, "access_token").error(), auth_errc::token_too_large);
    EXPECT_EQ(
        read_auth_token({{"access_token", std::string(max_token_size + 1, 'x')}}, "access_token")
            .error(),
        auth_errc::token_too_large);
}
