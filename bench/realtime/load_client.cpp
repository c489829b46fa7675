// The load generator of bench/realtime: Engine.IO v4 over websocket + Socket.IO v5, spoken
// directly with Beast on one thread (pin it to a core of its own), so that it is not the
// bottleneck that a Node client would be.
//
// Each connection does what a Chainlit browser does:
//   GET <path>/?EIO=4&transport=websocket   (websocket upgrade)
//   <- 0{"sid":...,"pingInterval":...}
//   -> 40{"sessionId":"<uuid4>","clientType":"webapp"}
//   <- 40{"sid":...}
//   -> 42["connection_successful"]          and waits for `clear_call_fn` (the last of the
//                                           task_end/clear_ask/clear_call_fn answer)
// and answers every Engine.IO ping `2` with `3`.
//
// Phases, each bounded in time:
//   1. baseline: reads the server's VmRSS and RssAnon (/proc/<pid>/status) with no session
//      connected;
//   2. connect: opens --connections sessions, at most --parallel handshakes at a time;
//   3. settle (--settle s), then reads both again: (after - baseline) / connections is the
//      idle memory per connected session, in all (VmRSS) and anonymous only (RssAnon: heap
//      and stacks, without the file pages of code and libraries that come and go with the
//      page cache);
//   4. warm-up (--warmup s): the first --active connections run a closed loop: send
//      `42["client_message",{"message":{...}}]`, wait for the `new_message` whose output is
//      "echo: ...", then for `task_end`, then send the next. The rest stay idle (pings only);
//   5. measure (--duration s): same loop; the server's utime+stime (/proc/<pid>/stat) is read
//      at the start and the end of this window, and every round trip completed inside it is
//      counted. Latency = send of client_message -> arrival of the reply new_message;
//   6. drain: no new sends; waits (at most 5 s) for the messages in flight.
// Output: one tab-separated line (see the end of main) on stdout; progress on stderr. It
// includes this process's own CPU use in the window, to show it was not the bottleneck.
// Exit status 0 on success, 1 when a phase failed (connect errors, timeouts, disconnects).
//
// Usage: realtime_load_client --port P --server-pid PID [--host 127.0.0.1]
//        [--path /ws/socket.io] [--connections N] [--active K] [--parallel 64]
//        [--settle 2] [--warmup 3] [--duration 10] [--connect-timeout 180]
//        [--max-messages 20000000] [--stream TOKENS]
// --stream: each message is "stream TOKENS" and the server streams that many tokens back;
// the figures are then per token (msgs/s = tokens/s) and latency is the time to the first.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct options {
    std::string host = "127.0.0.1";
    std::string port;
    std::string path = "/ws/socket.io";
    int server_pid = 0;
    int connections = 100;
    int active = 100;
    int parallel = 64;
    double settle = 2;
    double warmup = 3;
    double duration = 10;
    double connect_timeout = 180;
    std::size_t max_messages = 20'000'000;
    /// > 0: each message asks for a streamed answer of this many tokens ("stream N"); tokens
    /// are counted instead of round trips, latency is the time to the first token.
    int stream = 0;
};

enum class phase { connect, idle, warmup, measure, drain, done };

std::mt19937_64& rng() {
    static std::mt19937_64 r{std::random_device{}()};
    return r;
}

