// OAuth routes and on_logout without a provider on the network: configuration decisions, the
// start redirect, refusals before any provider call, and on_logout's failure path. The whole
// flow against a real OpenID Connect provider is tests/node/oauth/oauth.test.mjs.
#include "auth_support.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::auth_test;

namespace {

json::value parse(const std::string& s) {
    return json::parse(s);
}

void github_env(env_guard& env) {
    env.set("CHAINLIT_AUTH_SECRET", test_secret)
        .set("OAUTH_GITHUB_CLIENT_ID", "gh-id")
        .set("OAUTH_GITHUB_CLIENT_SECRET", "gh-secret")
        .unset("CHAINLIT_URL")
        .unset("OAUTH_PROMPT")
        .unset("OAUTH_GITHUB_PROMPT")
        .unset("CHAINLIT_STATE_COOKIE_LIFETIME");
}

void accept_everyone(app& a) {
    a.oauth_callback([](std::string, std::string, json::object,
                        user u) -> task<std::optional<user>> { co_return u; });
}

} // namespace

TEST(oauth_config, provider_variables_without_a_callback_leave_oauth_off) {
    env_guard env;
    github_env(env);
    env.unset("CHAINLIT_AUTH_SECRET");
    temp_root root("oauth_nocb");
    app a;
    running_app run(a, root.path); // no secret needed: login is not required
    EXPECT_FALSE(a.require_login());
    http_client c(run.port());
    auto cfg = c.request(bhttp::verb::get, "/auth/config");
    EXPECT_EQ(parse(cfg.body()).at("oauthProviders"), json::array{});
    auto start = c.request(bhttp::verb::get, "/auth/oauth/github");
    EXPECT_EQ(start.result_int(), 400);
    EXPECT_EQ(parse(start.body()), parse(R"({"detail":"No oauth_callback defined"})"));
}

TEST(oauth_config, callback_and_provider_require_login_and_the_secret) {
    env_guard env;
    github_env(env);
    env.unset("CHAINLIT_AUTH_SECRET");
    temp_root root("oauth_nosecret");
    app a;
    accept_everyone(a);
    EXPECT_THROW(a.start(test_options(root.path)), config_error);
}

TEST(oauth_config, bad_state_lifetime_stops_start_up) {
    env_guard env;
    github_env(env);
    env.set("CHAINLIT_STATE_COOKIE_LIFETIME", "soon");
    temp_root root("oauth_lifetime");
    app a;
    accept_everyone(a);
    EXPECT_THROW(a.start(test_options(root.path)), config_error);
}

TEST(oauth_start, redirects_to_github_with_state_cookie) {
    env_guard env;
    github_env(env);
    temp_root root("oauth_start");
    app a;
    accept_everyone(a);
    running_app run(a, root.path);
    EXPECT_TRUE(a.require_login());
    http_client c(run.port());
    auto cfg = c.request(bhttp::verb::get, "/auth/config");
    EXPECT_EQ(parse(cfg.body()).at("oauthProviders"), (json::array{"github"}));

    auto r = c.request(bhttp::verb::get, "/auth/oauth/github", "", {{"Host", "chat.test:8000"}});
    ASSERT_EQ(r.result_int(), 302) << r.body();
    const std::string location(r[bhttp::field::location]);
    EXPECT_TRUE(location.starts_with("https://github.com/login/oauth/authorize?client_id=gh-id&"
                                     "redirect_uri=http%3A%2F%2Fchat.test%3A8000%2Fauth%2Foauth%"
                                     "2Fgithub%2Fcallback&state="))
        << location;
    EXPECT_NE(location.find("&scope=user%3Aemail"), std::string::npos) << location;
    const auto sc = set_cookie_for(r, "oauth_state");
    ASSERT_FALSE(sc.empty());
    EXPECT_EQ(cookie_value(sc).size(), 32u);
    EXPECT_NE(location.find("state=" + cookie_value(sc)), std::string::npos);
    EXPECT_NE(sc.find("HttpOnly"), std::string::npos) << sc;
    EXPECT_NE(sc.find("Max-Age=180"), std::string::npos) << sc;

    // Two starts, two states.
    auto again = c.request(bhttp::verb::get, "/auth/oauth/github", "", {{"Host", "chat.test"}});
    EXPECT_NE(cookie_value(set_cookie_for(again, "oauth_state")), cookie_value(sc));
}

TEST(oauth_start, chainlit_url_and_root_path) {
    env_guard env;
    github_env(env);
    env.set("CHAINLIT_URL", "https://public.test/");
    temp_root root("oauth_url");
    app a;
    accept_everyone(a);
    auto opts = test_options(root.path);
    opts.root_path = "/chat";
    running_app run(a, opts);
    http_client c(run.port());
    auto r = c.request(bhttp::verb::get, "/chat/auth/oauth/github");
    ASSERT_EQ(r.result_int(), 302) << r.body();
    const std::string location(r[bhttp::field::location]);
    EXPECT_NE(location.find("redirect_uri=https%3A%2F%2Fpublic.test%2Fchat%2Fauth%2Foauth%2F"
                            "github%2Fcallback&"),
              std::string::npos)
        << location;
}

TEST(oauth_callback, duplicated_state_cookies_with_different_values_are_refused) {
    env_guard env;
    github_env(env);
    temp_root root("oauth_dup");
    app a;
    accept_everyone(a);
    running_app run(a, root.path);
    http_client c(run.port());
    auto r = c.request(bhttp::verb::get, "/auth/oauth/github/callback?code=c&state=abc", "",
                       {{"Cookie", "oauth_state=abc; oauth_state=evil"}});
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_NE(r.body().find("state does not match"), std::string::npos) << r.body();
    EXPECT_NE(set_cookie_for(r, "oauth_state").find("Max-Age=0"), std::string::npos);
}

TEST(oauth_callback, provider_error_redirects_to_login_under_root_path) {
    env_guard env;
    github_env(env);
    temp_root root("oauth_err");
    app a;
    accept_everyone(a);
    auto opts = test_options(root.path);
    opts.root_path = "/chat";
    running_app run(a, opts);
    http_client c(run.port());
    auto r =
        c.request(bhttp::verb::get, "/chat/auth/oauth/github/callback?error=access_denied&state=x",
                  "", {{"Host", "chat.test"}});
    ASSERT_EQ(r.result_int(), 302);
    EXPECT_EQ(r[bhttp::field::location], "http://chat.test/chat/login?error=access_denied");
}

TEST(on_logout, runs_before_the_cookies_are_cleared_and_a_failure_still_logs_out) {
    env_guard env;
    github_env(env);
    temp_root root("oauth_logout");
    app a;
    accept_everyone(a);
    int calls = 0;
    a.on_logout([&calls](const request& req, response&) -> task<void> {
        ++calls;
        if (req.cookie("access_token"))
            throw std::runtime_error("hook failed on purpose");
        co_return;
    });
    running_app run(a, root.path);
    http_client c(run.port());
    auto r = c.request(bhttp::verb::post, "/logout", "{}",
                       {{"Content-Type", "application/json"}, {"Cookie", "access_token=a"}});
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_EQ(parse(r.body()), parse(R"({"success": true})"));
    EXPECT_NE(set_cookie_for(r, "access_token").find("Max-Age=0"), std::string::npos);
}
