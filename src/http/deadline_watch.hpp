#pragma once
// Internal: one timer per HTTP connection. Each phase (keep-alive wait, request read, response
// write) moves a deadline; the timer re-arms itself lazily when it fires before the deadline.
// Beast's tcp_stream armed and cancelled a timer around every operation instead, each a lock
// and a timer-heap update (bench/http's profile).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>

namespace chainlit::http {

class deadline_watch : public std::enable_shared_from_this<deadline_watch> {
public:
    using clock = std::chrono::steady_clock;

    /// Watches `socket`, which must outlive the watch or be detached first with stop().
    /// Both run on the socket's executor.
    explicit deadline_watch(boost::asio::ip::tcp::socket& socket);

    /// The current phase must end within `d`, or the socket is closed: its pending operations
    /// complete with operation_aborted and expired() turns true.
    void expires_after(clock::duration d);
    /// No deadline until the next expires_after (a handler may take long: long-polls, streams).
    void expires_never() noexcept { deadline_ = clock::time_point::max(); }
    bool expired() const noexcept { return expired_; }
    /// Detaches from the socket and cancels the timer. Call before the socket goes away.
    void stop() noexcept;

private:
    void arm(clock::time_point t);
    void fired(const boost::system::error_code& ec);

    boost::asio::ip::tcp::socket* socket_;
    boost::asio::steady_timer timer_;
    clock::time_point deadline_ = clock::time_point::max();
    clock::time_point armed_ = clock::time_point::max(); ///< what the pending wait expires at
    bool waiting_ = false;                               ///< a wait is pending
    bool expired_ = false;
};

} // namespace chainlit::http
