// The app the attacker's tests (tests/integration/security/*.test.mjs) run as a real process:
// two users who log in through `POST /login` against the database, thread sharing on, replies
// that carry an action button and an element, an ask, and an authenticated custom endpoint
// that writes into a thread its caller names (the way an app might).
//
//   security_app serve --db URL --root DIR [--creates-users]
//       Creates alice and bob (passwords "alice-password", "bob-password") unless they exist,
//       writes DIR/.chainlit/config.toml (sharing on; with --creates-users also
//       `jwt_login_creates_users = true`), serves on 127.0.0.1, prints "<port>".
//         on_message "ask": asks ("Say something") and then says "answered: <text>";
//         anything else: "echo: <text>" with an action `act` (payload {"n":1}) and a text
//         element "note"; action `act` says "acted" and returns {"ok":true}.
//         POST /notify?thread=ID (authenticated): init_http_context(req, user, ID) sends
//         "note from <identifier>"; answers {"thread": ID}.
//   security_app remove-user --db URL NAME      data_layer::delete_user (exit 0 if removed)
//   security_app token --identifier NAME [--iat-offset S]
//       A JWT for NAME signed with the test secret, issued S seconds from now.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/auth/password.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <fstream>
#include <iostream>

namespace cl = chainlit;
using cl::test::arg;

namespace {

constexpr const char* test_secret = "security-test-secret-0123456789-abcdefghijklmnopq";

bool ensure_users(const std::string& url) {
    auto db = cl::data::make_data_layer(url);
    if (!db) {
        std::cerr << "security_app: " << db.error().message() << "\n";
        return false;
    }
    for (const char* name : {"alice", "bob"}) {
        if (auto found = (*db)->get_user(name); found && *found)
            continue;
        auto hash = cl::auth::hash_password(std::string(name) + "-password");
        if (!hash || !(*db)->create_user({.identifier = name}) ||
            !(*db)->set_password_hash(name, *hash)) {
            std::cerr << "security_app: cannot create " << name << "\n";
            return false;
        }
    }
    return true;
}

cl::task<void> on_message(cl::context& ctx, cl::message m) {
    if (m.content == "ask") {
        std::string prompt = "Say something";
        auto answer = co_await ctx.ask_user(std::move(prompt));
        cl::message said("answered: " + (answer ? answer->content : std::string("nothing")));
        co_await ctx.send(said);
        co_return;
    }
    cl::message reply("echo: " + m.content);
    cl::action act;
    act.name = "act";
    act.label = "Act";
    act.payload = cl::json::object{{"n", 1}};
    reply.actions.push_back(act);
    reply.elements.push_back(cl::element::text("note", "bytes for " + m.id));
    co_await ctx.send(reply);
}

int serve(int argc, char** argv) {
    const std::string url = arg(argc, argv, "--db");
    const std::string root = arg(argc, argv, "--root");
    if (url.empty() || root.empty()) {
        std::cerr << "usage: security_app serve --db URL --root DIR [--creates-users]\n";
        return 2;
    }
    if (!ensure_users(url))
        return 2;
    std::filesystem::create_directories(std::filesystem::path(root) / ".chainlit");
    std::ofstream(std::filesystem::path(root) / ".chainlit" / "config.toml")
        << (cl::test::flag(argc, argv, "--creates-users")
                ? "[project]\njwt_login_creates_users = true\n"
                : "")
        << "[features]\nallow_thread_sharing = true\n";

    cl::app app;
    app.data_layer(url);
    app.database_password_auth();
    app.on_message(on_message);
    app.on_chat_resume([](cl::context&, cl::json::object) -> cl::task<void> { co_return; });
    app.on_shared_thread_view([](cl::json::object, std::optional<cl::user>) -> cl::task<bool> {
        co_return false; // only threads their author marked shared
    });
    app.on_action("act", [](cl::context& ctx, cl::action) -> cl::task<cl::json::value> {
        cl::message acted("acted");
        co_await ctx.send(acted);
        co_return cl::json::object{{"ok", true}};
    });
    app.post("/notify", [](cl::request& req, const cl::user& u) -> cl::task<cl::response> {
        const std::string thread(req.query_param("thread").value_or(""));
        auto ctx = cl::init_http_context(req, u, thread);
        cl::message note("note from " + u.identifier);
        co_await ctx.send(note);
        co_return cl::response::json(cl::json::object{{"thread", ctx.session().thread_id()}});
    });

    cl::run_options o;
    o.port = 0;
    o.threads = 2;
    o.access_log = false;
    o.app_root = root;
    return cl::test::serve_until_signal(app, o, "security_app", 2,
                                        [&] { std::cout << app.port() << std::endl; });
}

} // namespace

int main(int argc, char** argv) {
    ::setenv("CHAINLIT_AUTH_SECRET", test_secret, 0);
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "serve")
        return serve(argc, argv);
    if (cmd == "remove-user" && argc > 4) {
        auto db = cl::data::make_data_layer(arg(argc, argv, "--db"));
        auto removed = db ? (*db)->delete_user(argv[argc - 1]) : cl::result<bool>(false);
        return removed && *removed ? 0 : 1;
    }
    if (cmd == "token") {
        cl::user u;
        u.identifier = arg(argc, argv, "--identifier");
        const auto offset = std::chrono::seconds(std::stoll(arg(argc, argv, "--iat-offset", "0")));
        std::cout << cl::auth::create_jwt(u, std::getenv("CHAINLIT_AUTH_SECRET"),
                                          std::chrono::hours(1),
                                          std::chrono::system_clock::now() + offset)
                  << std::endl;
        return 0;
    }
    std::cerr << "usage: security_app serve|remove-user|token (see the file's header)\n";
    return 2;
}
