// The auth routes of spec C.1 and authenticated custom routes, over real HTTP.
#include "auth_support.hpp"

#include "chainlit/auth/jwt.hpp"

#include <fstream>
#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::auth_test;

namespace {

json::value parse(const std::string& s) {
    return json::parse(s);
}

void add_password_login(app& a) {
    a.password_auth_callback([](std::string name, std::string pw) -> task<std::optional<user>> {
        if (name == "alice" && pw == "wonderland") {
            user u;
            u.identifier = "alice";
            u.display_name = "Alice";
            u.metadata = json::object{{"provider", "credentials"}, {"role", "admin"}};
            co_return u;
        }
        co_return std::nullopt;
    });
}

void add_hello_auth(app& a) {
    a.get("/hello-auth", [](request&, const user& u) -> task<response> {
        co_return response::text("Hello " + u.identifier);
    });
}

std::string token_for(const std::string& identifier, const std::string& secret = test_secret) {
    user u;
    u.identifier = identifier;
    return auth::create_jwt(u, secret);
}

} // namespace

TEST(auth_config, without_login) {
    env_guard env;
    env.unset("CHAINLIT_AUTH_SECRET").unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("cfg0");
    app a;
    running_app run(a, root.path);
    auto r = http_client(run.port()).get("/auth/config");
    ASSERT_EQ(r.result_int(), 200);
    auto v = parse(r.body()).as_object();
    EXPECT_EQ(v.at("requireLogin"), false);
    EXPECT_EQ(v.at("passwordAuth"), false);
    EXPECT_EQ(v.at("headerAuth"), false);
    EXPECT_TRUE(v.at("oauthProviders").as_array().empty());
    EXPECT_EQ(v.at("default_theme"), "dark");
    const auto& ui = v.at("ui").as_object();
    EXPECT_TRUE(ui.contains("login_page_image"));
    EXPECT_TRUE(ui.contains("login_page_image_filter"));
    EXPECT_TRUE(ui.contains("login_page_image_dark_filter"));
    EXPECT_FALSE(a.require_login());
    // /user is null when login is not required (spec C.1).
    auto u = http_client(run.port()).get("/user");
    EXPECT_EQ(u.result_int(), 200);
    EXPECT_EQ(u.body(), "null");
}

TEST(auth_config, with_callbacks_and_ui_keys) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("cfg1");
    fs::create_directories(root.path / ".chainlit");
    std::ofstream(root.path / ".chainlit" / "config.toml")
        << "[UI]\ndefault_theme = \"light\"\nlogin_page_image = \"/public/login.png\"\n";
    app a;
    add_password_login(a);
    a.header_auth_callback(
        [](const request&) -> task<std::optional<user>> { co_return std::nullopt; });
    running_app run(a, root.path);
    auto v = parse(http_client(run.port()).get("/auth/config").body()).as_object();
    EXPECT_EQ(v.at("requireLogin"), true);
    EXPECT_EQ(v.at("passwordAuth"), true);
    EXPECT_EQ(v.at("headerAuth"), true);
    EXPECT_EQ(v.at("default_theme"), "light");
    EXPECT_EQ(v.at("ui").as_object().at("login_page_image"), "/public/login.png");
    EXPECT_TRUE(a.require_login());
}

