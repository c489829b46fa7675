// The seed's custom endpoints: plain HTTP, an HTTP context, reaching a live chat from outside,
// and an endpoint protected by the same token the UI login issues. See README.md for curl calls.
#include <chainlit/chainlit.hpp>

namespace cl = chainlit;

int main(int argc, char** argv) {
    cl::app app;

    // 1. A plain endpoint next to the chat.
    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });

    // 2. An HTTP context: what it sends is persisted (when a data layer is on) but reaches no
    //    browser; the HTTP response is what the caller gets.
    app.get("/hello-http", [](cl::request& req) -> cl::task<cl::response> {
        auto ctx = cl::init_http_context(req);
        cl::message m("Hello World");
        co_await ctx.send(m);
        co_return cl::response::text("Hello World");
    });

    // 3. Reaching a live chat from outside: the browser's session id (shown at chat start).
    //    find() is get_by_id() that also reaches, in a cluster (CHAINLIT_REDIS_URL), a chat
    //    connected to another node; it throws a 503 when the session directory is down.
    app.get("/hello/{session_id}", [](cl::request& req) -> cl::task<cl::response> {
        auto session =
            co_await cl::websocket_session::find(std::string(req.path_param("session_id")));
        if (!session)
            co_return cl::response::json(404, {{"detail", "Session not found"}});
        auto ctx = cl::init_ws_context(*session);
        cl::message m("Hello World");
        co_await ctx.send(m);
        co_return cl::response::html("Data sent to the websocket client");
    });

    // 4. Authenticated: the user comes from the auth cookie or `Authorization: Bearer <token>`,
    //    signed with CHAINLIT_AUTH_SECRET (e.g. by `custom_endpoints token --identifier alice`).
    //    Without a valid token: 401 {"detail":"Invalid authentication token"}.
    app.get("/hello-auth", [](cl::request&, const cl::user& user) -> cl::task<cl::response> {
        co_return cl::response::text("Hello " + user.identifier);
    });

    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        const auto& id = ctx.session().id();
        cl::log().info("chat started, session id {}", id);
        cl::message m("Your session id is `" + id + "`. Try `curl http://127.0.0.1:8000/hello/" +
                      id + "`.");
        co_await ctx.send(m);
    });

    return app.main(argc, argv);
}
