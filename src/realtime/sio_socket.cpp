#include "sio_socket.hpp"

#include "chainlit/core/log.hpp"
#include "chainlit/core/random.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>

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
    wire.reserve(wire.size() + event.size() + arg_json.size() + 8);
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

void sio_socket::send_any_thread(std::string wire, std::vector<std::string> attachments) {
    asio::dispatch(session_->strand(), [self = shared_from_this(), w = std::move(wire),
                                        a = std::move(attachments)]() mutable {
        const auto st = self->state_.load();
        if (st == state::connected || st == state::connecting)
            self->send_now(std::move(w), std::move(a));
    });
}

bool sio_socket::emit(std::string_view event, json::array args,
                      std::vector<std::string> attachments) {
    const auto st = state_.load();
    if (st != state::connected && st != state::connecting)
        return false;
    const auto type = attachments.empty() ? packet_type::event : packet_type::binary_event;
    // Serialize on the caller's thread: the strand only queues bytes.
    auto wire = encode_message(type, event_data(event, std::move(args)), attachments.size(), {});
    send_any_thread(std::move(wire), std::move(attachments));
    return true;
}

bool sio_socket::emit_one(std::string_view event, const json::value& arg) {
    return emit_one_json(event, json::serialize(arg));
}

bool sio_socket::emit_one_json(std::string_view event, std::string_view arg_json) {
    const auto st = state_.load();
    if (st != state::connected && st != state::connecting)
        return false;
    send_any_thread(encode_message_json(event, arg_json), {});
    return true;
}

task<result<payload>> sio_socket::emit_with_ack(std::string_view event, json::array args,
                                                std::chrono::milliseconds timeout,
                                                std::vector<std::string> attachments) {
    auto self = shared_from_this();
    co_return co_await asio::co_spawn(
        session_->strand(),
        self->ack_call(event_data(event, std::move(args)), std::move(attachments), timeout),
        asio::use_awaitable);
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
    state_ = state::connected;
    session_->mark_established();
    core_->add_socket(self);
    session_->send(encode_message(packet_type::connect, json::object{{"sid", id_}}, 0, {}));
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
    if (was != state::connected)
        return;
    core_->remove_socket(id_);
    if (core_->on_disconnect)
        asio::co_spawn(session_->strand(), core_->on_disconnect(shared_from_this(), reason),
                       log_exception{"disconnect"});
}

} // namespace chainlit::realtime
