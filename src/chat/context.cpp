#include "chainlit/chat/context.hpp"

#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/time.hpp"
#include "file_store.hpp"
#include "ownership.hpp"
#include "persist_convert.hpp"
#include "ws_session.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <cstddef>

namespace chainlit {

context::context(std::shared_ptr<chainlit::session> s, std::shared_ptr<chat_runtime> rt)
    : session_(std::move(s)), runtime_(std::move(rt)) {}

void context::check_cancelled() const {
    if (cancelled_ && cancelled_->load())
        throw task_cancelled();
}

task<void> context::delivered() const {
    if (session_->relayed())
        co_await session_->delivered();
}

std::string context::current_parent() const {
    return parents_.empty() ? "" : parents_.back();
}

void context::emit(std::string_view event, json::value payload) const {
    session_->emit(event, std::move(payload));
}

namespace {

/// Memory for a payload built only to be serialized at once: a step dict's strings come from
/// this stack buffer instead of about ten mallocs. A session that must keep the payload (its
/// offline buffer) copies it out first (ws_session_impl::emit).
class payload_scratch {
public:
    json::storage_ptr storage() noexcept { return &memory_; }

private:
    alignas(std::max_align_t) unsigned char buffer_[4096];
    json::monotonic_resource memory_{buffer_, sizeof buffer_};
};

} // namespace

void context::emit_dict(std::string_view event, const message& m, bool streaming) const {
    std::string text;
    text.reserve(512 + m.content.size());
    m.write_dict(text, streaming);
    session_->emit_json(event, std::move(text));
}

void context::emit_dict(std::string_view event, const step& s) const {
    std::string text;
    text.reserve(512 + s.input.size() + s.output.size());
    s.write_dict(text);
    session_->emit_json(event, std::move(text));
}

void context::emit_token(const std::string& id, std::string_view token, bool is_sequence,
                         bool is_input) const {
    payload_scratch scratch;
    emit("stream_token",
         json::object(
             {{"id", id}, {"token", token}, {"isSequence", is_sequence}, {"isInput", is_input}},
             scratch.storage()));
}

task<void> context::send_elements(std::vector<element>& elements, const std::string& for_id) {
    for (auto& e : elements) {
        e.for_id = for_id;
        co_await send_element(e);
    }
}

task<void> context::claim_thread() {
    auto* store = runtime_->store();
    if (!store) {
        session_->set_thread_verified();
        co_return;
    }
    const std::string tid = session_->thread_id();
    const std::optional<user> u = session_->user();
    auto refused = co_await ownership::claim_thread(*store, tid, u);
    if (refused)
        throw access_denied(*refused);
    session_->set_thread_verified();
}

json::array context::chat_context() const {
    return session_->chat_context();
}

task<void> context::name_author(message& m) const {
    if (m.author.empty())
        m.author = runtime_->ui_name();
    const auto& rename = runtime_->hooks().author_rename;
    if (rename && !m.author_renamed) {
        m.author = co_await rename(m.author);
        m.author_renamed = true;
    }
}

void context::send_token_usage(std::int64_t count) {
    emit("token_usage", count);
}

task<void> context::send(message& m) {
    check_cancelled();
    if (!session_->thread_verified())
        co_await claim_thread();
    if (m.created_at.empty())
        m.created_at = iso_now();
    if (m.parent_id.empty())
        m.parent_id = current_parent();
    co_await name_author(m);
    m.thread_id = session_->thread_id();
    emit_dict("new_message", m);
    persist_step(m);
    session_->remember_message(m.id, m.type, m.content);
    for (auto& a : m.actions) {
        a.for_id = m.id;
        co_await send_action(a);
    }
    co_await send_elements(m.elements, m.id); // a message's elements go after it (spec F)
    if (session_->relayed()) // another node's chat: wait until it is in the stream there
        co_await session_->delivered();
}

task<void> context::update(message& m) {
    check_cancelled();
    if (!session_->thread_verified())
        co_await claim_thread();
    m.thread_id = session_->thread_id();
    if (m.author.empty())
        m.author = runtime_->ui_name();
    emit_dict("update_message", m);
    persist_step(m);
    session_->revise_message(m.id, m.type, &m.content);
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::remove(const message& m) {
    if (!session_->thread_verified())
        co_await claim_thread();
    emit("delete_message", json::object{{"id", m.id}});
    session_->revise_message(m.id, m.type, nullptr);
    // Only this chat's own message: a removal never reaches into another thread.
    runtime_->persist(*session_, [id = m.id, tid = session_->thread_id()](data::data_layer& d) {
        return d.delete_step(id, std::string_view(tid));
    });
    if (session_->relayed())
        co_await session_->delivered();
}

namespace {
void persist_step_dict(chat_runtime& rt, session& s, data::step_dict d) {
    rt.persist(s, [d = std::move(d)](data::data_layer& dl) { return dl.create_step(d); });
}
} // namespace

void context::persist_step(const message& m) {
    if (runtime_->store())
        persist_step_dict(*runtime_, *session_, to_step_dict(m));
}

void context::persist_step(const step& s) {
    if (runtime_->store())
        persist_step_dict(*runtime_, *session_, to_step_dict(s));
}

task<void> context::stream_token(message& m, std::string_view token, bool is_sequence) {
    check_cancelled();
    if (m.created_at.empty()) {
        // First token: the full dict with the token already in `output` (spec H.1).
        m.created_at = iso_now();
        if (m.parent_id.empty())
            m.parent_id = current_parent();
        co_await name_author(m);
        m.thread_id = session_->thread_id();
        m.content = is_sequence ? std::string(token) : m.content + std::string(token);
        emit_dict("stream_start", m, true);
    } else {
        m.content = is_sequence ? std::string(token) : m.content + std::string(token);
        emit_token(m.id, token, is_sequence, false);
    }
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::send_error(std::string text) {
    if (!session_->thread_verified())
        co_await claim_thread();
    message m(std::move(text), "Error");
    m.is_error = true;
    m.created_at = iso_now();
    m.parent_id = current_parent();
    m.thread_id = session_->thread_id();
    emit_dict("new_message", m);
    persist_step(m);
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::run_step(step s, std::function<task<void>(context&, step&)> body) {
    check_cancelled();
    if (!session_->thread_verified())
        co_await claim_thread();
    if (s.parent_id.empty())
        s.parent_id = current_parent();
    s.thread_id = session_->thread_id();
    s.created_at = s.start = iso_now();
    co_await send_elements(s.elements, s.id); // a step's elements go before it (spec F)
    emit_dict("new_message", s);
    persist_step(s);
    context child = *this;
    child.push_parent(s.id);
    std::exception_ptr failure;
    try {
        co_await body(child, s);
    } catch (const task_cancelled&) {
        failure = std::current_exception();
    } catch (const std::exception& e) {
        s.is_error = true;
        s.output = e.what();
        failure = std::current_exception();
    } catch (...) {
        s.is_error = true;
        s.output = "unknown error";
        failure = std::current_exception();
    }
    s.end = iso_now();
    emit_dict("update_message", s);
    persist_step(s);
    if (session_->relayed() && !failure)
        co_await session_->delivered();
    if (failure)
        std::rethrow_exception(failure);
}

task<void> context::stream_step_token(step& s, std::string_view token, bool is_input) {
    check_cancelled();
    (is_input ? s.input : s.output) += token;
    emit_token(s.id, token, false, is_input);
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::update_step(step& s) {
    check_cancelled();
    if (!session_->thread_verified())
        co_await claim_thread();
    emit_dict("update_message", s);
    persist_step(s);
    if (session_->relayed())
        co_await session_->delivered();
}

json::object context::element_wire(element& e) {
    json::object d{{"id", e.id},
                   {"threadId", session_->thread_id()},
                   {"type", e.type},
                   {"name", e.name},
                   {"display", e.display},
                   {"forId", e.for_id.empty() ? json::value() : json::value(e.for_id)},
                   {"mime", e.effective_mime()}};
    if (!e.url.empty()) {
        d["url"] = e.url;
    } else {
        // Content goes to the session's file store; the browser fetches it over HTTP.
        auto stored = store_session_file(*session_, e.name, e.effective_mime(), e.content);
        if (!stored)
            throw std::runtime_error("cannot store element " + e.name + ": " +
                                     stored.error().message());
        d["chainlitKey"] = stored->id;
        d["url"] = nullptr;
    }
    if (!e.size.empty())
        d["size"] = e.size;
    if (!e.language.empty())
        d["language"] = e.language;
    if (e.page)
        d["page"] = *e.page;
    if (e.auto_play)
        d["autoPlay"] = true;
    if (!e.props.is_null())
        d["props"] = e.props;
    return d;
}

task<void> context::send_element(element& e) {
    check_cancelled();
    if (!session_->thread_verified())
        co_await claim_thread();
    auto d = element_wire(e);
    const auto* key = d.if_contains("chainlitKey");
    const std::string file_id = key && key->is_string() ? std::string(key->as_string()) : "";
    if (auto* store = runtime_->store()) {
        // The bytes sit in the session's file store; the row's write keeps them (objectKey).
        auto file = file_id.empty() ? std::nullopt : session_->file(file_id);
        runtime_->persist(*session_,
                          element_write(to_element_dict(e, session_->thread_id(), file_id),
                                        file ? file->path : std::filesystem::path(),
                                        store->element_files()));
    }
    emit("element", std::move(d));
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::remove_element(const element& e) {
    emit("remove_element", json::object{{"id", e.id}});
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::send_action(action& a) {
    check_cancelled();
    if (auto* ws = dynamic_cast<ws_session_impl*>(session_.get()))
        ws->remember_action(a); // only actions it was sent can be clicked (/project/action)
    emit("action", a.to_json());
    if (session_->relayed())
        co_await session_->delivered();
}

task<void> context::remove_action(const action& a) {
    if (auto* ws = dynamic_cast<ws_session_impl*>(session_.get()))
        ws->forget_action(a.id);
    emit("remove_action", a.to_json());
    if (session_->relayed())
        co_await session_->delivered();
}

void context::toast(std::string_view text, std::string_view type) {
    if (type != "info" && type != "success" && type != "warning" && type != "error")
        throw std::invalid_argument("toast type must be info, success, warning or error");
    emit("toast", json::object{{"message", text}, {"type", type}});
}

void context::set_sidebar_title(std::string_view title) {
    emit("set_sidebar_title", json::string(title));
}

task<void> context::set_sidebar_elements(std::vector<element> elements, std::string key) {
    json::array list;
    for (auto& e : elements) {
        auto d = element_wire(e);
        emit("element", d);
        list.push_back(std::move(d));
    }
    emit("set_sidebar_elements",
         json::object{{"elements", std::move(list)},
                      {"key", key.empty() ? json::value() : json::value(key)}});
    co_return; // without it this is no coroutine and falls off the end (UB)
}

void context::send_window_message(json::value data) {
    emit("window_message", std::move(data));
}
void context::set_chat_settings(json::array widgets) {
    emit("chat_settings", std::move(widgets));
}
void context::set_commands(const std::vector<command>& commands) {
    emit("set_commands", to_json(commands));
}

task<result<json::value>> context::call_fn(std::string name, json::object args,
                                           std::chrono::seconds timeout) {
    json::object payload;
    payload["name"] = std::move(name);
    payload["args"] = std::move(args);
    result<json::value> r = co_await session_->call("call_fn", std::move(payload), timeout);
    if (!r && r.error() == make_error_code(errc::timeout))
        emit("call_fn_timeout", json::object{});
    emit("clear_call_fn", json::object{});
    co_return r;
}

} // namespace chainlit
