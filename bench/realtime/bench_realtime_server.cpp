// The chat app bench/realtime/run and bench/agents/run measure. on_message sends one reply,
// "echo: <content>"; for "stream N" it streams N tokens ("tok "), 10 ms apart (100 tokens/s),
// as an LLM would, then ends the message. Everything else is the chat layer as apps get it
// (sessions, task_start/task_end, the run step of on_message, first_interaction).
// POST /direct {"text"} runs the same on_message logic in an HTTP context and answers its
// reply: the peer of the built-in /v1/chat/completions for its overhead (bench/agents).
// Run it with `bench_realtime_server run --port N --threads 1 --no-access-log --headless`.
#include <chainlit/chainlit.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cl = chainlit;
namespace json = chainlit::json;

namespace {

cl::task<void> answer(cl::context& ctx, const std::string& text) {
    if (text.rfind("stream ", 0) == 0) {
        const int n = std::max(1, std::min(100'000, std::atoi(text.c_str() + 7)));
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
        cl::message reply;
        for (int i = 0; i < n; ++i) {
            timer.expires_after(std::chrono::milliseconds(10));
            co_await timer.async_wait(boost::asio::use_awaitable);
            co_await ctx.stream_token(reply, "tok ");
        }
        co_await ctx.send(reply);
        co_return;
    }
    cl::message reply("echo: " + text);
    co_await ctx.send(reply);
}

} // namespace

int main(int argc, char** argv) {
    cl::app app;
    app.on_message([](cl::context& ctx, cl::message msg) -> cl::task<void> {
        co_await answer(ctx, msg.content);
    });
    app.post("/direct", [](cl::request& req) -> cl::task<cl::response> {
        auto body = req.json();
        const auto* o = body ? body->if_object() : nullptr;
        const auto* t = o ? o->if_contains("text") : nullptr;
        if (!t || !t->is_string())
            co_return cl::response::error(422, "text is required");
        auto ctx = cl::init_http_context(req);
        const std::string text(t->as_string());
        co_await answer(ctx, text);
        co_return cl::response::json(json::object{{"reply", "echo: " + text}});
    });
    return app.main(argc, argv);
}
