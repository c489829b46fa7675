// Chat sessions across the nodes of a cluster (cluster_relay.hpp).
#include "cluster_relay.hpp"

#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/http/response.hpp"
#include "realtime/forward.hpp" // the realtime layer's node-to-node HTTP (docs/SCALING.md)
#include "remote_session.hpp"
#include "ws_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>

namespace chainlit {
namespace asio = boost::asio;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
/// A record lives this long without its node's heartbeat: a killed node's chats vanish from
/// the directory within it.
constexpr std::chrono::seconds record_ttl{45};
/// The heartbeat writes every live chat's record again (so a restarted, empty Redis has them
/// back within this time).
constexpr std::chrono::seconds heartbeat_every{15};
/// How long a sync waits for the owner's confirmation.
constexpr std::chrono::milliseconds sync_timeout{5'000};
/// An ask's answer may come this much after the ask's own timeout (the bus, both ways).
constexpr std::chrono::milliseconds call_grace{5'000};

/// What a record says of its chat's state (for stale()): the user session's version and the
/// first interaction; never 0, which stands for "never written".
std::uint64_t state_of(const ws_session_impl& s) {
    return ((s.user_session().version() << 1) | (s.has_first_interaction ? 1U : 0U)) + 1;
}

/// The user a record's `user` field names: nullopt for an anonymous chat (an empty field),
/// an error when the field cannot be read.
result<std::optional<user>> record_user(const std::string& field) {
    if (field.empty())
        return std::optional<user>();
    boost::system::error_code ec;
    auto v = json::parse(field, ec);
    if (ec || !v.is_object())
        return make_error_code(errc::invalid_argument);
    auto parsed = auth::user_from_json(v.as_object());
    if (!parsed)
        return parsed.error();
    return std::optional<user>(std::move(*parsed));
}

std::string json_quoted(std::string_view s) {
    return json::serialize(json::string(s));
}

std::mutex process_mu;
std::weak_ptr<cluster_relay> process_relay_ptr;

/// Runs an ask that another node relayed, and sends the answer back. A free coroutine with
/// its arguments by value (GCC 12 and lambda captures, docs/ARCHITECTURE.md).
task<void> run_relayed_call(std::shared_ptr<ws_session_impl> s, relay_message m,
                            std::function<void(std::string_view, const json::value&)> answer) {
    auto r =
        co_await s->call(m.event, std::move(m.payload), std::chrono::milliseconds(m.timeout_ms));
    if (r)
        answer("ok", *r);
    else
        answer(r.error() == make_error_code(errc::timeout) ? "timeout" : "unavailable", nullptr);
}

} // namespace

struct cluster_relay::waiter {
    explicit waiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;
    std::optional<std::pair<std::string, json::value>> reply;
};

void set_process_relay(std::weak_ptr<cluster_relay> relay) {
    std::lock_guard lk(process_mu);
    process_relay_ptr = std::move(relay);
}

std::shared_ptr<cluster_relay> process_relay() {
    std::lock_guard lk(process_mu);
    return process_relay_ptr.lock();
}

cluster_relay::cluster_relay(std::shared_ptr<cluster::node> node,
                             std::weak_ptr<chat_runtime> runtime, asio::any_io_executor ex)
    : node_(std::move(node)), runtime_(std::move(runtime)), ex_(ex), strand_(asio::make_strand(ex)),
      heartbeat_(strand_) {}

void cluster_relay::start() {
    std::weak_ptr<cluster_relay> weak = weak_from_this();
    node_->on_message([weak](std::string text) {
        if (auto self = weak.lock())
            self->deliver(std::move(text));
    });
    asio::dispatch(strand_, [self = shared_from_this()] { self->arm_heartbeat(); });
}

void cluster_relay::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->heartbeat_.cancel();
        for (auto& [id, w] : self->waiting_)
            w->timer.cancel(); // each waiter ends as "no answer"
    });
}

void cluster_relay::arm_heartbeat() {
    heartbeat_.expires_after(heartbeat_every);
    heartbeat_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_)
            return;
        if (auto rt = self->runtime_.lock())
            for (const auto& id : rt->session_ids())
                if (auto s = session_index::find(id))
                    asio::co_spawn(self->ex_,
                                   self->announce(std::move(s), cluster::node::write_mode::renew),
                                   asio::detached);
        self->arm_heartbeat();
    });
}

