#include "deadline_watch.hpp"

namespace chainlit::http {

deadline_watch::deadline_watch(boost::asio::ip::tcp::socket& socket)
    : socket_(&socket), timer_(socket.get_executor()) {}

void deadline_watch::expires_after(clock::duration d) {
    deadline_ = clock::now() + d;
    // A later deadline needs nothing now: the pending wait fires early and re-arms.
    if (!waiting_ || deadline_ < armed_)
        arm(deadline_);
}

void deadline_watch::stop() noexcept {
    socket_ = nullptr;
    try {
        timer_.cancel();
    } catch (...) { // cancel() throws only if the reactor cannot be reached: nothing to undo
    }
}

void deadline_watch::arm(clock::time_point t) {
    if (!socket_)
        return;
    armed_ = t;
    waiting_ = true;
    timer_.expires_at(t); // cancels a pending wait: its handler sees operation_aborted
    timer_.async_wait(
        [self = shared_from_this()](const boost::system::error_code& ec) { self->fired(ec); });
}

void deadline_watch::fired(const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted || !socket_)
        return; // re-armed or stopped: another wait (or none) is in charge
    waiting_ = false;
    if (deadline_ > clock::now()) {
        if (deadline_ != clock::time_point::max())
            arm(deadline_); // the deadline moved on since this wait was armed
        return;
    }
    expired_ = true;
    boost::system::error_code ignored;
    socket_->close(ignored);
}

} // namespace chainlit::http