std::string uuid4() {
    std::uint64_t a = rng()(), b = rng()();
    a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

// utime + stime of a process, in clock ticks.
long long cpu_ticks(int pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto close = s.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream in(s.substr(close + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; in >> field; ++i) { // field 3 is the state, right after ") "
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return utime + stime;
}

// A /proc/<pid>/status field in KiB ("VmRSS:", "RssAnon:").
long long status_kib(int pid, std::string_view field) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(field, 0) == 0)
            return std::atoll(line.c_str() + field.size());
    return -1;
}

struct stats {
    phase ph = phase::connect;
    int connected = 0;         // sessions past connection_successful
    int failed = 0;            // connect failures
    int dropped = 0;           // connections lost after connecting
    int in_flight = 0;         // active connections waiting for a reply
    std::size_t completed = 0; // round trips completed inside the measured window
    std::size_t warm_completed = 0;
    std::size_t unexpected = 0; // replies whose content did not match
    std::vector<std::uint32_t> latencies_us;
};

struct connection : std::enable_shared_from_this<connection> {
    connection(asio::io_context& io, const options& o, stats& st, bool active)
        : ws(io), opts(o), st(st), active(active) {}

    websocket::stream<beast::tcp_stream> ws;
    const options& opts;
    stats& st;
    bool active;
    std::deque<std::string> outq;
    bool writing = false;
    bool waiting = false;   // a client_message is out
    bool got_reply = false; // its new_message arrived
    clock_type::time_point sent_at;
    std::string expected; // "echo: <text>" of the message in flight
    std::uint64_t seq = 0;

    void send(std::string m) {
        outq.push_back(std::move(m));
        if (writing)
            return;
        writing = true;
        asio::co_spawn(ws.get_executor(), write_loop(shared_from_this()), asio::detached);
    }

    static asio::awaitable<void> write_loop(std::shared_ptr<connection> self) {
        try {
            while (!self->outq.empty()) {
                co_await self->ws.async_write(asio::buffer(self->outq.front()),
                                              asio::use_awaitable);
                self->outq.pop_front();
            }
        } catch (const std::exception&) {
            self->outq.clear();
        }
        self->writing = false;
    }

    bool may_send() const {
        return active && (st.ph == phase::warmup || st.ph == phase::measure) &&
               st.completed + st.warm_completed < opts.max_messages;
    }

    void send_next() {
        if (waiting || !may_send())
            return;
        const std::string id = uuid4();
        const std::string text = opts.stream > 0 ? "stream " + std::to_string(opts.stream)
                                                 : "hello " + std::to_string(++seq);
        expected = "echo: " + text;
        std::string m = R"(42["client_message",{"message":{"id":")" + id +
                        R"(","threadId":"","name":"User","type":"user_message","output":")" + text +
                        R"(","createdAt":"2025-01-01T00:00:00.000Z","metadata":{}},)"
                        R"("fileReferences":[]}])";
        waiting = true;
        got_reply = false;
        ++st.in_flight;
        sent_at = clock_type::now();
        send(std::move(m));
    }

    // One Socket.IO EVENT (`42[...]`) from the server while the loop runs.
    void on_event(std::string_view msg) {
        if (!waiting)
            return;
        if (opts.stream > 0) {
            on_stream_event(msg);
            return;
        }
        if (msg.find("\"new_message\"") != std::string_view::npos &&
            msg.find("echo: ") != std::string_view::npos) {
            if (msg.find(expected) == std::string_view::npos)
                ++st.unexpected;
            if (!got_reply) {
                got_reply = true;
                if (st.ph == phase::measure) {
                    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                  clock_type::now() - sent_at)
                                  .count();
                    st.latencies_us.push_back(static_cast<std::uint32_t>(us));
                }
            }
        } else if (got_reply && msg.starts_with("42[\"task_end\"")) {
            waiting = false;
            --st.in_flight;
            if (st.ph == phase::measure)
                ++st.completed;
            else
                ++st.warm_completed;
            send_next();
        }
    }

    // --stream: stream_start and stream_token are the tokens; task_end ends the answer.
    void on_stream_event(std::string_view msg) {
        if (msg.starts_with("42[\"stream_start\"") || msg.starts_with("42[\"stream_token\"")) {
            if (!got_reply && st.ph == phase::measure) {
                auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() -
                                                                                sent_at)
                              .count();
                st.latencies_us.push_back(static_cast<std::uint32_t>(us));
            }
            got_reply = true;
            if (st.ph == phase::measure)
                ++st.completed;
            else
                ++st.warm_completed;
        } else if (got_reply && msg.starts_with("42[\"task_end\"")) {
            waiting = false;
            --st.in_flight;
            send_next();
        }
    }

    static asio::awaitable<void> run(std::shared_ptr<connection> self, tcp::endpoint ep,
                                     std::shared_ptr<int> slots) {
        auto& ws = self->ws;
        beast::flat_buffer buf;
        bool ready = false;
        try {
            beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(60));
            co_await beast::get_lowest_layer(ws).async_connect(ep, asio::use_awaitable);
            beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
            co_await ws.async_handshake(self->opts.host + ":" + self->opts.port,
                                        self->opts.path + "/?EIO=4&transport=websocket",
                                        asio::use_awaitable);
            beast::get_lowest_layer(ws).expires_never();
            ws.text(true);
            auto read = [&]() -> asio::awaitable<std::string_view> {
                buf.clear();
                co_await ws.async_read(buf, asio::use_awaitable);
                co_return std::string_view(static_cast<const char*>(buf.data().data()), buf.size());
            };
            // Engine.IO open, then Socket.IO CONNECT and its answer.
            auto open = co_await read();
            if (!open.starts_with("0{"))
                throw std::runtime_error("expected an Engine.IO open packet");
            self->send(R"(40{"sessionId":")" + uuid4() + R"(","clientType":"webapp"})");
            for (;;) {
                auto m = co_await read();
                if (m == "2") {
                    self->send("3");
                    continue;
                }
                if (m.starts_with("40"))
                    break;
                throw std::runtime_error("connect refused: " + std::string(m));
            }
            self->send(R"(42["connection_successful"])");
            for (;;) {
                auto m = co_await read();
                if (m == "2") {
                    self->send("3");
                    continue;
                }
                if (m.starts_with("42[\"clear_call_fn\""))
                    break;
            }
            ready = true;
            ++self->st.connected;
            ++*slots;
            if (self->st.ph == phase::warmup || self->st.ph == phase::measure)
                self->send_next();
            for (;;) {
                auto m = co_await read();
                if (m == "2")
                    self->send("3");
                else if (m.starts_with("42"))
                    self->on_event(m);
                else if (m.starts_with("41") || m.starts_with("1"))
                    throw std::runtime_error("closed by the server");
            }
        } catch (const std::exception& e) {
            if (self->st.ph == phase::done)
                co_return;
            if (!ready) {
                ++self->st.failed;
                ++*slots;
                if (self->st.failed <= 5)
                    std::cerr << "load_client: connect failed: " << e.what() << "\n";
            } else {
                ++self->st.dropped;
                if (self->waiting)
                    --self->st.in_flight;
                if (self->st.dropped <= 5)
                    std::cerr << "load_client: connection lost: " << e.what() << "\n";
            }
        }
    }
};

