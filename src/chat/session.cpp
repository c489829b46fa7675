#include "chainlit/chat/session.hpp"

#include "chainlit/core/log.hpp"
#include "cluster_relay.hpp"
#include "ws_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <map>

namespace chainlit {

session::session(std::string id, std::string thread_id, std::optional<chainlit::user> u,
                 std::shared_ptr<const std::filesystem::path> files_root)
    : id_(std::move(id)), thread_id_(std::move(thread_id)), user_(std::move(u)),
      files_root_(std::move(files_root)) {}

json::object session::chat_settings() const {
    std::lock_guard lk(mu_);
    return chat_settings_;
}

void session::set_chat_settings(json::object s) {
    std::lock_guard lk(mu_);
    chat_settings_ = std::move(s);
}

void session::emit_json(std::string_view event, std::string payload_json) {
    emit(event, json::parse(payload_json));
}

std::optional<session_file> session::file(std::string_view id) const {
    std::lock_guard lk(mu_);
    auto it = files_.find(id);
    if (it == files_.end())
        return std::nullopt;
    return it->second;
}

void session::add_file(session_file f) {
    std::lock_guard lk(mu_);
    files_[f.id] = std::move(f);
}

void session::init_user_session(const json::value& env) {
    json::object o;
    o["id"] = id_;
    o["env"] = env.is_object() ? env : json::object{};
    o["chat_settings"] = chat_settings();
    o["user"] = user_ ? json::value(auth::to_json(*user_)) : json::value();
    o["chat_profile"] = chat_profile_;
    o["client_type"] = client_type_;
    user_session_.assign(std::move(o));
}

std::shared_ptr<websocket_session> websocket_session::get_by_id(std::string_view id) {
    return session_index::find(id);
}

task<std::shared_ptr<websocket_session>> websocket_session::find(std::string id) {
    if (auto local = session_index::find(id))
        co_return local;
    auto relay = process_relay();
    if (!relay)
        co_return nullptr;
    co_return co_await relay->find(std::move(id));
}

task<void> session::delivered() {
    co_return;
}

// ---- ws_session_impl ------------------------------------------------------------------------

ws_session_impl::ws_session_impl(std::string id, std::string thread_id,
                                 std::optional<chainlit::user> u,
                                 std::shared_ptr<const std::filesystem::path> files_root,
                                 boost::asio::any_io_executor exec)
    : websocket_session(std::move(id), std::move(thread_id), std::move(u), std::move(files_root)),
      strand(make_io_strand(exec)), cleanup_timer(strand) {}

bool ws_session_impl::connected() const noexcept {
    std::lock_guard lk(mu_);
    return socket_ && socket_->connected();
}

void ws_session_impl::emit_json(std::string_view event, std::string payload_json) {
    {
        std::lock_guard lk(mu_);
        if (socket_ && ready_ && socket_->emit_one_json(event, payload_json))
            return;
    }
    // No browser: buffered as a value, like any other event (rare; parsing costs nothing live).
    emit(event, json::parse(payload_json));
}

void ws_session_impl::emit(std::string_view event, json::value payload) {
    std::lock_guard lk(mu_);
    if (socket_ && ready_ && socket_->emit_one(event, payload))
        return;
    // No browser right now: keep the event for the reconnect (Chainlit loses it).
    if (!pending_)
        pending_ = std::make_unique<std::deque<std::pair<std::string, json::value>>>();
    if (pending_->size() >= max_pending_events) {
        pending_->pop_front();
        if (dropped_++ % 1000 == 0)
            log().warn("session {}: offline event buffer full, dropping oldest events", id_);
    }
    // Kept: re-homed to the default allocator (the caller may have built it in scratch memory).
    pending_->emplace_back(std::string(event),
                           json::value(std::move(payload), json::storage_ptr()));
}

task<result<json::value>> ws_session_impl::call(std::string_view event, json::value payload,
                                                std::chrono::milliseconds timeout) {
    realtime::socket_ptr s;
    {
        std::lock_guard lk(mu_);
        if (socket_ && ready_)
            s = socket_;
    }
    if (!s)
        co_return make_error_code(errc::unavailable);
    json::array args; // built before the await: GCC 12 mis-compiles braced inits across it
    args.push_back(std::move(payload));
    auto r = co_await s->emit_with_ack(event, std::move(args), timeout);
    if (!r)
        co_return r.error();
    json::value out;
    if (!r->args.empty())
        out = r->args.front();
    co_return out;
}

realtime::socket_ptr ws_session_impl::bind(realtime::socket_ptr s) {
    std::lock_guard lk(mu_);
    auto old = std::exchange(socket_, std::move(s));
    ready_ = false;
    return old;
}

bool ws_session_impl::unbind(const realtime::socket* s) {
    std::lock_guard lk(mu_);
    if (socket_.get() != s)
        return false;
    socket_.reset();
    ready_ = false;
    return true;
}

realtime::socket_ptr ws_session_impl::socket() const {
    std::lock_guard lk(mu_);
    return socket_;
}

std::deque<std::pair<std::string, json::value>> ws_session_impl::take_offline() {
    std::lock_guard lk(mu_);
    std::deque<std::pair<std::string, json::value>> out;
    if (pending_)
        out.swap(*pending_);
    pending_.reset();
    return out;
}

void ws_session_impl::keep_offline(std::deque<std::pair<std::string, json::value>> events) {
    if (events.empty())
        return;
    std::lock_guard lk(mu_);
    if (!pending_)
        pending_ = std::make_unique<std::deque<std::pair<std::string, json::value>>>();
    while (!pending_->empty()) { // kept already: later than these
        events.push_back(std::move(pending_->front()));
        pending_->pop_front();
    }
    while (events.size() > max_pending_events)
        events.pop_front();
    pending_->swap(events);
}

void ws_session_impl::restore_user_session(json::object values) {
    values["id"] = id();
    values["client_type"] = client_type();
    values["user"] = user() ? json::value(auth::to_json(*user())) : json::value();
    if (const auto* cs = values.if_contains("chat_settings"); cs && cs->is_object())
        merge_chat_settings(cs->as_object());
    user_session().assign(std::move(values));
}

void ws_session_impl::mark_ready(std::initializer_list<std::string_view> resets) {
    std::lock_guard lk(mu_);
    if (!socket_)
        return;
    for (auto ev : resets)
        socket_->emit(ev, json::array{json::object{}});
    while (pending_ && !pending_->empty()) {
        auto& [ev, payload] = pending_->front();
        if (!socket_->emit_one(ev, payload))
            return; // gone again: keep the rest
        pending_->pop_front();
    }
    pending_.reset();
    if (dropped_) {
        log().warn("session {}: {} offline events were dropped (buffer bound {})", id_, dropped_,
                   max_pending_events);
        dropped_ = 0;
    }
    ready_ = true;
}

std::string ws_session_impl::socket_id() const {
    std::lock_guard lk(mu_);
    return socket_ ? socket_->id() : std::string();
}

void ws_session_impl::set_profile(std::string client_type, std::string chat_profile,
                                  const json::value& env, std::string lang) {
    client_type_ = std::move(client_type);
    chat_profile_ = std::move(chat_profile);
    language = std::move(lang);
    init_user_session(env);
}

void ws_session_impl::merge_chat_settings(const json::object& changes) {
    json::object merged = chat_settings();
    for (const auto& [k, v] : changes)
        merged[k] = v;
    set_chat_settings(merged);
    user_session_.set("chat_settings", merged);
}

json::object ws_session_impl::persistable() const {
    auto o = user_session_.snapshot();
    o["chat_settings"] = chat_settings();
    o["user"] = nullptr; // Chainlit stores the user in the thread row, not in metadata
    return o;
}

void ws_session_impl::remember_message(std::string_view id, std::string_view type,
                                       std::string_view text) {
    std::lock_guard lk(ids_mu);
    message_ids.add(id);
    if (!texts)
        texts = std::make_unique<message_texts>();
    texts->set(*message_ids.position(id), message_texts::role_of(type), text);
}

void ws_session_impl::revise_message(std::string_view id, std::string_view type,
                                     const std::string* text) {
    std::lock_guard lk(ids_mu);
    const auto at = message_ids.position(id);
    if (!at || !texts)
        return; // never shown: nothing to revise
    if (text)
        texts->set(*at, message_texts::role_of(type), *text);
    else
        texts->clear(*at);
}

json::array ws_session_impl::chat_context() {
    std::lock_guard lk(ids_mu);
    return texts ? texts->to_openai() : json::array();
}

void ws_session_impl::remember_action(const action& a) {
    std::lock_guard lk(ids_mu);
    if (!sent_actions)
        sent_actions = std::make_unique<std::vector<action>>();
    auto& list = *sent_actions;
    std::erase_if(list, [&](const action& x) { return x.id == a.id; }); // re-sent: newest copy
    if (list.size() >= max_sent_actions) {
        log().debug("session {}: more than {} actions; the oldest can no longer be clicked", id(),
                    max_sent_actions);
        list.erase(list.begin());
    }
    list.push_back(a);
}

void ws_session_impl::forget_action(std::string_view id) {
    std::lock_guard lk(ids_mu);
    if (sent_actions)
        std::erase_if(*sent_actions, [&](const action& x) { return x.id == id; });
}

std::optional<action> ws_session_impl::sent_action(std::string_view id) {
    std::lock_guard lk(ids_mu);
    if (sent_actions)
        for (const auto& a : *sent_actions)
            if (a.id == id)
                return a;
    return std::nullopt;
}

// ---- index ----------------------------------------------------------------------------------

namespace session_index {
namespace {
std::mutex& mu() {
    static std::mutex m;
    return m;
}
std::map<std::string, std::weak_ptr<ws_session_impl>, std::less<>>& map() {
    static std::map<std::string, std::weak_ptr<ws_session_impl>, std::less<>> m;
    return m;
}
} // namespace

bool add(const std::shared_ptr<ws_session_impl>& s) {
    std::lock_guard lk(mu());
    auto& m = map();
    auto it = m.find(s->id());
    if (it != m.end() && !it->second.expired())
        return false;
    m[s->id()] = s;
    return true;
}

void remove(const std::string& id, const ws_session_impl* s) {
    std::lock_guard lk(mu());
    auto it = map().find(id);
    if (it != map().end()) {
        auto cur = it->second.lock();
        if (!cur || cur.get() == s)
            map().erase(it);
    }
}

std::shared_ptr<ws_session_impl> find(std::string_view id) {
    std::lock_guard lk(mu());
    auto it = map().find(id);
    return it == map().end() ? nullptr : it->second.lock();
}
} // namespace session_index

} // namespace chainlit
