// The app the UI performance test (tests/e2e/perf.test.mjs, bench/ui/run) drives:
//  - at start, when CHAINLIT_PERF_SEED_USER names an existing user, it stores one thread of
//    CHAINLIT_PERF_SEED_MESSAGES (default 1,000) messages for that user through the data layer,
//    so the browser can resume it from the history;
//  - the message "stream N R" streams N tokens ("w0 w1 ...", a paragraph every 50) at R tokens
//    per second on a fixed
//    schedule, then reports the schedule's start and the last token's send time (epoch ms), so
//    the browser can tell how far behind the stream its rendering was.
// Run from an empty folder: it keeps its SQLite database in ./.chainlit/.
#include <chainlit/chainlit.hpp>

#include <chainlit/auth/secret.hpp>
#include <chainlit/core/ids.hpp>
#include <chainlit/data/data_layer.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cl = chainlit;
namespace fs = std::filesystem;

namespace {

constexpr int max_seed_messages = 100'000;
constexpr int max_stream_tokens = 100'000;
constexpr int max_stream_rate = 20'000;

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// ISO 8601 UTC with milliseconds, for `ms` since the epoch.
std::string iso_of(std::int64_t ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64]; // room for any int fields, so the format is never truncated
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
}

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

/// What a seeded message says: short markdown, a list, and now and then a code block, so the
/// browser renders what a real chat holds.
std::string seeded_text(int i) {
    if (i % 2 == 0)
        return "Question " + std::to_string(i / 2 + 1) + ": how does part " + std::to_string(i) +
               " of the system behave under load?";
    std::string s = "Answer " + std::to_string(i / 2 + 1) + ". Part **" + std::to_string(i - 1) +
                    "** keeps working:\n\n- it reads the *request*\n- it writes the `reply`\n\n"
                    "That is all there is to it, and it scales with the number of cores.";
    if (i % 25 == 1)
        s += "\n\n```cpp\nint part_" + std::to_string(i) + "() { return " + std::to_string(i) +
             "; }\n```";
    return s;
}

/// Stores the long thread for `identifier`. Returns false (and says why) when it cannot.
bool seed_thread(const std::string& identifier, int count) {
    auto db = cl::data::make_data_layer("sqlite://.chainlit/chainlit.db");
    if (!db) {
        std::cerr << "perf_app: cannot open the database\n";
        return false;
    }
    auto user = (*db)->get_user(identifier);
    if (!user || !*user) {
        std::cerr << "perf_app: no user '" << identifier << "' to seed a thread for\n";
        return false;
    }
    const std::string thread_id = cl::uuid4();
    cl::data::thread_update t;
    t.name = "Long thread (" + std::to_string(count) + " messages)";
    t.user_id = (**user).id;
    const std::int64_t base = epoch_ms() - count * 1000LL;
    auto write = [&](cl::data::data_layer& d) -> cl::result<void> {
        if (auto r = d.update_thread(thread_id, t); !r)
            return r;
        for (int i = 0; i < count; ++i) {
            cl::data::step_dict s;
            s.id = cl::uuid4();
            s.thread_id = thread_id;
            s.type = i % 2 == 0 ? "user_message" : "assistant_message";
            s.name = i % 2 == 0 ? identifier : "Assistant";
            s.output = seeded_text(i);
            s.created_at = s.start = s.end = iso_of(base + i * 1000LL);
            if (auto r = d.create_step(s); !r)
                return r;
        }
        return {};
    };
    if (auto r = (*db)->write_batch(write); !r) {
        std::cerr << "perf_app: seeding failed: " << r.error().message() << "\n";
        return false;
    }
    std::cout << "perf_app: seeded thread " << thread_id << " with " << count << " messages\n"
              << std::flush;
    return true;
}

/// Parses "stream N R"; nullopt unless both are in range.
std::optional<std::pair<int, int>> parse_stream(const std::string& text) {
    std::istringstream in(text);
    std::string word;
    int n = 0, rate = 0;
    if (!(in >> word >> n >> rate) || word != "stream")
        return std::nullopt;
    if (n < 1 || n > max_stream_tokens || rate < 1 || rate > max_stream_rate)
        return std::nullopt;
    return std::make_pair(n, rate);
}

bool is_serving(int argc, char** argv) {
    if (argc < 2)
        return true;
    const std::string cmd = argv[1];
    return cmd == "run" || (cmd.rfind("--", 0) == 0 && cmd != "--version" && cmd != "--help");
}

} // namespace

int main(int argc, char** argv) {
    fs::create_directories(".chainlit");
    if (!std::getenv("CHAINLIT_AUTH_SECRET")) {
        const auto secret = cl::auth::create_secret();
        ::setenv("CHAINLIT_AUTH_SECRET", secret.c_str(), 1);
    }
    cl::app app;
    app.data_layer("sqlite://.chainlit/chainlit.db");
    app.database_password_auth();

    if (is_serving(argc, argv)) {
        const char* seed_user = std::getenv("CHAINLIT_PERF_SEED_USER");
        const int count = env_int("CHAINLIT_PERF_SEED_MESSAGES", 1000);
        if (seed_user && *seed_user) {
            if (count < 1 || count > max_seed_messages) {
                std::cerr << "perf_app: CHAINLIT_PERF_SEED_MESSAGES must be 1.."
                          << max_seed_messages << "\n";
                return 2;
            }
            if (!seed_thread(seed_user, count))
                return 1;
        }
    }

    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        cl::message hi("Performance test app: say `stream N R` to get N tokens at R per second.");
        co_await ctx.send(hi);
    });
    app.on_chat_resume([](cl::context&, cl::json::object) -> cl::task<void> { co_return; });

    app.on_message([](cl::context& ctx, cl::message msg) -> cl::task<void> {
        const auto spec = parse_stream(msg.content);
        if (!spec) {
            cl::message usage("Say `stream N R`: N tokens (1.." +
                              std::to_string(max_stream_tokens) + ") at R per second (1.." +
                              std::to_string(max_stream_rate) + ").");
            co_await ctx.send(usage);
            co_return;
        }
        const int n = spec->first;
        const int rate = spec->second;
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
        cl::message reply;
        const auto start = std::chrono::steady_clock::now();
        const std::int64_t start_ms = epoch_ms();
        std::int64_t last_ms = start_ms;
        // A fixed schedule (token k at start + k/R): when the timer fires late, the tokens due
        // meanwhile go out at once, so the rate holds on average.
        for (int k = 0; k < n; ++k) {
            const auto due = start + std::chrono::microseconds(k * 1'000'000LL / rate);
            if (due > std::chrono::steady_clock::now()) {
                timer.expires_at(due);
                co_await timer.async_wait(boost::asio::use_awaitable);
            }
            // A paragraph every 50 tokens, as a model's answer has.
            const std::string token = "w" + std::to_string(k) + (k % 50 == 49 ? "\n\n" : " ");
            co_await ctx.stream_token(reply, token);
            last_ms = epoch_ms();
        }
        co_await ctx.send(reply);
        cl::message done("stream done: tokens=" + std::to_string(n) +
                         " rate=" + std::to_string(rate) + " start_ms=" + std::to_string(start_ms) +
                         " last_ms=" + std::to_string(last_ms));
        co_await ctx.send(done);
    });

    return app.main(argc, argv);
}
