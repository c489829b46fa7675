// The io_server's registry of connection-state-recovery states (core.hpp, recovery.hpp).
#include "core.hpp"

#include "chainlit/core/log.hpp"
#include "sio_socket.hpp"

namespace chainlit::realtime {

void io_server::core::unpark(recovery_entry& e) {
    if (!e.parked)
        return;
    --parked_count_;
    parked_bytes_ -= e.bytes;
    e.parked.reset();
    e.bytes = 0;
}

void io_server::core::register_recovery(const std::shared_ptr<sio_socket>& s,
                                        std::shared_ptr<detail::recovery_state> st) {
    std::lock_guard lk(mu_);
    auto& e = recovery_[st->pid];
    unpark(e);
    e = recovery_entry{s, nullptr, {}, 0};
}

void io_server::core::park_recovery(std::shared_ptr<detail::recovery_state> st) {
    const auto now = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    {
        std::lock_guard lk(st->mu);
        if (st->claimed)
            return;
        bytes = st->log.bytes();
    }
    std::lock_guard lk(mu_);
    auto& e = recovery_[st->pid];
    unpark(e);
    const auto deadline = now + opts->recovery_window;
    e = recovery_entry{{}, st, deadline, bytes};
    ++parked_count_;
    parked_bytes_ += bytes;
    parked_order_.emplace_back(deadline, st->pid);
    evict_parked(now);
}

void io_server::core::evict_parked(std::chrono::steady_clock::time_point now) {
    // Oldest first: every state is parked for the same window, so the order is the deadlines'.
    while (!parked_order_.empty()) {
        const auto& [deadline, pid] = parked_order_.front();
        auto it = recovery_.find(pid);
        const bool current =
            it != recovery_.end() && it->second.parked && it->second.deadline == deadline;
        if (current) {
            const bool over = parked_count_ > opts->recovery_max_parked ||
                              parked_bytes_ > opts->recovery_max_parked_bytes;
            if (deadline > now && !over)
                break;
            unpark(it->second);
            recovery_.erase(it);
        }
        parked_order_.pop_front(); // expired, evicted, or stale (claimed or parked again)
    }
}

void io_server::core::forget_recovery(const std::string& pid) {
    std::lock_guard lk(mu_);
    auto it = recovery_.find(pid);
    if (it == recovery_.end())
        return;
    unpark(it->second);
    recovery_.erase(it);
}

io_server::core::recovery_claim io_server::core::claim_recovery(const std::string& pid,
                                                                const std::string& owner) {
    std::lock_guard lk(mu_);
    evict_parked(std::chrono::steady_clock::now());
    auto it = recovery_.find(pid);
    if (it == recovery_.end())
        return {};
    auto live = it->second.parked ? nullptr : it->second.live.lock();
    const std::string* belongs_to = it->second.parked ? &it->second.parked->owner
                                    : live            ? &live->recovery_owner()
                                                      : nullptr;
    if (!belongs_to || *belongs_to != owner) {
        if (belongs_to)
            log().warn("socket.io: a CONNECT named the recovery pid of another owner's "
                       "connection; refused (a fresh state, the owner's connection untouched)");
        return {};
    }
    if (!it->second.parked)
        return {std::move(live), nullptr};
    recovery_claim c{nullptr, it->second.parked};
    unpark(it->second);
    recovery_.erase(it);
    return c;
}

task<std::shared_ptr<detail::recovery_state>>
io_server::core::take_recovery(const std::string& pid, const std::string& owner,
                               const sio_socket* self) {
    auto claim = claim_recovery(pid, owner);
    if (claim.live && claim.live.get() != self) {
        // The client is back before the server noticed its old transport died: that socket
        // goes now (its state parks), instead of at its ping timeout.
        auto live = std::move(claim.live);
        co_await live->close_for_reconnect();
        claim = claim_recovery(pid, owner);
    }
    co_return std::move(claim.parked);
}

io_server::handover_fn io_server::handover() const {
    std::weak_ptr<core> weak = core_;
    return [weak](std::string pid, std::string owner,
                  std::uint64_t after) -> task<std::optional<recovery_handoff>> {
        auto c = weak.lock();
        if (!c || c->opts->recovery_window.count() == 0)
            co_return std::nullopt;
        auto st = co_await c->take_recovery(pid, owner, nullptr);
        if (!st)
            co_return std::nullopt;
        recovery_handoff h;
        std::lock_guard lk(st->mu);
        st->claimed = true; // nothing more is kept here: the client is elsewhere
        h.pid = st->pid;
        h.last_offset = st->last_offset;
        h.complete = st->lost_through <= after;
        h.events = st->log.after(after);
        co_return h;
    };
}

} // namespace chainlit::realtime