TEST(login, success_sets_httponly_cookie_and_no_token_in_body) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("login");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    http_client c(run.port());
    auto r = c.request(bhttp::verb::post, "/login", urlencoded_login("alice", "wonderland"),
                       form_headers());
    ASSERT_EQ(r.result_int(), 200) << r.body();
    EXPECT_EQ(parse(r.body()), parse(R"({"success": true})"));
    const auto sc = set_cookie_for(r, "access_token");
    ASSERT_FALSE(sc.empty());
    EXPECT_NE(sc.find("HttpOnly"), std::string::npos);
    EXPECT_NE(sc.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(sc.find("Max-Age=1296000"), std::string::npos);
    EXPECT_NE(sc.find("Path=/"), std::string::npos);
    EXPECT_EQ(sc.find("Secure"), std::string::npos); // plain http, SameSite=Lax
    const auto token = cookie_value(sc);
    EXPECT_EQ(r.body().find(token), std::string::npos);
    EXPECT_EQ(r.body().find("eyJ"), std::string::npos);
    // The token is Chainlit's: decodes with the secret to the callback's user.
    auto u = auth::decode_jwt(token, test_secret);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "alice");
    EXPECT_EQ(u->display_name, "Alice");
    // The cookie authenticates /user.
    auto me = c.get("/user", {{"Cookie", cookie_header_from(r)}});
    ASSERT_EQ(me.result_int(), 200);
    auto o = parse(me.body()).as_object();
    EXPECT_EQ(o.at("identifier"), "alice");
    EXPECT_EQ(o.at("display_name"), "Alice");
    EXPECT_EQ(o.at("metadata").as_object().at("role"), "admin");
    EXPECT_EQ(me[bhttp::field::cache_control], "no-store");
}

TEST(login, multipart_form) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("mp");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice"
        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
        "wonderland\r\n--XyZ--\r\n";
    auto r = http_client(run.port())
                 .request(bhttp::verb::post, "/login", body,
                          {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
    EXPECT_EQ(r.result_int(), 200) << r.body();
    EXPECT_FALSE(set_cookie_for(r, "access_token").empty());
}

TEST(login, wrong_password_is_credentialssignin) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("wrong");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    auto r = http_client(run.port())
                 .request(bhttp::verb::post, "/login", urlencoded_login("alice", "nope"),
                          form_headers());
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_EQ(parse(r.body()), parse(R"({"detail":"credentialssignin"})"));
    EXPECT_TRUE(set_cookies(r).empty());
}

TEST(login, form_validation_and_missing_callback) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("val");
    app a;
    a.header_auth_callback(
        [](const request&) -> task<std::optional<user>> { co_return std::nullopt; });
    running_app run(a, root.path);
    http_client c(run.port());
    auto bad_grant =
        c.request(bhttp::verb::post, "/login",
                  "grant_type=client_credentials&username=a&password=b", form_headers());
    EXPECT_EQ(bad_grant.result_int(), 422);
    auto missing = c.request(bhttp::verb::post, "/login", "username=a", form_headers());
    EXPECT_EQ(missing.result_int(), 422);
    EXPECT_TRUE(parse(missing.body()).as_object().at("detail").is_array());
    auto json_body = c.request(bhttp::verb::post, "/login", R"({"username":"a"})",
                               {{"Content-Type", "application/json"}});
    EXPECT_EQ(json_body.result_int(), 422);
    auto no_cb = c.request(bhttp::verb::post, "/login", urlencoded_login("a", "b"), form_headers());
    EXPECT_EQ(no_cb.result_int(), 400);
    EXPECT_EQ(parse(no_cb.body()), parse(R"({"detail":"No auth_callback defined"})"));
}

TEST(user_route, requires_a_valid_token_when_login_is_required) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("user");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    http_client c(run.port());
    auto none = c.get("/user");
    EXPECT_EQ(none.result_int(), 401);
    EXPECT_EQ(parse(none.body()), parse(R"({"detail":"Invalid authentication token"})"));
    auto bearer = c.get("/user", {{"Authorization", "Bearer " + token_for("bob")}});
    EXPECT_EQ(bearer.result_int(), 200);
    EXPECT_EQ(parse(bearer.body()).as_object().at("identifier"), "bob");
    auto cookie = c.get("/user", {{"Cookie", "access_token=" + token_for("carol")}});
    EXPECT_EQ(parse(cookie.body()).as_object().at("identifier"), "carol");
    // Cookie first: a cookie and a Bearer header name different users; the cookie wins.
    auto both = c.get("/user", {{"Cookie", "access_token=" + token_for("carol")},
                                {"Authorization", "Bearer " + token_for("bob")}});
    EXPECT_EQ(parse(both.body()).as_object().at("identifier"), "carol");
    // A bad cookie does not fall back to a good Bearer header.
    auto bad_cookie = c.get("/user", {{"Cookie", "access_token=garbage"},
                                      {"Authorization", "Bearer " + token_for("bob")}});
    EXPECT_EQ(bad_cookie.result_int(), 401);
    // The built-in chat routes use the same check.
    EXPECT_EQ(c.get("/project/settings").result_int(), 401);
    EXPECT_EQ(
        c.get("/project/settings", {{"Cookie", "access_token=" + token_for("carol")}}).result_int(),
        200);
}

