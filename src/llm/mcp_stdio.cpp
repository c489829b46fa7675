// The stdio transport: the MCP server is a child process speaking newline-delimited JSON-RPC
// on its stdin and stdout. It is started with posix_spawnp (no shell, so nothing the user
// typed is ever interpreted), in its own process group (so that stopping it also stops what
// it started, as npx does), with a minimal environment.
#include "chainlit/chat/context.hpp" // task_cancelled
#include "chainlit/core/log.hpp"
#include "mcp_protocol.hpp"
#include "mcp_transport.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>

extern char** environ;

namespace chainlit::llm::mcp {
namespace {
namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_message = 16 * 1024 * 1024;
constexpr int max_stderr_lines = 200;

/// The variables a server may need to find its runtime and caches; nothing else of ours (the
/// auth secret, DATABASE_URL, API keys) reaches a program the user picked.
bool passed_to_child(std::string_view name) {
    static constexpr std::string_view exact[] = {
        "PATH",          "HOME",         "USER",        "LOGNAME",
        "LANG",          "LC_ALL",       "LC_CTYPE",    "TZ",
        "TMPDIR",        "TERM",         "NODE_PATH",   "NODE_EXTRA_CA_CERTS",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY",  "HTTPS_PROXY",
        "NO_PROXY",      "http_proxy",   "https_proxy", "no_proxy"};
    static constexpr std::string_view prefixes[] = {"npm_config_", "NPM_CONFIG_", "XDG_", "UV_"};
    for (auto e : exact)
        if (name == e)
            return true;
    for (auto p : prefixes)
        if (name.substr(0, p.size()) == p)
            return true;
    return false;
}

struct fd_pair {
    int fd[2] = {-1, -1};
    ~fd_pair() {
        for (int f : fd)
            if (f >= 0)
                ::close(f);
    }
    int take(int i) { return std::exchange(fd[i], -1); }
};

struct waiter {
    explicit waiter(const asio::strand<asio::any_io_executor>& s) : timer(s) {}
    asio::steady_timer timer;
    std::optional<json::object> reply;
    std::optional<std::string> failure;
};

/// Everything the reader coroutines share with the transport; strand only unless noted.
struct stdio_state : std::enable_shared_from_this<stdio_state> {
    stdio_state(asio::any_io_executor exec, std::string name)
        : strand(asio::make_strand(exec)), in(strand), out(strand), err(strand),
          server(std::move(name)) {}

    asio::strand<asio::any_io_executor> strand;
    asio::posix::stream_descriptor in, out, err;
    std::string server;
    pid_t pid = -1;
    bool reaped = false;
    std::atomic<bool> stopped{false}; // any thread
    std::string why_stopped;
    std::unordered_map<std::int64_t, std::shared_ptr<waiter>> pending;
    std::deque<std::string> writes;
    bool writing = false;
    bool closing = false;

    void enqueue(std::string line) {
        if (stopped)
            return;
        writes.push_back(std::move(line));
        if (!writing) {
            writing = true;
            asio::co_spawn(strand, write_loop(shared_from_this()), asio::detached);
        }
    }

    static task<void> write_loop(std::shared_ptr<stdio_state> self) {
        while (!self->writes.empty() && !self->stopped) {
            std::string line = std::move(self->writes.front());
            self->writes.pop_front();
            auto [ec, n] = co_await asio::async_write(self->in, asio::buffer(line), use_tuple);
            if (ec) {
                self->stop("its stdin closed (" + ec.message() + ")");
                break;
            }
        }
        self->writing = false;
    }

    /// The server is gone or being closed: every waiting request fails with `why`.
    void stop(const std::string& why) {
        if (stopped.exchange(true))
            return;
        why_stopped = why;
        log().info("MCP server {} stopped: {}", server, why);
        for (auto& [id, w] : pending) {
            w->failure = "MCP server " + server + " stopped: " + why;
            w->timer.cancel();
        }
        writes.clear();
        boost::system::error_code ignored;
        in.close(ignored);
        asio::co_spawn(strand, reap(shared_from_this()), asio::detached);
    }

    /// Waits for the child to exit, asking it harder as time passes: its stdin is closed
    /// already (a well-behaved server exits on that), then SIGTERM, then SIGKILL, to its
    /// whole process group.
    static task<void> reap(std::shared_ptr<stdio_state> self) {
        asio::steady_timer t(self->strand);
        for (int tick = 0; !self->reaped; ++tick) {
            int status = 0;
            const pid_t r = ::waitpid(self->pid, &status, WNOHANG);
            if (r == self->pid || (r < 0 && errno == ECHILD)) {
                self->reaped = true;
                break;
            }
            if (tick == 50) // 1 s
                ::kill(-self->pid, SIGTERM);
            if (tick == 150) // 3 s
                ::kill(-self->pid, SIGKILL);
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(use_tuple);
        }
        ::kill(-self->pid, SIGKILL); // what the server left running in its group
        boost::system::error_code ignored;
        self->out.close(ignored);
        self->err.close(ignored);
    }

    /// close(): stops the server and waits until the reaper has it.
    static task<void> close_and_reap(std::shared_ptr<stdio_state> self) {
        self->stop("closed");
        asio::steady_timer t(self->strand);
        while (!self->reaped) { // the reaper escalates to SIGKILL, so this ends
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(use_tuple);
        }
    }

    void on_line(std::string_view line) {
        auto msg = mcp::detail::parse_message(line);
        if (!msg) {
            log().debug("MCP server {}: ignored a line that is not a JSON object", server);
            return;
        }
        if (auto id = mcp::detail::response_id(*msg)) {
            auto it = pending.find(*id);
            if (it != pending.end()) {
                it->second->reply = std::move(*msg);
                it->second->timer.cancel();
            }
            return;
        }
        if (auto answer = mcp::detail::answer_server_request(*msg))
            enqueue(json::serialize(*answer) + "\n");
        // Anything else is a notification (logging, progress, list changes): not used yet.
    }

