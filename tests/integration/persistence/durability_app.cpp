// A small persisted chat app for the durability and element tests (durability.test.mjs), run as
// a real process so that it can be killed with SIGKILL and started again on the same database.
//
//   durability_app serve --db URL --root DIR [--port N] [--root-path /PREFIX]
//       Serves on 127.0.0.1 (under /PREFIX if given) with the data layer at URL and app root
//       DIR. Before serving it makes sure the users `author` and `other` exist, then prints
//       one line:
//       "<port> <author token> <other token>" (JWTs for the auth cookie or a Bearer header).
//       Login is required (a password callback that refuses everyone: tokens only). Each user
//       message gets one reply inside the on_message run step; the message "element" also gets
//       a text element whose content is "element bytes for <message id>". A message with
//       attached files first gets "files <name>:<size>:<mime>,..." (what on_message was given);
//       the message "ask-file" first asks for a file (ask_file), then says "asked <names>".
//       For a chat taken over by another node (cluster.test.mjs): the message "count" adds one
//       to the user session's "count" and answers "count <n> resumed=<yes|no>" (yes once
//       on_chat_resume ran in this session); the message "hang" answers "hanging", then waits
//       60 s before its reply; the message "trickle" streams "t0 " ... "t59 " into one
//       message, a token every 10 ms, then sends it (a network blip in the middle of it).
//       The seed's websocket context, from any node of a cluster (cluster.test.mjs):
//       GET /relay/{session_id}/{action} finds the chat (websocket_session::find; 404
//       {"detail":"Session not found"}) and, by action: hello (sends "Hello World"), stream
//       (streams "a", "b", "c", then sends it), update (sends "draft", updates it to "final"),
//       remove (sends "temporary" and removes it), toast (a toast "hi"), ask (ask_user
//       "What is your name?", 10 s; answers "answer <text>" or "no answer"), seq?label=L&n=N
//       (sends "L 0" ... "L N-1"). It answers "sent".
//   durability_app integrity --db URL
//       SQLite: prints `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, exit 0 only if
//       the first is "ok" and the second is empty. PostgreSQL: prints `SELECT count(*) FROM
//       "Step"`, exit 0 if the query works.
// CHAINLIT_AUTH_SECRET is set to a fixed test secret unless the caller set one.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>
#include <libpq-fe.h>
#include <sqlite3.h>

namespace cl = chainlit;
using cl::test::arg;

namespace {

constexpr const char* test_secret = "durability-test-secret-0123456789-abcdefghijklmnop";

int sqlite_integrity(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::cerr << "cannot open " << path << ": " << sqlite3_errmsg(db) << "\n";
        sqlite3_close(db);
        return 1;
    }
    auto rows = [db](const char* sql) {
        std::vector<std::string> out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
            out.push_back(std::string("error: ") + sqlite3_errmsg(db));
            return out;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string line;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto* t = sqlite3_column_text(st, c);
                line += (c ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "");
            }
            out.push_back(line);
        }
        sqlite3_finalize(st);
        return out;
    };
    const auto integrity = rows("PRAGMA integrity_check");
    const auto fk = rows("PRAGMA foreign_key_check");
    sqlite3_close(db);
    for (const auto& l : integrity)
        std::cout << "integrity_check: " << l << "\n";
    for (const auto& l : fk)
        std::cout << "foreign_key_check: " << l << "\n";
    const bool ok = integrity.size() == 1 && integrity[0] == "ok" && fk.empty();
    std::cout << (ok ? "INTEGRITY OK" : "INTEGRITY FAILED") << std::endl;
    return ok ? 0 : 1;
}

int postgres_integrity(const std::string& url) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::cerr << "cannot connect: " << PQerrorMessage(c);
        PQfinish(c);
        return 1;
    }
    PGresult* r = PQexec(c, "SELECT count(*) FROM \"Step\"");
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok)
        std::cout << "steps: " << PQgetvalue(r, 0, 0) << "\nINTEGRITY OK" << std::endl;
    else
        std::cout << "count failed: " << PQerrorMessage(c) << "INTEGRITY FAILED" << std::endl;
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : 1;
}

/// The users the test logs in as, created on first start; their tokens carry their ids.
std::optional<std::pair<std::string, std::string>> tokens_for_test_users(const std::string& url) {
    auto db = cl::data::make_data_layer(url);
    if (!db) {
        std::cerr << "durability_app: " << db.error().message() << "\n";
        return std::nullopt;
    }
    std::vector<std::string> tokens;
    for (const char* name : {"author", "other"}) {
        cl::data::user u;
        u.identifier = name;
        auto p = (*db)->create_user(u);
        if (!p) {
            std::cerr << "durability_app: cannot create " << name << ": " << p.error().message()
                      << "\n";
            return std::nullopt;
        }
        cl::user token_user;
        token_user.identifier = name;
        tokens.push_back(cl::auth::create_jwt(token_user, std::getenv("CHAINLIT_AUTH_SECRET")));
    }
    return std::pair{tokens[0], tokens[1]};
}