TEST(logout, clears_every_auth_cookie) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("logout");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    http_client c(run.port());
    auto r = c.request(bhttp::verb::post, "/logout", "{}",
                       {{"Content-Type", "application/json"},
                        {"Cookie", "access_token=a; access_token_0=b; access_token_1=c; other=x"}});
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_EQ(parse(r.body()), parse(R"({"success": true})"));
    for (auto name : {"access_token", "access_token_0", "access_token_1"}) {
        auto sc = set_cookie_for(r, name);
        ASSERT_FALSE(sc.empty()) << name;
        EXPECT_NE(sc.find("Max-Age=0"), std::string::npos) << sc;
        EXPECT_EQ(cookie_value(sc), "") << sc;
    }
    EXPECT_TRUE(set_cookie_for(r, "other").empty());
}

TEST(header_auth, login_through_a_proxy_header) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("hdr");
    app a;
    a.header_auth_callback([](const request& req) -> task<std::optional<user>> {
        auto who = req.header("x-forwarded-user");
        if (!who || who->empty())
            co_return std::nullopt;
        user u;
        u.identifier = std::string(*who);
        u.metadata = json::object{{"provider", "header"}};
        co_return u;
    });
    running_app run(a, root.path);
    http_client c(run.port());
    auto ok = c.request(bhttp::verb::post, "/auth/header", "{}",
                        {{"Content-Type", "application/json"}, {"X-Forwarded-User", "dave"}});
    ASSERT_EQ(ok.result_int(), 200) << ok.body();
    EXPECT_EQ(parse(ok.body()), parse(R"({"success": true})"));
    auto me = c.get("/user", {{"Cookie", cookie_header_from(ok)}});
    EXPECT_EQ(parse(me.body()).as_object().at("identifier"), "dave");
    auto refused = c.request(bhttp::verb::post, "/auth/header", "{}");
    EXPECT_EQ(refused.result_int(), 401);
    EXPECT_EQ(parse(refused.body()), parse(R"({"detail":"credentialssignin"})"));
    // /login has no callback here.
    EXPECT_EQ(c.request(bhttp::verb::post, "/login", urlencoded_login("a", "b"), form_headers())
                  .result_int(),
              400);
}

TEST(header_auth, no_callback_is_400) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("hdr0");
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    auto r = http_client(run.port()).request(bhttp::verb::post, "/auth/header", "{}");
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(parse(r.body()), parse(R"({"detail":"No header_auth_callback defined"})"));
}

