#pragma once
#include "chainlit/http/router.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace chainlit::http {

/// Server settings. Every default has a reason.
struct server_options {
    std::string host = "127.0.0.1"; ///< loopback unless asked: never expose by accident
    unsigned short port = 8000;     ///< Chainlit's default; 0 picks a free port (tests)
    unsigned threads = 0;           ///< 0 = one per core
    std::string root_path;          ///< e.g. "/chat": every route is served under it
    /// Above gives 431; 16 KiB covers big (chunked) auth cookies. Capped at 65,535 bytes, the
    /// most Beast's parser can report cleanly.
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 64 * 1024 * 1024;       ///< above gives 413; uploads are checked again
    std::chrono::milliseconds read_timeout{30'000};  ///< whole request; ends slow-drip clients
    std::chrono::milliseconds idle_timeout{75'000};  ///< keep-alive wait between requests
    std::chrono::milliseconds drain_timeout{10'000}; ///< how long shutdown waits for in-flight
    std::vector<std::string> allow_origins{"*"};     ///< CORS: allowed Origins, echoed back
    bool access_log = true;
    /// A listening socket to serve instead of binding host:port (>= 0): watch mode's
    /// supervisor binds once and hands the socket to each build of the app, so that the port
    /// never refuses a connection while one process replaces another. The server owns it.
    int listen_fd = -1;
    /// Awaited once on the I/O threads after the port is bound and before the first accept:
    /// connections made meanwhile wait in the listen backlog. start() rethrows its exception
    /// after stopping the threads. (The app's on_app_startup.)
    std::function<task<void>()> before_accept;
    /// Awaited once on a graceful stop, after the drain and before the threads end; an
    /// exception is logged. (The app's on_app_shutdown.)
    std::function<task<void>()> after_drain;
    /// Called for every request before it is dispatched (e.g. to attach per-app values with
    /// request::set_local). Runs on the connection's strand; must not block.
    std::function<void(request&)> prepare;
};

/// Hands an HTTP connection that asked for a websocket upgrade to another layer. Defined in
/// the library's internal headers (it holds the socket); apps never see it.
struct upgrade_context;
using upgrade_handler = std::function<task<void>(upgrade_context&)>;

/// A Beast HTTP/1.1 server running coroutines on N threads. No global state: several servers
/// may run in one process.
class server {
public:
    server(const router& r, server_options opts);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Binds, listens, starts the I/O threads and, when set, awaits before_accept before
    /// accepting. Throws std::system_error if it cannot bind, or what before_accept threw.
    void start();
    /// The bound port (after start), useful with port 0.
    unsigned short port() const noexcept;
    /// Graceful stop: stop accepting, let in-flight requests finish (up to drain_timeout),
    /// close idle connections, then stop the threads. Safe to call from any thread, twice.
    void stop();
    /// Stops accepting (the listening socket closes in this process), and nothing else:
    /// connections already accepted go on. Safe from any thread; stop() still ends the server.
    void stop_accepting();
    /// Blocks until the server has stopped.
    void wait();
    /// start(), then run until SIGINT or SIGTERM, then stop(). Returns 0 on a clean stop.
    int run_until_signal();

    /// The executor handlers and layers run on.
    boost::asio::any_io_executor executor() const;
    /// Routes websocket upgrade requests for `path` (after the root path) to `h`.
    void add_upgrade(std::string path, upgrade_handler h);
    /// Called once at the start of stop(), before connections drain (e.g. close websockets).
    void on_stop(std::function<void()> fn);
    const server_options& options() const noexcept;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace chainlit::http