double percentile(std::vector<std::uint32_t>& v, double p) {
    if (v.empty())
        return 0;
    auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k] / 1000.0;
}

asio::awaitable<void> sleep_for(double seconds) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    t.expires_after(std::chrono::microseconds(static_cast<long long>(seconds * 1e6)));
    co_await t.async_wait(asio::use_awaitable);
}

struct result {
    bool ok = false;
    long long rss0 = 0, rss1 = 0, anon0 = 0, anon1 = 0, ticks = 0, own_ticks = 0;
    double seconds = 0;
};

asio::awaitable<void> controller(asio::io_context& io, const options& o, stats& st,
                                 std::vector<std::shared_ptr<connection>>& conns, result& r) {
    r.rss0 = status_kib(o.server_pid, "VmRSS:");
    r.anon0 = status_kib(o.server_pid, "RssAnon:");
    tcp::endpoint ep(asio::ip::make_address(o.host),
                     static_cast<unsigned short>(std::stoi(o.port)));
    auto slots = std::make_shared<int>(o.parallel);
    const auto connect_deadline =
        clock_type::now() +
        std::chrono::milliseconds(static_cast<long long>(o.connect_timeout * 1e3));
    const auto t_connect = clock_type::now();
    for (int i = 0; i < o.connections; ++i) {
        while (*slots <= 0) {
            if (clock_type::now() > connect_deadline)
                break;
            co_await sleep_for(0.001);
        }
        if (clock_type::now() > connect_deadline || st.failed > 0)
            break;
        --*slots;
        auto c = std::make_shared<connection>(io, o, st, i < o.active);
        conns.push_back(c);
        asio::co_spawn(io, connection::run(c, ep, slots), asio::detached);
    }
    while (st.connected + st.failed < static_cast<int>(conns.size()) &&
           clock_type::now() < connect_deadline)
        co_await sleep_for(0.01);
    const double connect_s = std::chrono::duration<double>(clock_type::now() - t_connect).count();
    std::cerr << "load_client: " << st.connected << " sessions connected in " << connect_s << " s ("
              << st.failed << " failed)\n";
    if (st.connected != o.connections) {
        st.ph = phase::done;
        co_return;
    }
    st.ph = phase::idle;
    co_await sleep_for(o.settle);
    r.rss1 = status_kib(o.server_pid, "VmRSS:");
    r.anon1 = status_kib(o.server_pid, "RssAnon:");

    st.ph = phase::warmup;
    for (auto& c : conns)
        c->send_next();
    co_await sleep_for(o.warmup);

    st.ph = phase::measure;
    const long long t0 = cpu_ticks(o.server_pid);
    const long long own0 = cpu_ticks(getpid());
    const auto start = clock_type::now();
    co_await sleep_for(o.duration);
    r.ticks = cpu_ticks(o.server_pid) - t0;
    r.own_ticks = cpu_ticks(getpid()) - own0;
    r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    st.ph = phase::drain;
    const auto drain_deadline = clock_type::now() + std::chrono::seconds(5);
    while (st.in_flight > 0 && clock_type::now() < drain_deadline)
        co_await sleep_for(0.005);
    // A stream still running after the window is fine: its tokens were not counted.
    r.ok = st.dropped == 0 && (o.stream > 0 || st.in_flight == 0) && st.unexpected == 0 &&
           st.completed > 0;
    st.ph = phase::done;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--host")
            o.host = v;
        else if (k == "--port")
            o.port = v;
        else if (k == "--path")
            o.path = v;
        else if (k == "--server-pid")
            o.server_pid = std::stoi(v);
        else if (k == "--connections")
            o.connections = std::stoi(v);
        else if (k == "--active")
            o.active = std::stoi(v);
        else if (k == "--parallel")
            o.parallel = std::stoi(v);
        else if (k == "--settle")
            o.settle = std::stod(v);
        else if (k == "--warmup")
            o.warmup = std::stod(v);
        else if (k == "--duration")
            o.duration = std::stod(v);
        else if (k == "--connect-timeout")
            o.connect_timeout = std::stod(v);
        else if (k == "--max-messages")
            o.max_messages = std::stoull(v);
        else if (k == "--stream")
            o.stream = std::stoi(v);
        else {
            std::cerr << "load_client: unknown option " << k << "\n";
            return 2;
        }
    }
    if (o.port.empty() || o.server_pid <= 0) {
        std::cerr << "usage: realtime_load_client --port P --server-pid PID [options]\n";
        return 2;
    }
    o.active = std::min(o.active, o.connections);

    asio::io_context io(1);
    stats st;
    st.latencies_us.reserve(std::min<std::size_t>(o.max_messages, 4'000'000));
    std::vector<std::shared_ptr<connection>> conns;
    conns.reserve(static_cast<std::size_t>(o.connections));
    result r;
    asio::co_spawn(io, controller(io, o, st, conns, r), [&](std::exception_ptr e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                std::cerr << "load_client: " << ex.what() << "\n";
            }
        }
        io.stop(); // the connections' sockets close when the process exits
    });
    io.run();

    const long hz = sysconf(_SC_CLK_TCK);
    const double cpu_us =
        st.completed ? static_cast<double>(r.ticks) / hz * 1e6 / static_cast<double>(st.completed)
                     : 0;
    const double rate = r.seconds > 0 ? static_cast<double>(st.completed) / r.seconds : 0;
    const double kib_per_session =
        o.connections ? static_cast<double>(r.rss1 - r.rss0) / o.connections : 0;
    const double p50 = percentile(st.latencies_us, 0.50);
    const double p99 = percentile(st.latencies_us, 0.99);
    const double client_cpu =
        r.seconds > 0 ? static_cast<double>(r.own_ticks) / hz / r.seconds * 100 : 0;
    // connections active msgs/s p50_ms p99_ms cpu_us/msg messages ticks seconds rss0_kib
    // rss1_kib kib/session dropped failed unexpected client_cpu_% anon0_kib anon1_kib
    // anon_kib/session
    const double anon_per_session =
        o.connections ? static_cast<double>(r.anon1 - r.anon0) / o.connections : 0;
    std::printf("%d\t%d\t%.0f\t%.3f\t%.3f\t%.2f\t%zu\t%lld\t%.3f\t%lld\t%lld\t%.2f\t%d\t%d\t%zu"
                "\t%.0f\t%lld\t%lld\t%.2f\n",
                o.connections, o.active, rate, p50, p99, cpu_us, st.completed, r.ticks, r.seconds,
                r.rss0, r.rss1, kib_per_session, st.dropped, st.failed, st.unexpected, client_cpu,
                r.anon0, r.anon1, anon_per_session);
    std::fflush(stdout);
    std::_Exit(r.ok ? 0 : 1);
}
