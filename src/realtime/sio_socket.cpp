#include "sio_socket.hpp"

#include "chainlit/core/log.hpp"
#include "chainlit/core/random.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <charconv>

namespace chainlit::realtime {
namespace asio = boost::asio;
using socketio::packet_type;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t expired_ack_memory = 64;

constexpr std::string_view id_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Logs what escapes an app handler; the socket and the server carry on.
struct log_exception {
    const char* what;
    void operator()(std::exception_ptr e) const {
        if (!e)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            log().error("socket.io: {} handler threw: {}", what, ex.what());
        } catch (...) {
            log().error("socket.io: {} handler threw a non-std exception", what);
        }
    }
};

} // namespace

std::string encode_message(packet_type type, json::value data, std::size_t attachments,
                           std::optional<std::uint64_t> id) {
    socketio::packet p;
    p.type = type;
    p.data = std::move(data);
    p.attachments = attachments;
    p.id = id;
    return "4" + socketio::encode(p);
}

std::string encode_message_json(std::string_view event, std::string_view arg_json) {
    // The framing of an EVENT without data, then its data `[event,arg]` written in place.
    auto wire = encode_message(packet_type::event, nullptr, 0, {});
    // Room for the quotes and an offset (connection state recovery) without a reallocation.
    wire.reserve(wire.size() + event.size() + arg_json.size() + 32);
    wire += '[';
    wire += json::serialize(json::string_view(event.data(), event.size()));
    wire += ',';
    wire += arg_json;
    wire += ']';
    return wire;
}

json::array event_data(std::string_view event, json::array&& args) {
    json::array data;
    data.reserve(args.size() + 1);
    data.emplace_back(event);
    for (auto& a : args)
        data.push_back(std::move(a));
    return data;
}

sio_socket::sio_socket(std::shared_ptr<io_server::core> core, std::shared_ptr<detail::session> s)
    : core_(std::move(core)), session_(std::move(s)), id_(random_string(20, id_alphabet)),
      auth_(json::object{}) {}

// ---- sending -------------------------------------------------------------------------------

void sio_socket::send_now(std::string wire, std::vector<std::string> attachments) {
    if (!session_->send(std::move(wire)))
        return;
    for (auto& a : attachments)
        if (!session_->send(std::move(a), true))
            return;
}

void sio_socket::send_any_thread(std::string wire, std::vector<std::string> attachments,
                                 bool event) {
    asio::dispatch(session_->strand(), [self = shared_from_this(), w = std::move(wire),
                                        a = std::move(attachments), event]() mutable {
        const auto st = self->state_.load();
        if (event && self->recovery_)
            self->stamp(w, !a.empty()); // kept even if the socket just closed: the client
                                        // comes back for it
        if (st == state::connected || st == state::connecting)
            self->send_now(std::move(w), std::move(a));
    });
}

void sio_socket::stamp(std::string& wire, bool binary) {
    auto& r = *recovery_;
    std::lock_guard lk(r.mu);
    if (r.claimed)
        return; // a reconnect took the state over; this socket is gone
    const auto offset = ++r.last_offset;
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, offset).ptr;
    wire.pop_back(); // the data array's closing bracket
    wire += ",\"";
    wire.append(digits, end);
    wire += "\"]";
    if (binary) {
        r.lost_through = offset; // attachments are not kept: a recovery past it has a gap
        return;
    }
    r.log.append(offset, wire);
    if (const auto dropped = r.log.cap(core_->opts->recovery_max_bytes))
        r.lost_through = std::max(r.lost_through, dropped);
}

void sio_socket::on_ping_sent() {
    if (!recovery_)
        return;
    std::lock_guard lk(recovery_->mu);
    recovery_->ping_mark = recovery_->last_offset;
}

void sio_socket::on_pong() {
    if (!recovery_)
        return;
    std::lock_guard lk(recovery_->mu);
    recovery_->log.trim_through(recovery_->ping_mark);
}