cl::task<void> on_message(cl::context& ctx, cl::message m) {
    if (!m.files.empty()) {
        std::string seen = "files ";
        for (const auto& f : m.files)
            seen +=
                (seen.size() > 6 ? "," : "") + f.name + ":" + std::to_string(f.size) + ":" + f.mime;
        cl::message files(std::move(seen));
        co_await ctx.send(files);
    }
    if (m.content == "ask-file") {
        std::string prompt = "Send a file";
        auto got = co_await ctx.ask_file(std::move(prompt)); // default options
        std::string names = "asked";
        if (got)
            for (const auto& f : *got)
                names += " " + f.name;
        cl::message asked(std::move(names));
        co_await ctx.send(asked);
    }
    if (m.content == "count") {
        const int n = ctx.user_session().get<int>("count").value_or(0) + 1;
        ctx.user_session().set("count", n);
        const bool resumed = ctx.user_session().get<bool>("resumed").value_or(false);
        cl::message counted("count " + std::to_string(n) + " resumed=" + (resumed ? "yes" : "no"));
        co_await ctx.send(counted);
        co_return;
    }
    if (m.content == "trickle") {
        cl::message streamed;
        boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor);
        for (int i = 0; i < 60; ++i) {
            const std::string token = "t" + std::to_string(i) + " ";
            co_await ctx.stream_token(streamed, token);
            wait.expires_after(std::chrono::milliseconds(10));
            co_await wait.async_wait(boost::asio::use_awaitable);
        }
        co_await ctx.send(streamed);
        co_return;
    }
    if (m.content == "hang") {
        cl::message hanging("hanging");
        co_await ctx.send(hanging);
        boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor);
        wait.expires_after(std::chrono::seconds(60));
        co_await wait.async_wait(boost::asio::use_awaitable);
    }
    cl::message reply("ok " + m.id);
    if (m.content == "element")
        reply.elements.push_back(cl::element::text("note", "element bytes for " + m.id));
    co_await ctx.send(reply);
}

cl::task<cl::response> relay(cl::request& req) {
    auto session = co_await cl::websocket_session::find(std::string(req.path_param("session_id")));
    if (!session)
        co_return cl::response::json(404, {{"detail", "Session not found"}});
    auto ctx = cl::init_ws_context(*session);
    const auto action = req.path_param("action");
    if (action == "hello") {
        cl::message m("Hello World");
        co_await ctx.send(m);
    } else if (action == "stream") {
        cl::message m;
        for (const char* t : {"a", "b", "c"})
            co_await ctx.stream_token(m, t);
        co_await ctx.send(m);
    } else if (action == "update") {
        cl::message m("draft");
        co_await ctx.send(m);
        m.content = "final";
        co_await ctx.update(m);
    } else if (action == "remove") {
        cl::message m("temporary");
        co_await ctx.send(m);
        co_await ctx.remove(m);
    } else if (action == "toast") {
        ctx.toast("hi");
        co_await ctx.delivered(); // a toast is not awaited by itself
    } else if (action == "ask") {
        auto answer = co_await ctx.ask_user("What is your name?", std::chrono::seconds(10));
        co_return cl::response::text(answer ? "answer " + answer->content : "no answer");
    } else if (action == "seq") {
        const auto label = req.query_param("label").value_or("?");
        const int n = std::stoi(req.query_param("n").value_or("1"));
        for (int i = 0; i < n; ++i) {
            cl::message m(label + " " + std::to_string(i));
            co_await ctx.send(m);
        }
    } else {
        co_return cl::response::json(400, {{"detail", "unknown action"}});
    }
    co_return cl::response::text("sent");
}

int serve(int argc, char** argv) {
    const std::string url = arg(argc, argv, "--db");
    const std::string root = arg(argc, argv, "--root");
    if (url.empty() || root.empty()) {
        std::cerr << "usage: durability_app serve --db URL --root DIR [--port N] [--root-path P]\n";
        return 2;
    }
    auto tokens = tokens_for_test_users(url);
    if (!tokens)
        return 2;

    cl::app app;
    app.data_layer(url);
    app.password_auth_callback([](std::string, std::string) -> cl::task<std::optional<cl::user>> {
        co_return std::nullopt; // tokens only: login is required, nobody logs in by password
    });
    app.on_message(on_message);
    app.get("/relay/{session_id}/{action}", relay);
    app.on_chat_resume([](cl::context& ctx, boost::json::object) -> cl::task<void> {
        ctx.user_session().set("resumed", true);
        co_return;
    });

    cl::run_options o;
    o.host = "127.0.0.1";
    o.port = static_cast<unsigned short>(std::stoi(arg(argc, argv, "--port", "0")));
    o.threads = 2;
    o.access_log = false;
    o.app_root = root;
    o.root_path = arg(argc, argv, "--root-path");
    return cl::test::serve_until_signal(app, o, "durability_app", 2, [&] {
        std::cout << app.port() << " " << tokens->first << " " << tokens->second << std::endl;
    });
}

} // namespace

int main(int argc, char** argv) {
    ::setenv("CHAINLIT_AUTH_SECRET", test_secret, 0);
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "serve")
        return serve(argc, argv);
    if (cmd == "integrity") {
        const std::string url = arg(argc, argv, "--db");
        if (url.rfind("sqlite://", 0) == 0)
            return sqlite_integrity(url.substr(9));
        if (url.rfind("postgres", 0) == 0)
            return postgres_integrity(url);
    }
    std::cerr << "usage: durability_app serve --db URL --root DIR | integrity --db URL\n";
    return 2;
}
