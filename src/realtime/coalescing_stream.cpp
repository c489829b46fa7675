#include "coalescing_stream.hpp"

#include <boost/asio/write.hpp>

namespace chainlit::realtime::detail {
namespace asio = boost::asio;

void coalescing_stream::append_frame(std::string_view payload, bool binary) {
    if (error_)
        return;
    char head[10];
    std::size_t h = 0;
    head[h++] = static_cast<char>(0x80 | (binary ? 0x2 : 0x1)); // FIN + opcode
    const std::uint64_t n = payload.size();
    if (n < 126) {
        head[h++] = static_cast<char>(n);
    } else if (n <= 0xFFFF) {
        head[h++] = 126;
        head[h++] = static_cast<char>(n >> 8);
        head[h++] = static_cast<char>(n);
    } else {
        head[h++] = 127;
        for (int shift = 56; shift >= 0; shift -= 8)
            head[h++] = static_cast<char>(n >> shift);
    }
    pending_.append(head, h);
    pending_.append(payload);
    schedule_flush();
}

void coalescing_stream::schedule_flush() {
    if (flushing_ || flush_scheduled_)
        return;
    auto owner = owner_.lock();
    if (!owner)
        return;
    // Posted, not started here: whatever else this strand turn writes joins the same flush.
    flush_scheduled_ = true;
    asio::post(get_executor(), [this, owner = std::move(owner)] {
        flush_scheduled_ = false;
        flush();
    });
}

void coalescing_stream::flush() {
    if (flushing_ || pending_.empty() || error_)
        return;
    auto owner = owner_.lock();
    if (!owner)
        return;
    inflight_.swap(pending_);
    flushing_ = true;
    asio::async_write(
        next_, asio::buffer(inflight_),
        [this, owner = std::move(owner)](const boost::system::error_code& ec, std::size_t) {
            flushing_ = false;
            inflight_.clear();
            if (inflight_.capacity() > 64 * 1024)
                std::string().swap(inflight_); // a burst does not pin its buffer
            if (ec) {
                error_ = ec;
                pending_.clear();
                return;
            }
            flush();
        });
}

void coalescing_stream::flush_now_best_effort() {
    if (flushing_ || pending_.empty() || error_)
        return;
    boost::system::error_code ec;
    auto& sock = next_.socket();
    const bool was_blocking = !sock.non_blocking();
    sock.non_blocking(true, ec);
    std::size_t done = 0;
    while (!ec && done < pending_.size())
        done += sock.write_some(asio::buffer(pending_.data() + done, pending_.size() - done), ec);
    if (was_blocking) {
        boost::system::error_code ignored;
        sock.non_blocking(false, ignored);
    }
    pending_.clear();
}

void teardown(boost::beast::role_type role, coalescing_stream& s, boost::system::error_code& ec) {
    s.flush_now_best_effort();
    using boost::beast::teardown;
    teardown(role, s.next_layer(), ec);
}

} // namespace chainlit::realtime::detail
