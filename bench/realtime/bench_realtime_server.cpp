// The chat app bench/realtime/run measures: on_message sends one reply, "echo: <content>".
// Everything else is the chat layer as apps get it (sessions, task_start/task_end, the run step
// of on_message, first_interaction). Run it with
// `bench_realtime_server run --port N --threads 1 --no-access-log --headless`.
#include <chainlit/chainlit.hpp>

namespace cl = chainlit;

int main(int argc, char** argv) {
    cl::app app;
    app.on_message([](cl::context& ctx, cl::message msg) -> cl::task<void> {
        cl::message reply("echo: " + msg.content);
        co_await ctx.send(reply);
    });
    return app.main(argc, argv);
}