TEST(jwt_route, exchanges_a_bearer_token_for_a_cookie) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret).set("CHAINLIT_CUSTOM_AUTH", "true");
    temp_root root("jwt");
    app a;
    running_app run(a, root.path);
    EXPECT_TRUE(a.require_login());
    http_client c(run.port());
    auto detail = [&](std::vector<std::pair<std::string, std::string>> h) {
        auto r = c.request(bhttp::verb::post, "/auth/jwt", "", std::move(h));
        EXPECT_EQ(r.result_int(), 401);
        return std::string(parse(r.body()).as_object().at("detail").as_string());
    };
    EXPECT_EQ(detail({}), "Authorization header missing");
    EXPECT_EQ(detail({{"Authorization", "Basic abc"}}),
              "Invalid authentication scheme. Please use Bearer");
    EXPECT_EQ(detail({{"Authorization", "Bearer"}}), "Invalid authorization header format");
    EXPECT_EQ(detail({{"Authorization", "Bearer a b"}}), "Invalid authorization header format");
    EXPECT_EQ(detail({{"Authorization", "Bearer not.a.token"}}), "Invalid token");
    EXPECT_EQ(detail({{"Authorization", "Bearer " + token_for("eve", std::string(40, 'x'))}}),
              "Invalid token");
    auto ok = c.request(bhttp::verb::post, "/auth/jwt", "",
                        {{"Authorization", "Bearer " + token_for("frank")}});
    ASSERT_EQ(ok.result_int(), 200);
    EXPECT_EQ(parse(ok.body()), parse(R"({"success": true})"));
    const auto fresh = cookie_value(set_cookie_for(ok, "access_token"));
    ASSERT_FALSE(fresh.empty());
    EXPECT_EQ(ok.body().find(fresh), std::string::npos);
    auto me = c.get("/user", {{"Cookie", "access_token=" + fresh}});
    EXPECT_EQ(parse(me.body()).as_object().at("identifier"), "frank");
}

TEST(cookies, secure_behind_https_proxy_and_with_samesite_none) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("sec");
    {
        app a;
        add_password_login(a);
        running_app run(a, root.path);
        auto headers = form_headers();
        headers.emplace_back("X-Forwarded-Proto", "https");
        auto r = http_client(run.port())
                     .request(bhttp::verb::post, "/login", urlencoded_login("alice", "wonderland"),
                              headers);
        auto sc = set_cookie_for(r, "access_token");
        EXPECT_NE(sc.find("Secure"), std::string::npos) << sc;
        EXPECT_NE(sc.find("SameSite=Lax"), std::string::npos) << sc;
    }
    {
        env.set("CHAINLIT_COOKIE_SAMESITE", "none").set("CHAINLIT_AUTH_COOKIE_NAME", "my_token");
        app a;
        add_password_login(a);
        running_app run(a, root.path);
        auto r = http_client(run.port())
                     .request(bhttp::verb::post, "/login", urlencoded_login("alice", "wonderland"),
                              form_headers());
        auto sc = set_cookie_for(r, "my_token");
        EXPECT_NE(sc.find("Secure"), std::string::npos) << sc;
        EXPECT_NE(sc.find("SameSite=None"), std::string::npos) << sc;
        auto me =
            http_client(run.port()).get("/user", {{"Cookie", "my_token=" + cookie_value(sc)}});
        EXPECT_EQ(me.result_int(), 200);
    }
}

TEST(cookies, long_tokens_are_chunked_and_leftovers_deleted) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("chunk");
    app a;
    a.password_auth_callback([](std::string name, std::string) -> task<std::optional<user>> {
        user u;
        u.identifier = name;
        if (name == "big")
            u.metadata = json::object{{"blob", std::string(5000, 'b')}};
        co_return u;
    });
    running_app run(a, root.path);
    http_client c(run.port());
    auto big = c.request(bhttp::verb::post, "/login", urlencoded_login("big", "x"), form_headers());
    ASSERT_EQ(big.result_int(), 200);
    EXPECT_FALSE(set_cookie_for(big, "access_token_0").empty());
    EXPECT_FALSE(set_cookie_for(big, "access_token_1").empty());
    EXPECT_TRUE(set_cookie_for(big, "access_token").empty());
    for (auto& sc : set_cookies(big))
        EXPECT_LE(cookie_value(sc).size(), 3000u);
    const auto jar = cookie_header_from(big);
    auto me = c.get("/user", {{"Cookie", jar}});
    ASSERT_EQ(me.result_int(), 200);
    EXPECT_EQ(parse(me.body()).as_object().at("identifier"), "big");
    // A later short login replaces the chunks: the leftovers are deleted.
    auto headers = form_headers();
    headers.emplace_back("Cookie", jar);
    auto small = c.request(bhttp::verb::post, "/login", urlencoded_login("small", "x"), headers);
    EXPECT_FALSE(set_cookie_for(small, "access_token").empty());
    for (auto name : {"access_token_0", "access_token_1"})
        EXPECT_NE(set_cookie_for(small, name).find("Max-Age=0"), std::string::npos) << name;
}

