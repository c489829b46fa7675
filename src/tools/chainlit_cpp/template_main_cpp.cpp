// The main.cpp of a new project: the hooks a chat needs and the seed's custom endpoint, with
// no Boost header (cl::sleep from chainlit/core/async.hpp, through chainlit.hpp).
#include "templates.hpp"

namespace chainlit::tools::templates {

const std::string_view main_cpp =
    R"tpl(// @NAME@: a chainlit-cpp app. `./build/@NAME@` serves it at http://127.0.0.1:8000;
// `./build/@NAME@ run -w` rebuilds and reloads it on save.
#include <chainlit/chainlit.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace cl = chainlit;

namespace {

/// The reply cut into words (each keeps its trailing space), streamed one at a time.
std::vector<std::string> tokens_of(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        word.push_back(c);
        if (c == ' ') {
            out.push_back(word);
            word.clear();
        }
    }
    if (!word.empty())
        out.push_back(word);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    cl::app app;

    // A custom endpoint beside the chat: curl http://127.0.0.1:8000/hello
    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });

    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        cl::message hello("Hello! Say anything and I will echo it back, word by word.");
        co_await ctx.send(hello);
    });

    app.on_message([](cl::context& ctx, cl::message msg) -> cl::task<void> {
        const std::vector<std::string> tokens = tokens_of("You said: " + msg.content);
        cl::message reply;
        for (const std::string& token : tokens) {
            co_await ctx.stream_token(reply, token);
            co_await cl::sleep(std::chrono::milliseconds(30)); // stands in for a model's pace
        }
        co_await ctx.send(reply); // ends the stream
    });

    return app.main(argc, argv); // run (default), init, create-secret, token, --help
}
)tpl";

} // namespace chainlit::tools::templates