bool sio_socket::emit(std::string_view event, json::array args,
                      std::vector<std::string> attachments) {
    const auto st = state_.load();
    if (st != state::connected && st != state::connecting)
        return false;
    const auto type = attachments.empty() ? packet_type::event : packet_type::binary_event;
    // Serialize on the caller's thread: the strand only queues bytes.
    auto wire = encode_message(type, event_data(event, std::move(args)), attachments.size(), {});
    send_any_thread(std::move(wire), std::move(attachments), true);
    return true;
}

bool sio_socket::emit_one(std::string_view event, const json::value& arg) {
    return emit_one_json(event, json::serialize(arg));
}

bool sio_socket::emit_one_json(std::string_view event, std::string_view arg_json) {
    const auto st = state_.load();
    if (st != state::connected && st != state::connecting)
        return false;
    send_any_thread(encode_message_json(event, arg_json), {}, true);
    return true;
}

task<result<payload>> sio_socket::emit_with_ack(std::string_view event, json::array args,
                                                std::chrono::milliseconds timeout,
                                                std::vector<std::string> attachments) {
    auto self = shared_from_this();
    // Named before the co_await: no temporaries inside it (the GCC 12 note in ARCHITECTURE).
    auto call = self->ack_call(event_data(event, std::move(args)), std::move(attachments), timeout);
    co_return co_await asio::co_spawn(session_->strand(), std::move(call), asio::use_awaitable);
}

task<result<payload>> sio_socket::ack_call(json::array data, std::vector<std::string> attachments,
                                           std::chrono::milliseconds timeout) {
    auto self = shared_from_this();
    const auto st = state_.load();
    if (st != state::connected && st != state::connecting)
        co_return make_error_code(errc::unavailable);
    const auto id = next_ack_id_++;
    auto waiter = std::make_shared<ack_waiter>(session_->strand());
    acks_.emplace(id, waiter);
    const auto type = attachments.empty() ? packet_type::event : packet_type::binary_event;
    send_now(encode_message(type, std::move(data), attachments.size(), id), std::move(attachments));
    if (!waiter->reply) { // sending may already have closed the socket (queue overflow)
        waiter->timer.expires_after(timeout);
        co_await waiter->timer.async_wait(use_tuple);
    }
    if (waiter->reply)
        co_return std::move(*waiter->reply);
    acks_.erase(id);
    expired_acks_.push_back(id);
    if (expired_acks_.size() > expired_ack_memory)
        expired_acks_.erase(expired_acks_.begin());
    co_return make_error_code(errc::timeout);
}

void sio_socket::disconnect() {
    asio::dispatch(session_->strand(), [self = shared_from_this()] {
        const auto st = self->state_.load();
        if (st == state::closed)
            return;
        if (st == state::connected)
            self->send_now(encode_message(packet_type::disconnect, nullptr, 0, {}), {});
        self->session_->close("server namespace disconnect");
    });
}

// ---- receiving -----------------------------------------------------------------------------

void sio_socket::fail(const std::string& reason) {
    log().warn("socket.io {}: closing after bad input: {}", id_, reason);
    if (state_.load() == state::connected)
        send_now(encode_message(packet_type::disconnect, nullptr, 0, {}), {});
    session_->close(reason, 1008);
}

void sio_socket::on_message(engineio::packet&& p) {
    const auto& opts = *core_->opts;
    if (p.binary) {
        if (!partial_) {
            fail("unexpected binary message");
            return;
        }
        part_bytes_ += p.data.size();
        if (part_bytes_ > opts.max_payload) {
            fail("payload too large");
            return;
        }
        parts_.push_back(std::move(p.data));
        if (parts_.size() == partial_->attachments) {
            auto packet = std::move(*partial_);
            partial_.reset();
            part_bytes_ = 0;
            on_packet(std::move(packet), std::move(parts_));
            parts_ = {};
        }
        return;
    }
    if (partial_) {
        fail("binary attachments missing");
        return;
    }
    auto decoded = socketio::decode(
        p.data, {.max_attachments = opts.max_attachments, .max_depth = 32, .max_nsp_length = 256});
    if (!decoded) {
        fail("parse error");
        return;
    }
    if (decoded->attachments > 0) {
        partial_ = std::move(*decoded);
        parts_.reserve(partial_->attachments);
        return;
    }
    on_packet(std::move(*decoded), {});
}

