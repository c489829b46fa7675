// The demo app that `make run` starts. It begins as the seed's first example: a plain custom
// endpoint beside the chat.
#include <chainlit/chainlit.hpp>

namespace cl = chainlit;

int main(int argc, char** argv) {
    cl::app app;
    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });
    return app.main(argc, argv);
}