TEST(cookies, lifetime_follows_user_session_timeout) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("life");
    fs::create_directories(root.path / ".chainlit");
    std::ofstream(root.path / ".chainlit" / "config.toml")
        << "[project]\nuser_session_timeout = 600\n";
    app a;
    add_password_login(a);
    running_app run(a, root.path);
    auto r = http_client(run.port())
                 .request(bhttp::verb::post, "/login", urlencoded_login("alice", "wonderland"),
                          form_headers());
    const auto sc = set_cookie_for(r, "access_token");
    EXPECT_NE(sc.find("Max-Age=600"), std::string::npos) << sc;
    const auto token = cookie_value(sc);
    auto payload = auth::base64url_decode(
        token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1));
    ASSERT_TRUE(payload);
    auto claims = parse(*payload).as_object();
    EXPECT_EQ(claims.at("exp").to_number<long long>() - claims.at("iat").to_number<long long>(),
              600);
    EXPECT_TRUE(claims.contains("identifier"));
    EXPECT_TRUE(claims.contains("display_name"));
    EXPECT_TRUE(claims.contains("metadata"));
}

TEST(startup, refuses_a_missing_or_short_secret_when_login_is_required) {
    temp_root root("start");
    auto expect_refusal = [&](auto configure, const std::string& why) {
        app a;
        configure(a);
        try {
            a.start(test_options(root.path));
            a.stop();
            a.wait();
            ADD_FAILURE() << "start should have failed: " << why;
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find("create-secret"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("CHAINLIT_AUTH_SECRET"), std::string::npos);
        }
    };
    {
        env_guard env;
        env.unset("CHAINLIT_AUTH_SECRET").unset("CHAINLIT_CUSTOM_AUTH");
        expect_refusal([](app& a) { add_password_login(a); }, "password callback, no secret");
        expect_refusal(
            [](app& a) {
                a.header_auth_callback(
                    [](const request&) -> task<std::optional<user>> { co_return std::nullopt; });
            },
            "header callback, no secret");
        env.set("CHAINLIT_CUSTOM_AUTH", "1");
        expect_refusal([](app&) {}, "CHAINLIT_CUSTOM_AUTH, no secret");
    }
    {
        env_guard env;
        env.set("CHAINLIT_AUTH_SECRET", "too-short-secret").unset("CHAINLIT_CUSTOM_AUTH");
        expect_refusal([](app& a) { add_password_login(a); }, "short secret");
        expect_refusal([](app&) {}, "a set secret must be strong even without login");
    }
    {
        // No callback and no secret: the app starts (login not required).
        env_guard env;
        env.unset("CHAINLIT_AUTH_SECRET").set("CHAINLIT_CUSTOM_AUTH", "false");
        app a;
        a.start(test_options(root.path));
        EXPECT_FALSE(a.require_login());
        a.stop();
        a.wait();
    }
}

TEST(startup, main_exits_2_with_a_hint) {
    env_guard env;
    env.unset("CHAINLIT_AUTH_SECRET").unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("main");
    env.set("CHAINLIT_APP_ROOT", root.path.string());
    app a;
    add_password_login(a);
    std::string args[] = {"app", "run", "--port", "0", "--no-access-log"};
    char* argv[] = {args[0].data(), args[1].data(), args[2].data(), args[3].data(), args[4].data()};
    testing::internal::CaptureStderr();
    const int code = a.main(5, argv);
    const auto err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, 2);
    EXPECT_NE(err.find("create-secret"), std::string::npos) << err;
}