void sio_socket::on_packet(socketio::packet&& p, std::vector<std::string> attachments) {
    if (p.nsp != "/") {
        if (p.type == packet_type::connect) {
            // Only "/" exists; refuse others the way socket.io does, keeping the session.
            socketio::packet err;
            err.type = packet_type::connect_error;
            err.nsp = p.nsp;
            err.data = json::object{{"message", "Invalid namespace"}};
            session_->send("4" + socketio::encode(err));
        }
        return; // packets for a namespace that was never joined are dropped, as socket.io does
    }
    switch (p.type) {
    case packet_type::connect:
        on_connect_packet(std::move(p));
        break;
    case packet_type::disconnect:
        if (state_.load() == state::connected)
            session_->close_by_peer("client namespace disconnect");
        break;
    case packet_type::event:
    case packet_type::binary_event:
        on_event(std::move(p), std::move(attachments));
        break;
    case packet_type::ack:
    case packet_type::binary_ack:
        on_ack(std::move(p), std::move(attachments));
        break;
    case packet_type::connect_error:
        fail("CONNECT_ERROR from client");
        break;
    }
}

void sio_socket::on_connect_packet(socketio::packet&& p) {
    if (state_.load() != state::waiting) {
        fail("duplicate CONNECT");
        return;
    }
    auth_ = p.data.is_object() ? std::move(p.data) : json::value(json::object{});
    state_ = state::connecting;
    asio::co_spawn(session_->strand(), run_connect(), log_exception{"connect"});
}

task<void> sio_socket::run_connect() {
    auto self = shared_from_this();
    std::optional<std::string> refusal;
    if (core_->on_connect) {
        try {
            refusal = co_await core_->on_connect(self, auth_, session_->handshake());
        } catch (const std::exception& e) {
            log().error("socket.io: connect handler threw: {}", e.what());
            refusal = "internal error";
        }
    }
    if (state_.load() != state::connecting)
        co_return; // the session closed meanwhile
    if (refusal) {
        state_ = state::waiting;
        session_->send(
            encode_message(packet_type::connect_error, json::object{{"message", *refusal}}, 0, {}));
        co_return;
    }
    std::vector<std::pair<std::uint64_t, std::string>> replay;
    if (core_->opts->recovery_window.count() > 0) {
        replay = co_await recover();
        if (state_.load() != state::connecting)
            co_return; // the session closed meanwhile
    }
    state_ = state::connected;
    session_->mark_established();
    core_->add_socket(self);
    json::object ack{{"sid", id_}};
    if (recovery_)
        ack["pid"] = recovery_->pid;
    session_->send(encode_message(packet_type::connect, std::move(ack), 0, {}));
    // What the client missed, with its old offsets, kept again until a pong proves it arrived.
    for (auto& [offset, wire] : replay) {
        {
            std::lock_guard lk(recovery_->mu);
            recovery_->log.append(offset, wire);
        }
        session_->send(std::move(wire));
    }
}

task<void> sio_socket::close_for_reconnect() {
    auto self = shared_from_this();
    auto close = [self]() -> task<void> {
        self->session_->close("replaced by a reconnect", 1000, true);
        co_return;
    };
    co_await asio::co_spawn(session_->strand(), std::move(close), asio::use_awaitable);
}

const std::string& sio_socket::recovery_owner() const noexcept {
    static const std::string none;
    return recovery_ ? recovery_->owner : none;
}

