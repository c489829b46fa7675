// The socket is authenticated from the cookie of its handshake (spec A.3, D.3): a raw Engine.IO
// polling exchange, so the refusal packet is checked byte for byte.
#include "auth_support.hpp"

#include "chainlit/auth/jwt.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::auth_test;

namespace {

using header_list = std::vector<std::pair<std::string, std::string>>;

/// Opens an Engine.IO session with `headers` on the handshake, sends the Socket.IO CONNECT and
/// returns the server's answer packets.
std::string connect_answer(unsigned short port, const header_list& headers) {
    http_client c(port);
    auto open = c.get("/ws/socket.io/?EIO=4&transport=polling", headers);
    EXPECT_EQ(open.result_int(), 200);
    const auto& body = open.body();
    EXPECT_EQ(body.front(), '0') << body;
    auto o = json::parse(std::string_view(body).substr(1)).as_object();
    const std::string sid(o.at("sid").as_string());
    const std::string q = "/ws/socket.io/?EIO=4&transport=polling&sid=" + sid;
    auto sent = c.request(bhttp::verb::post, q, R"(40{"sessionId":"s-)" + sid + R"("})",
                          {{"Content-Type", "text/plain;charset=UTF-8"}});
    EXPECT_EQ(sent.body(), "ok");
    return c.get(q).body();
}

constexpr std::string_view refused = R"(44{"message":"authentication failed"})";

std::string token_for(const std::string& who) {
    user u;
    u.identifier = who;
    return auth::create_jwt(u, test_secret);
}

} // namespace

TEST(socket_auth, login_required_cookie_only) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret).unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("sock");
    app a;
    a.password_auth_callback(
        [](std::string, std::string) -> task<std::optional<user>> { co_return std::nullopt; });
    running_app run(a, root.path);
    EXPECT_EQ(connect_answer(run.port(), {}), refused);
    EXPECT_EQ(connect_answer(run.port(), {{"Cookie", "access_token=garbage"}}), refused);
    // Bearer is for HTTP routes only: the socket reads cookies.
    EXPECT_EQ(connect_answer(run.port(), {{"Authorization", "Bearer " + token_for("alice")}}),
              refused);
    const auto ok = connect_answer(run.port(), {{"Cookie", "access_token=" + token_for("alice")}});
    EXPECT_EQ(ok.rfind("40", 0), 0u) << ok;
    EXPECT_EQ(ok.find("authentication failed"), std::string::npos);
}

TEST(socket_auth, user_store_refusal_applies_to_the_socket) {
    env_guard env;
    env.set("CHAINLIT_AUTH_SECRET", test_secret).unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("sockstore");
    app a;
    a.password_auth_callback(
        [](std::string, std::string) -> task<std::optional<user>> { co_return std::nullopt; });
    user_store s;
    s.resolve = [](user u) -> task<std::optional<user>> {
        if (u.identifier == "alice")
            co_return u;
        co_return std::nullopt;
    };
    a.set_user_store(std::move(s));
    running_app run(a, root.path);
    EXPECT_EQ(connect_answer(run.port(), {{"Cookie", "access_token=" + token_for("ghost")}}),
              refused);
    EXPECT_EQ(connect_answer(run.port(), {{"Cookie", "access_token=" + token_for("alice")}})
                  .rfind("40", 0),
              0u);
}

TEST(socket_auth, anonymous_when_login_is_not_required) {
    env_guard env;
    env.unset("CHAINLIT_AUTH_SECRET").unset("CHAINLIT_CUSTOM_AUTH");
    temp_root root("sockanon");
    app a;
    running_app run(a, root.path);
    EXPECT_EQ(connect_answer(run.port(), {}).rfind("40", 0), 0u);
}
