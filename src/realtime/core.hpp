#pragma once
// Internal: the state an io_server shares with its routes, upgrade handler and sessions.
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "recovery.hpp"
#include "session.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <deque>
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
    // Connection state recovery (recovery.hpp): each connected socket's state by pid, and the
    // states of sockets whose transport dropped ("parked") until a reconnect claims them or
    // they expire. Any thread.
    void register_recovery(const std::shared_ptr<sio_socket>& s,
                           std::shared_ptr<detail::recovery_state> st);
    /// After a recoverable close: kept for recovery_window, within the parked bounds.
    void park_recovery(std::shared_ptr<detail::recovery_state> st);
    void forget_recovery(const std::string& pid);
    struct recovery_claim {
        std::shared_ptr<sio_socket> live;               ///< still connected under that pid
        std::shared_ptr<detail::recovery_state> parked; ///< taken out of the registry
    };
    /// The state under `pid`, if it belongs to `owner` (recovery_state::owner). A state of
    /// another owner is neither returned nor touched: the claim gets nothing, as for an
    /// unknown pid, and the refusal is logged.
    recovery_claim claim_recovery(const std::string& pid, const std::string& owner);
    /// claim_recovery, closing a socket still live under `pid` (other than `self`) first, so
    /// that its state parks and can be taken. nullptr when nothing is kept for that owner.
    task<std::shared_ptr<detail::recovery_state>>
    take_recovery(const std::string& pid, const std::string& owner, const sio_socket* self);

    /// Lets go of every session and socket (their timers and streams belong to the server's
    /// io_context, which may be destroyed soon after the io_server). Called by ~io_server.
    void release_all();

private:
    /// `in_directory`: the session was claimed in opts->directory and is released there when
    /// it ends.
    std::shared_ptr<detail::session> create_session(std::shared_ptr<const http::request> hs,
                                                    bool in_directory);

    mutable std::mutex mu_;
    std::unordered_map<std::string, std::shared_ptr<detail::session>> sessions_;
    std::unordered_map<std::string, std::weak_ptr<sio_socket>> sockets_;

    struct recovery_entry {
        std::weak_ptr<sio_socket> live;
        std::shared_ptr<detail::recovery_state> parked;
        std::chrono::steady_clock::time_point deadline;
        std::size_t bytes = 0; // of the parked log, when parked
    };
    void evict_parked(std::chrono::steady_clock::time_point now); // with mu_ held
    void unpark(recovery_entry& e); // the parked-state counts without it; with mu_ held
    std::unordered_map<std::string, recovery_entry> recovery_;
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> parked_order_;
    std::size_t parked_count_ = 0;
    std::size_t parked_bytes_ = 0;
};

} // namespace chainlit::realtime