// ---- the directory --------------------------------------------------------------------------

task<void> cluster_relay::announce(std::shared_ptr<ws_session_impl> s,
                                   cluster::node::write_mode mode) {
    std::map<std::string, std::string> fields;
    fields["address"] = node_->address();
    fields["thread"] = s->thread_id();
    fields["profile"] = s->chat_profile();
    fields["client"] = s->client_type();
    fields["user"] = s->user() ? json::serialize(auth::to_json(*s->user())) : std::string();
    // What another node needs to take the chat over: whether its thread is stored, and its
    // user session (only JSON values there) with its chat settings.
    s->announced_state = state_of(*s);
    fields["started"] = s->has_first_interaction ? "1" : "";
    fields["session"] = json::serialize(s->persistable());
    std::optional<std::string> other;
    try {
        other = co_await node_->put_session(s->id(), std::move(fields), record_ttl, mode);
    } catch (const std::exception& e) {
        // The chat works on this node all the same; other nodes cannot reach it meanwhile.
        log().debug("cluster: session {} not in the directory: {}", s->id(), e.what());
    }
    if (!other)
        co_return;
    if (mode == cluster::node::write_mode::claim) {
        json::object o;
        o["op"] = "moved";
        o["session"] = s->id();
        node_->post(*other, json::serialize(o));
    } else {
        let_go(s->id());
    }
}

bool cluster_relay::stale(const ws_session_impl& s) {
    return s.announced_state.load() != state_of(s);
}

void cluster_relay::refresh(const std::shared_ptr<ws_session_impl>& s) {
    if (stale(*s))
        asio::co_spawn(ex_, announce(s, cluster::node::write_mode::renew), asio::detached);
}

task<std::optional<cluster_relay::prior_chat>> cluster_relay::prior(std::string session_id) {
    std::optional<std::map<std::string, std::string>> record;
    std::string outage;
    try {
        record = co_await record_elsewhere(session_id);
    } catch (const std::exception& e) {
        outage = e.what();
    }
    if (!outage.empty()) {
        log().warn("cluster: session {} connected; whether another node had it is unknown ({}): "
                   "it starts afresh here",
                   session_id, outage);
        co_return std::nullopt;
    }
    if (!record)
        co_return std::nullopt;
    auto& f = *record;
    prior_chat p;
    p.node = f["node"];
    p.thread = f["thread"];
    p.started = f["started"] == "1";
    if (auto owner = record_user(f["user"]); !owner)
        p.owner = std::string("\n"); // a record that cannot be read: nobody may claim it
    else if (*owner)
        p.owner = (*owner)->identifier;
    boost::system::error_code ec;
    auto session = json::parse(f["session"], ec);
    if (!ec && session.is_object())
        p.session = std::move(session.as_object());
    co_return p;
}

void cluster_relay::let_go(const std::string& session_id) {
    auto s = session_index::find(session_id);
    auto rt = runtime_.lock();
    if (!s || !rt || s->runtime.lock() != rt)
        return;
    asio::post(s->strand, [s, rt] {
        if (s->connected())
            return; // its browser is here after all (it came back before the news arrived)
        log().info("session {}: its browser is connected to another node now; ended here", s->id());
        rt->end_session(s);
    });
}

void cluster_relay::forget(const std::string& session_id) {
    node_->drop_session(session_id);
}

task<std::optional<std::map<std::string, std::string>>>
cluster_relay::record_elsewhere(std::string session_id) {
    std::optional<std::map<std::string, std::string>> record;
    std::string outage;
    try {
        record = co_await node_->session(session_id);
    } catch (const cluster::unavailable& e) {
        outage = e.what();
    }
    if (!outage.empty())
        throw http::http_error(503, "The session directory cannot be reached: " + outage);
    // A record this node left behind: the chat is not here any more.
    if (record && ((*record)["node"].empty() || (*record)["node"] == node_->id()))
        record.reset();
    co_return record;
}

