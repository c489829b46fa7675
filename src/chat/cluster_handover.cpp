// A chat moving between two running nodes (cluster_relay::hand_over, docs/SCALING.md "A
// network blip"): its browser lost its connection and came back through another node. The new
// node asks the old one over the bus; the old one gives up the socket's recovery state and the
// events it kept offline, ends the chat, commits its writes, and replies with all of it.
#include "chainlit/core/log.hpp"
#include "cluster_relay.hpp"
#include "json_fields.hpp"
#include "realtime/recovery.hpp" // parse_offset: the realtime layer's own offsets
#include "runtime_impl.hpp"
#include "ws_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

namespace chainlit {

namespace asio = boost::asio;

namespace {

/// Long enough for a node busy with its own traffic; short enough that a node that hangs delays
/// its browsers' reconnect by little (they are taken over from the record then).
constexpr std::chrono::milliseconds handover_timeout{3'000};

std::optional<std::uint64_t> uint_of(const json::value& v) {
    if (const auto* u = v.if_uint64())
        return *u;
    if (const auto* i = v.if_int64(); i && *i >= 0)
        return static_cast<std::uint64_t>(*i);
    return std::nullopt;
}

std::optional<realtime::recovery_handoff> parse_recovery(const json::object& o) {
    const auto* pid = o.if_contains("pid");
    const auto* last = o.if_contains("last_offset");
    const auto* complete = o.if_contains("complete");
    const auto* events = o.if_contains("events");
    if (!pid || !pid->is_string() || !last || !complete || !complete->is_bool() || !events ||
        !events->is_array())
        return std::nullopt;
    realtime::recovery_handoff h;
    h.pid = pid->get_string();
    const auto l = uint_of(*last);
    if (!l)
        return std::nullopt;
    h.last_offset = *l;
    h.complete = complete->get_bool();
    for (const auto& e : events->get_array()) {
        const auto* pair = e.if_array();
        if (!pair || pair->size() != 2 || !(*pair)[1].is_string())
            return std::nullopt;
        const auto offset = uint_of((*pair)[0]);
        // A packet goes out as it is: only an EVENT of the default namespace ("42[...]") may.
        const auto& wire = (*pair)[1].get_string();
        if (!offset || *offset > h.last_offset || wire.size() < 4 || wire[0] != '4' ||
            wire[1] != '2' || wire[2] != '[')
            return std::nullopt;
        h.events.emplace_back(*offset, std::string(wire));
    }
    return h;
}

} // namespace

std::optional<moved_chat> parse_moved_chat(const json::value& v) {
    const auto* o = v.if_object();
    if (!o)
        return std::nullopt;
    moved_chat m;
    const auto* session = o->if_contains("session");
    const auto* started = o->if_contains("started");
    const auto* offline = o->if_contains("offline");
    const auto* recovery = o->if_contains("recovery");
    if (!session || !session->is_object() || !started || !started->is_bool() || !offline ||
        !offline->is_array())
        return std::nullopt;
    m.session = session->get_object();
    m.started = started->get_bool();
    for (const auto& e : offline->get_array()) {
        const auto* pair = e.if_array();
        if (!pair || pair->size() != 2 || !(*pair)[0].is_string() ||
            (*pair)[0].get_string().empty())
            return std::nullopt;
        m.offline.emplace_back(std::string((*pair)[0].get_string()), (*pair)[1]);
    }
    if (recovery && !recovery->is_null()) {
        const auto* r = recovery->if_object();
        if (!r)
            return std::nullopt;
        m.recovery = parse_recovery(*r);
        if (!m.recovery)
            return std::nullopt;
    }
    return m;
}

json::value to_json(const moved_chat& m) {
    json::object o;
    o["session"] = m.session;
    o["started"] = m.started;
    json::array offline;
    for (const auto& [event, payload] : m.offline)
        offline.push_back(json::array{json::string(event), payload});
    o["offline"] = std::move(offline);
    if (m.recovery) {
        json::array events;
        for (const auto& [offset, wire] : m.recovery->events)
            events.push_back(json::array{offset, json::string(wire)});
        o["recovery"] = json::object{{"pid", m.recovery->pid},
                                     {"last_offset", m.recovery->last_offset},
                                     {"complete", m.recovery->complete},
                                     {"events", std::move(events)}};
    } else {
        o["recovery"] = nullptr;
    }
    return o;
}

// ---- the node the browser reconnected to ----------------------------------------------------

task<cluster_relay::handover_answer>
cluster_relay::hand_over(std::string node, std::string session_id, std::optional<user> u,
                         std::string client_type, const json::value& auth) {
    json::object args;
    args["user"] = u ? json::value(u->identifier) : json::value();
    args["client"] = client_type;
    if (const auto* a = auth.if_object()) {
        args["pid"] = string_field(*a, "pid");
        if (auto off = realtime::detail::parse_offset(string_field(*a, "offset")))
            args["offset"] = *off;
    }
    std::uint64_t id = 0;
    auto o = request_envelope("handover", session_id, id);
    o["payload"] = std::move(args);
    std::pair<std::string, json::value> r;
    std::string failure;
    try {
        // Named: GCC 12 destroys a temporary's captures inside a co_await twice.
        std::function<std::string()> message = [m = json::serialize(o)] { return m; };
        r = co_await request(node, std::move(message), id, handover_timeout);
    } catch (const std::exception& e) {
        failure = e.what(); // gone (killed), or too slow: taken over from the record instead
    }
    handover_answer answer;
    if (!failure.empty()) {
        log().info("cluster: session {} not handed over by node {}: {}", session_id, node, failure);
        co_return answer;
    }
    if (r.first == "refused") {
        answer.refused = true;
        co_return answer;
    }
    if (r.first != "ok")
        co_return answer; // it does not have the chat (any more)
    answer.chat = parse_moved_chat(r.second);
    if (!answer.chat)
        log().warn("cluster: node {} handed session {} over in a malformed reply; it is taken "
                   "over from the directory instead",
                   node, session_id);
    co_return answer;
}

// ---- the node that had the chat -------------------------------------------------------------

void cluster_relay::serve_handover(relay_message m) {
    auto s = session_index::find(m.session);
    auto rt = runtime_.lock();
    if (!s || !rt || s->runtime.lock() != rt) {
        reply(m.from, m.call, "unknown", nullptr);
        return;
    }
    asio::co_spawn(ex_, run_handover(std::move(s), std::move(m)), asio::detached);
}

task<void> cluster_relay::run_handover(std::shared_ptr<ws_session_impl> s, relay_message m) {
    auto rt = runtime_.lock();
    if (!rt) {
        reply(m.from, m.call, "unknown", nullptr);
        co_return;
    }
    const auto& args = m.payload.get_object();
    const auto* claimed = args.if_contains("user");
    const std::string client = string_field(args, "client");
    // Checked here too: this node holds the chat, and only its own user may move it (the
    // session-hijack CVE), with the same client type its recovery state belongs to.
    const bool same_user = s->user() ? claimed && claimed->is_string() &&
                                           claimed->get_string() == s->user()->identifier
                                     : claimed && claimed->is_null();
    if (!same_user || client != s->client_type()) {
        log().warn("cluster: node {} asked for session {} for another user or client; refused",
                   m.from, s->id());
        reply(m.from, m.call, "refused", nullptr);
        co_return;
    }
    moved_chat out;
    const std::string pid = string_field(args, "pid");
    std::uint64_t after = 0;
    if (const auto* off = args.if_contains("offset"))
        after = uint_of(*off).value_or(0);
    if (!pid.empty() && rt->impl_->handover)
        out.recovery =
            co_await rt->impl_->handover(pid, recovery_owner(s->id(), s->user(), client), after);
    // The chat ends here, on its strand, taking along what it kept for the browser. A socket
    // still bound is a dead transport (the browser is on the other node): it goes.
    auto leave = [rt, s, &out]() -> task<void> {
        if (auto old = s->socket(); old && old->connected())
            old->disconnect();
        out.offline = s->take_offline();
        out.session = s->persistable();
        out.started = s->has_first_interaction;
        log().info("session {}: its browser reconnected to another node; handed over", s->id());
        rt->end_session(s);
        co_return;
    };
    co_await asio::co_spawn(s->strand, std::move(leave), asio::use_awaitable);
    // What this node wrote is committed before the other reads the thread.
    if (auto* store = rt->store())
        co_await store->sync();
    reply(m.from, m.call, "ok", to_json(out));
}

} // namespace chainlit
