// The app bench/http/run measures: the hello example's route plus a small JSON endpoint with
// no auth, so the figures are the HTTP layer's and not JWT's. Run it with
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
    return app.main(argc, argv);
}