task<std::optional<http::response>> cluster_relay::forward(const http::request& req,
                                                           std::string session_id) {
    if (realtime::detail::is_forwarded(req))
        co_return std::nullopt; // the owner itself does not have it: it ended
    auto record = co_await record_elsewhere(std::move(session_id));
    if (!record || (*record)["address"].empty())
        co_return std::nullopt;
    auto& f = *record;
    auto res =
        co_await realtime::detail::forward_request(req, f["address"], std::chrono::seconds(30));
    if (!res)
        co_return http::response::error(503,
                                        "The chat's node (" + f["node"] + ") cannot be reached");
    co_return std::move(*res);
}

task<std::shared_ptr<websocket_session>> cluster_relay::find(std::string session_id) {
    auto record = co_await record_elsewhere(session_id);
    auto rt = runtime_.lock();
    if (!record || !rt)
        co_return nullptr;
    auto& f = *record;
    auto u = record_user(f["user"]);
    if (!u)
        co_return nullptr;
    co_return std::make_shared<remote_ws_session>(std::move(session_id), f["thread"], std::move(*u),
                                                  f["client"], f["profile"], f["node"],
                                                  shared_from_this(), rt);
}

// ---- sending --------------------------------------------------------------------------------

std::string cluster_relay::emit_op(std::string_view event, std::string_view payload_json) {
    std::string m = R"({"op":"emit","event":)" + json_quoted(event) + R"(,"payload":)";
    m += payload_json;
    m += '}';
    return m;
}

std::string cluster_relay::remember_op(std::string_view id, std::string_view type,
                                       const std::string* text, bool revise) {
    json::object o;
    o["op"] = revise ? "revise" : "remember";
    o["id"] = id;
    o["type"] = type;
    if (text)
        o["text"] = *text;
    return json::serialize(o);
}

void cluster_relay::post_batch(const std::string& node, const std::string& session,
                               std::string_view ops) {
    std::string m = R"({"op":"batch","session":)" + json_quoted(session) + R"(,"ops":[)";
    m += ops;
    m += "]}";
    node_->post(node, std::move(m));
}

task<std::pair<std::string, json::value>>
cluster_relay::request(std::string node, std::function<std::string()> message, std::uint64_t call,
                       std::chrono::milliseconds timeout) {
    // On the strand: the waiter table, its timer and the reply that cancels it.
    auto self = shared_from_this();
    auto body = [self, node, message = std::move(message), call,
                 timeout]() mutable -> task<std::pair<std::string, json::value>> {
        auto w = std::make_shared<waiter>(self->strand_);
        self->waiting_[call] = w;
        long long receivers = 0;
        std::string outage;
        try {
            // Written here, on the strand, and sent before this handler yields: nothing the
            // strand runs later can reach the bus before it.
            receivers = co_await self->node_->send(node, message());
        } catch (const std::exception& e) {
            outage = e.what();
        }
        if (outage.empty() && receivers == 0)
            outage = "node " + node + " is not on the bus";
        if (outage.empty() && !w->reply && !self->stopped_) {
            w->timer.expires_after(timeout);
            co_await w->timer.async_wait(use_tuple);
        }
        self->waiting_.erase(call);
        if (!outage.empty())
            throw http::http_error(503, "The chat's node cannot be reached: " + outage);
        if (!w->reply)
            throw http::http_error(503, "The chat's node (" + node + ") did not answer in " +
                                            std::to_string(timeout.count()) + " ms");
        co_return std::move(*w->reply);
    };
    co_return co_await asio::co_spawn(strand_, std::move(body), asio::use_awaitable);
}

json::object cluster_relay::request_envelope(std::string_view op, const std::string& session,
                                             std::uint64_t& id) {
    id = next_call_++;
    json::object o;
    o["op"] = op;
    o["session"] = session;
    o["call"] = id;
    o["from"] = node_->id();
    return o;
}

task<result<json::value>> cluster_relay::call(std::string node, std::string session,
                                              std::string event, json::value payload,
                                              std::chrono::milliseconds timeout) {
    std::uint64_t id = 0;
    auto o = request_envelope("call", session, id);
    o["event"] = event;
    o["payload"] = std::move(payload);
    o["timeout_ms"] = static_cast<std::int64_t>(timeout.count());
    std::pair<std::string, json::value> r;
    bool reached = true;
    try {
        // Named: GCC 12 destroys a temporary's captures inside a co_await twice.
        std::function<std::string()> message = [m = json::serialize(o)] { return m; };
        r = co_await request(node, std::move(message), id, timeout + call_grace);
    } catch (const std::exception& e) {
        log().warn("cluster: an ask into session {} failed: {}", session, e.what());
        reached = false;
    }
    if (!reached || r.first == "unknown" || r.first == "unavailable")
        co_return make_error_code(errc::unavailable);
    if (r.first == "timeout")
        co_return make_error_code(errc::timeout);
    co_return std::move(r.second);
}