    static task<void> read_loop(std::shared_ptr<stdio_state> self) {
        std::string buf;
        for (;;) {
            auto [ec, n] = co_await asio::async_read_until(
                self->out, asio::dynamic_buffer(buf, max_message), '\n', use_tuple);
            if (ec) {
                self->stop(ec == asio::error::eof         ? "it exited"
                           : ec == asio::error::not_found ? "it sent a message over 16 MiB"
                                                          : "reading it failed: " + ec.message());
                co_return;
            }
            std::string_view line(buf.data(), n - 1);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (!line.empty())
                self->on_line(line);
            buf.erase(0, n);
        }
    }

    static task<void> stderr_loop(std::shared_ptr<stdio_state> self) {
        std::string buf;
        int lines = 0;
        for (;;) {
            auto [ec, n] = co_await asio::async_read_until(
                self->err, asio::dynamic_buffer(buf, 64 * 1024), '\n', use_tuple);
            if (ec == asio::error::not_found) { // a very long line: log its start
                n = buf.size();
                ec = {};
            }
            if (ec)
                co_return;
            if (++lines <= max_stderr_lines)
                log().info("MCP server {} (stderr): {}", self->server,
                           std::string_view(buf.data(), std::min<std::size_t>(n, 500)));
            else if (lines == max_stderr_lines + 1)
                log().info("MCP server {}: further stderr output is not logged", self->server);
            buf.erase(0, n);
        }
    }

    static task<json::object> call(std::shared_ptr<stdio_state> self, json::object message,
                                   std::chrono::milliseconds timeout) {
        if (self->stopped)
            throw mcp_error("MCP server " + self->server + " stopped: " + self->why_stopped);
        const std::int64_t id = message.at("id").as_int64();
        auto w = std::make_shared<waiter>(self->strand);
        self->pending.emplace(id, w);
        self->enqueue(json::serialize(message) + "\n");
        w->timer.expires_after(timeout);
        co_await w->timer.async_wait(use_tuple);
        self->pending.erase(id);
        if (w->reply)
            co_return std::move(*w->reply);
        if (w->failure)
            throw mcp_error(*w->failure);
        const auto cs = co_await asio::this_coro::cancellation_state;
        if (cs.cancelled() != asio::cancellation_type::none) {
            self->enqueue(json::serialize(mcp::detail::make_notification(
                              "notifications/cancelled",
                              {{"requestId", id}, {"reason", "the user stopped the task"}})) +
                          "\n");
            throw task_cancelled();
        }
        const auto* m = message.if_contains("method");
        throw mcp_error("MCP server " + self->server + " did not answer " +
                        (m && m->is_string() ? std::string(m->as_string()) : "a request") +
                        " within " + std::to_string(timeout.count() / 1000) + " s");
    }
};

class stdio_transport final : public transport {
public:
    explicit stdio_transport(std::shared_ptr<stdio_state> s) : s_(std::move(s)) {}
    ~stdio_transport() override {
        // Not closed by its owner (an exception on the way): never leave the process behind.
        asio::post(s_->strand, [s = s_] { s->stop("its connection was dropped"); });
    }

    task<json::object> request(json::object message, std::chrono::milliseconds timeout) override {
        co_return co_await asio::co_spawn(
            s_->strand, stdio_state::call(s_, std::move(message), timeout), asio::use_awaitable);
    }

    task<void> notify(json::object message) override {
        auto s = s_;
        asio::post(s->strand, [s, line = json::serialize(message) + "\n"]() mutable {
            s->enqueue(std::move(line));
        });
        co_return;
    }

    task<void> close() override {
        // A coroutine function, not a lambda: GCC 12 destroys the captures of a lambda made
        // inside a co_await twice (this one's shared_ptr freed the state under the reaper).
        co_await asio::co_spawn(s_->strand, stdio_state::close_and_reap(s_), asio::use_awaitable);
    }

    bool closed() const noexcept override { return s_->stopped; }

private:
    std::shared_ptr<stdio_state> s_;
};

} // namespace

std::unique_ptr<transport> start_stdio(asio::any_io_executor exec, std::string server,
                                       std::vector<std::string> argv) {
    fd_pair in, out, err;
    if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0 ||
        ::pipe2(err.fd, O_CLOEXEC) != 0)
        throw mcp_error(std::string("Cannot create pipes for the MCP server: ") +
                        std::strerror(errno));

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err.fd[1], 2);
    // Our sockets (the listening one too) must not leak into the child.
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);

    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&at, 0);
    sigset_t none, defaults;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&at, &defaults);

    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        if (passed_to_child(kv.substr(0, kv.find('='))))
            env.emplace_back(kv);
    }
    std::vector<char*> envp, args;
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);

    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &fa, &at, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (rc != 0)
        throw mcp_error("Cannot start \"" + argv[0] + "\": " + std::strerror(rc));

    auto s = std::make_shared<stdio_state>(exec, std::move(server));
    s->pid = pid;
    s->in.assign(in.take(1));
    s->out.assign(out.take(0));
    s->err.assign(err.take(0));
    log().info("MCP server {}: started {} (pid {})", s->server, argv[0], pid);
    asio::co_spawn(s->strand, stdio_state::read_loop(s), asio::detached);
    asio::co_spawn(s->strand, stdio_state::stderr_loop(s), asio::detached);
    return std::make_unique<stdio_transport>(std::move(s));
}

} // namespace chainlit::llm::mcp
