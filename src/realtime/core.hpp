#pragma once
// Internal: the state an io_server shares with its routes, upgrade handler and sessions.
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "session.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>

namespace chainlit::http {
struct upgrade_context;
}

namespace chainlit::realtime {

class sio_socket;

struct io_server::core : std::enable_shared_from_this<io_server::core> {
    std::shared_ptr<const io_options> opts;
    boost::asio::any_io_executor executor;

    // Set before the server starts, read-only afterwards.
    connect_handler on_connect;
    std::unordered_map<std::string, event_handler> handlers;
    disconnect_handler on_disconnect;

    std::atomic<bool> stopping{false};

    // Engine.IO entry points (engine.cpp).
    task<http::response> handle_polling(http::request& req);
    task<void> handle_upgrade(http::upgrade_context& ctx);
    /// Closes every session (websockets with 1012), refuses new ones. Any thread.
    void shutdown();

    // Registries. Sessions by Engine.IO sid; connected sockets by Socket.IO id.
    std::shared_ptr<detail::session> find_session(const std::string& sid) const;
    void add_socket(const std::shared_ptr<sio_socket>& s);
    void remove_socket(const std::string& id);
    std::shared_ptr<sio_socket> find_socket(std::string_view id) const;
    std::vector<std::shared_ptr<sio_socket>> all_sockets() const;
    std::size_t socket_count() const;
    std::size_t session_count() const;
    /// Lets go of every session and socket (their timers and streams belong to the server's
    /// io_context, which may be destroyed soon after the io_server). Called by ~io_server.
    void release_all();

private:
    std::shared_ptr<detail::session> create_session(std::shared_ptr<const http::request> hs);

    mutable std::mutex mu_;
    std::unordered_map<std::string, std::shared_ptr<detail::session>> sessions_;
    std::unordered_map<std::string, std::weak_ptr<sio_socket>> sockets_;
};

} // namespace chainlit::realtime
