// The demo app that `make run` starts: a chat that streams its replies, thinks in nested
// steps, attaches an element, offers an action button and asks a question, plus the seed's
// first custom endpoint.
#include <chainlit/chainlit.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cl = chainlit;

namespace {

cl::task<void> pause(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        cur.push_back(c);
        if (c == ' ') {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    cl::app app;

    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });

    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        cl::message hi("Hello! I am a **C++** chat. Say anything and I will echo it back, "
                       "word by word. Type `ask` to be asked a question.");
        cl::action a;
        a.name = "show_time";
        a.label = "What time is it?";
        hi.actions.push_back(a);
        co_await ctx.send(hi);
    });

    app.on_action("show_time", [](cl::context& ctx, cl::action) -> cl::task<cl::json::value> {
        cl::message m("It is " + cl::iso_now() + " (UTC).");
        co_await ctx.send(m);
        co_return cl::json::value("ok");
    });

    app.on_message([](cl::context& ctx, cl::message msg) -> cl::task<void> {
        if (msg.content == "ask") {
            auto answer = co_await ctx.ask_user("What is your name?", std::chrono::seconds(60));
            cl::message reply(answer ? "Nice to meet you, " + answer->content + "!"
                                     : "No answer: never mind.");
            co_await ctx.send(reply);
            co_return;
        }
        cl::step think;
        think.name = "Thinking";
        think.type = "tool";
        think.input = msg.content;
        co_await ctx.run_step(think, [&](cl::context& c, cl::step& outer) -> cl::task<void> {
            cl::step count;
            count.name = "Counting words";
            count.type = "tool";
            co_await c.run_step(count, [&](cl::context&, cl::step& inner) -> cl::task<void> {
                inner.output = std::to_string(words_of(msg.content).size()) + " words";
                co_return;
            });
            outer.output = "Echoing the message back.";
        });
        cl::message reply;
        for (const auto& w : words_of("You said: " + msg.content)) {
            co_await ctx.stream_token(reply, w);
            co_await pause(std::chrono::milliseconds(30));
        }
        reply.elements.push_back(cl::element::text("echo.txt", msg.content, "inline"));
        co_await ctx.send(reply);
    });

    return app.main(argc, argv);
}