task<void> cluster_relay::sync(std::string node, std::string session,
                               std::function<std::string()> take_ops) {
    std::uint64_t id = 0;
    std::function<std::string()> write =
        [m = json::serialize(request_envelope("sync", session, id)),
         take_ops = std::move(take_ops)]() mutable {
            const std::string ops = take_ops ? take_ops() : std::string();
            if (!ops.empty()) { // spliced in as they are: already JSON
                m.pop_back();
                m += R"(,"ops":[)";
                m += ops;
                m += "]}";
            }
            return m;
        };
    auto r = co_await request(node, std::move(write), id, sync_timeout);
    if (r.first == "unknown")
        throw http::http_error(404, "Session not found");
    if (r.first != "ok")
        throw http::http_error(503, "The chat's node refused the sync: " + r.first);
}

// ---- receiving ------------------------------------------------------------------------------

void cluster_relay::reply(const std::string& node, std::uint64_t call, std::string_view status,
                          const json::value& value) {
    json::object o;
    o["op"] = "reply";
    o["call"] = call;
    o["status"] = status;
    o["value"] = value;
    node_->post(node, json::serialize(o));
}

void cluster_relay::complete(std::uint64_t call, std::string status, json::value value) {
    asio::dispatch(strand_, [self = shared_from_this(), call, status = std::move(status),
                             value = std::move(value)]() mutable {
        auto it = self->waiting_.find(call);
        if (it == self->waiting_.end())
            return; // it gave up waiting already
        it->second->reply.emplace(std::move(status), std::move(value));
        it->second->timer.cancel();
    });
}

void cluster_relay::serve_call(relay_message m) {
    auto s = session_index::find(m.session);
    if (!s) {
        reply(m.from, m.call, "unknown", nullptr);
        return;
    }
    std::weak_ptr<cluster_relay> weak = weak_from_this();
    auto answer = [weak, from = m.from, call = m.call](std::string_view status,
                                                       const json::value& v) {
        if (auto self = weak.lock())
            self->reply(from, call, status, v);
    };
    asio::co_spawn(ex_, run_relayed_call(std::move(s), std::move(m), std::move(answer)),
                   asio::detached);
}

void cluster_relay::deliver(std::string text) {
    auto m = parse_relay_message(text);
    if (!m) {
        log().warn("cluster: a malformed bus message was dropped ({} bytes)", text.size());
        return;
    }
    using kind = relay_message::kind;
    if (m->op == kind::reply) {
        complete(m->call, std::move(m->status), std::move(m->payload));
        return;
    }
    if (m->op == kind::call) {
        serve_call(std::move(*m));
        return;
    }
    if (m->op == kind::handover) {
        serve_handover(std::move(*m));
        return;
    }
    // Emits, remembers and syncs are handled here, on the bus's strand, one after the other:
    // that is what keeps a session's events in the order they were sent.
    auto s = session_index::find(m->session);
    if (m->op == kind::batch || m->op == kind::sync) {
        for (auto& op : m->ops)
            apply(s, op);
        if (m->op == kind::sync)
            reply(m->from, m->call, s ? "ok" : "unknown", nullptr);
        return;
    }
    if (m->op == kind::moved) {
        let_go(m->session);
        return;
    }
    apply(s, *m);
}

void cluster_relay::apply(const std::shared_ptr<ws_session_impl>& s, relay_message& m) {
    using kind = relay_message::kind;
    switch (m.op) {
    case kind::emit:
        if (s)
            s->emit_json(m.event, json::serialize(m.payload));
        else
            log().debug("cluster: an event for ended session {} was dropped", m.session);
        return;
    case kind::remember:
        if (s)
            s->remember_message(m.id, m.type, *m.text);
        return;
    case kind::revise:
        if (s)
            s->revise_message(m.id, m.type, m.text ? &*m.text : nullptr);
        return;
    default:
        return;
    }
}

} // namespace chainlit