task<std::vector<std::pair<std::uint64_t, std::string>>> sio_socket::recover() {
    auto self = shared_from_this();
    std::string pid;
    std::optional<std::uint64_t> offset;
    if (const auto* o = auth_.if_object()) {
        if (const auto* p = o->if_contains("pid"); p && p->is_string())
            pid = p->get_string();
        if (const auto* f = o->if_contains("offset"); f && f->is_string())
            offset = detail::parse_offset(f->get_string());
    }
    std::shared_ptr<detail::recovery_state> old;
    if (!pid.empty())
        old = co_await core_->take_recovery(pid, owner_, this);
    recovery_ = std::make_shared<detail::recovery_state>();
    recovery_->owner = std::move(owner_);
    std::vector<std::pair<std::uint64_t, std::string>> replay;
    const auto from = offset.value_or(0);
    if (old) {
        std::lock_guard lk(old->mu);
        old->claimed = true;
        replay = old->log.after(from);
        recovery_->last_offset = old->last_offset;
        if (old->lost_through <= from) {
            recovery_->pid = old->pid; // the same pid: socket.io-client's `recovered` is true
        } else {
            log().warn("socket.io {}: recovery after offset {}: events up to {} are no longer "
                       "kept; {} sent again",
                       id_, from, old->lost_through, replay.size());
        }
    } else if (handoff_ && !pid.empty() && handoff_->pid == pid) {
        // The client was on another node, which handed its state over (scale-out).
        replay = std::move(handoff_->events);
        recovery_->last_offset = handoff_->last_offset;
        if (handoff_->complete)
            recovery_->pid = std::move(handoff_->pid);
        else
            log().warn("socket.io {}: recovery from another node after offset {}: some events "
                       "are no longer kept; {} sent again",
                       id_, from, replay.size());
    } else if (!pid.empty()) {
        log().info("socket.io {}: no state to recover for the pid given (expired or unknown)", id_);
    }
    handoff_.reset();
    if (recovery_->pid.empty())
        recovery_->pid = random_string(15, id_alphabet); // 90 bits; short strings need no heap
    core_->register_recovery(self, recovery_);
    co_return replay;
}

void sio_socket::on_event(socketio::packet&& p, std::vector<std::string> attachments) {
    if (state_.load() != state::connected) {
        fail("event before CONNECT");
        return;
    }
    auto& data = p.data.get_array();
    const std::string name(data[0].get_string());
    auto it = core_->handlers.find(name);
    if (it == core_->handlers.end()) {
        fail("unknown event");
        return;
    }
    data.erase(data.begin());
    payload args{std::move(data), std::move(attachments)};
    ack_fn ack;
    if (p.id) {
        ack = [weak = weak_from_this(), id = *p.id,
               sent = std::make_shared<std::atomic<bool>>(false)](payload reply) {
            if (sent->exchange(true))
                return;
            auto self = weak.lock();
            if (!self)
                return;
            const auto type =
                reply.attachments.empty() ? packet_type::ack : packet_type::binary_ack;
            auto wire = encode_message(type, std::move(reply.args), reply.attachments.size(), id);
            self->send_any_thread(std::move(wire), std::move(reply.attachments));
        };
    }
    // Started in arrival order on the strand; each handler runs as its own coroutine so a long
    // one never holds back the next event.
    asio::co_spawn(session_->strand(), it->second(shared_from_this(), std::move(args), ack),
                   log_exception{"event"});
}

void sio_socket::on_ack(socketio::packet&& p, std::vector<std::string> attachments) {
    if (state_.load() != state::connected) {
        fail("ack before CONNECT");
        return;
    }
    auto it = acks_.find(*p.id);
    if (it == acks_.end()) {
        for (auto id : expired_acks_)
            if (id == *p.id)
                return; // arrived after its timeout: not an attack, just late
        fail("unknown ack id");
        return;
    }
    auto waiter = std::move(it->second);
    acks_.erase(it);
    waiter->reply = payload{std::move(p.data.get_array()), std::move(attachments)};
    waiter->timer.cancel();
}

void sio_socket::on_close(const std::string& reason) {
    const auto was = state_.exchange(state::closed);
    partial_.reset();
    parts_.clear();
    for (auto& [id, waiter] : acks_) {
        waiter->reply = make_error_code(errc::unavailable);
        waiter->timer.cancel();
    }
    acks_.clear();
    if (recovery_) {
        if (detail::recoverable_reason(reason))
            core_->park_recovery(recovery_);
        else
            core_->forget_recovery(recovery_->pid);
    }
    if (was != state::connected)
        return;
    core_->remove_socket(id_);
    if (core_->on_disconnect)
        asio::co_spawn(session_->strand(), core_->on_disconnect(shared_from_this(), reason),
                       log_exception{"disconnect"});
}

} // namespace chainlit::realtime
