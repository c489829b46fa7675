#pragma once
// Internal state of http::server, shared by the listener (server.cpp) and the connection
// coroutine (connection.cpp).
#include "chainlit/http/server.hpp"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace chainlit::http {

/// One live connection, as the shutdown logic sees it. Fields are touched only on the
/// connection's strand, except that the set of connections is guarded by conns_mu.
struct connection_state {
    boost::asio::ip::tcp::socket* socket = nullptr; ///< null once handed over at an upgrade
    bool idle = false; ///< waiting for the next request: safe to close at shutdown
};

struct server::impl {
    impl(const router& r, server_options o);

    const router& routes;
    server_options opts;
    // Before ioc: handlers still queued when the io_context is destroyed unregister their
    // connections from their destructors.
    std::mutex conns_mu;
    std::unordered_set<std::shared_ptr<connection_state>> conns;
    boost::asio::io_context ioc;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
    boost::asio::ip::tcp::acceptor acceptor;
    std::vector<std::thread> threads;
    unsigned thread_count = 0; ///< I/O threads, set before the first accept
    std::map<std::string, upgrade_handler> upgrades;
    std::vector<std::function<void()>> stop_hooks;
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<bool> accepting{true}; ///< false after stop_accepting()
    std::atomic<std::uint64_t> next_request_id{1};

    task<void> accept_loop();
    task<void> drain();
    void register_conn(const std::shared_ptr<connection_state>& c);
    void unregister_conn(const std::shared_ptr<connection_state>& c);
    /// The connection's stream is gone (handed over at an upgrade) but it still counts as live.
    void forget_stream(connection_state& c);
    std::size_t conn_count();
};

/// Serves one TCP connection until it closes (connection.cpp).
task<void> run_connection(server::impl& s, boost::asio::ip::tcp::socket socket);

} // namespace chainlit::http