TEST(custom_route, authenticated_handler_gets_the_user) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret).unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("custom");
    app a; // no login callback: the route is still protected by the same JWT
    add_hello_auth(a);
    a.post("/echo-auth", [](request& req, const user& u) -> task<response> {
        co_return response::text(u.identifier + ":" + req.body());
    });
    running_app run(a, root.path);
    EXPECT_FALSE(a.require_login());
    http_client c(run.port());
    auto none = c.get("/hello-auth");
    EXPECT_EQ(none.result_int(), 401);
    EXPECT_EQ(parse(none.body()), parse(R"({"detail":"Invalid authentication token"})"));
    auto bearer = c.get("/hello-auth", {{"Authorization", "Bearer " + token_for("alice")}});
    EXPECT_EQ(bearer.result_int(), 200);
    EXPECT_EQ(bearer.body(), "Hello alice");
    auto cookie = c.get("/hello-auth", {{"Cookie", "access_token=" + token_for("bob")}});
    EXPECT_EQ(cookie.body(), "Hello bob");
    auto post = c.request(bhttp::verb::post, "/echo-auth", "hi",
                          {{"Authorization", "bearer " + token_for("carol")}});
    EXPECT_EQ(post.body(), "carol:hi");
    EXPECT_EQ(c.request(bhttp::verb::post, "/echo-auth", "hi").result_int(), 401);
    // Login not required: /user stays null even with a token (Chainlit's get_current_user).
    EXPECT_EQ(c.get("/user", {{"Authorization", "Bearer " + token_for("alice")}}).body(), "null");
}

TEST(custom_route, no_secret_means_401) {
    env_guard env;
    env.unset("CHAINLIT_AUTH_SECRET").unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("nosecret");
    app a;
    add_hello_auth(a);
    running_app run(a, root.path);
    auto r = http_client(run.port())
                 .get("/hello-auth", {{"Authorization", "Bearer " + token_for("alice")}});
    EXPECT_EQ(r.result_int(), 401);
}

TEST(user_store, resolve_refuses_unknown_users_and_on_login_records) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret);
    temp_root root("store");
    auto logins = std::make_shared<std::vector<std::string>>();
    app a;
    add_password_login(a);
    add_hello_auth(a);
    user_store s;
    s.resolve = [](user u) -> task<std::optional<user>> {
        if (u.identifier != "alice")
            co_return std::nullopt; // not in the store
        u.id = "id-alice";
        u.created_at = "2024-01-01T00:00:00.000Z";
        co_return u;
    };
    s.on_login = [logins](const user& u) -> task<void> {
        logins->push_back(u.identifier);
        co_return;
    };
    a.set_user_store(std::move(s));
    running_app run(a, root.path);
    http_client c(run.port());
    auto ghost = token_for("ghost");
    EXPECT_EQ(c.get("/hello-auth", {{"Authorization", "Bearer " + ghost}}).result_int(), 401);
    EXPECT_EQ(c.get("/user", {{"Cookie", "access_token=" + ghost}}).result_int(), 401);
    auto me = c.get("/user", {{"Cookie", "access_token=" + token_for("alice")}});
    ASSERT_EQ(me.result_int(), 200);
    auto o = parse(me.body()).as_object();
    EXPECT_EQ(o.at("id"), "id-alice");
    EXPECT_EQ(o.at("createdAt"), "2024-01-01T00:00:00.000Z");
    auto login = c.request(bhttp::verb::post, "/login", urlencoded_login("alice", "wonderland"),
                           form_headers());
    EXPECT_EQ(login.result_int(), 200);
    ASSERT_EQ(logins->size(), 1u);
    EXPECT_EQ(logins->front(), "alice");
}
