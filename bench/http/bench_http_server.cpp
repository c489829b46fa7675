// The app bench/http/run measures: the hello example's route, a small JSON endpoint with no
// auth (the HTTP layer's figures), and a protected endpoint (the seed's authenticated custom
// endpoint: Bearer JWT, HS256, CHAINLIT_AUTH_SECRET). Run it with
// `bench_http_server run --port N --threads 1 --no-access-log`.
#include <chainlit/chainlit.hpp>

namespace cl = chainlit;

int main(int argc, char** argv) {
    cl::app app;
    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });
    app.get("/json", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::json(cl::json::object{{"message", "Hello World"}, {"id", 1}});
    });
    app.get("/protected",
            [](cl::request&, const cl::user& user) -> cl::task<cl::response> {
                co_return cl::response::json(cl::json::object{{"identifier", user.identifier}});
            });
    return app.main(argc, argv);
}
