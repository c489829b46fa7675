// The ask flows of spec B.1: the asking message travels only inside the `ask` event, and the
// browser answers through the Socket.IO ack.
#include "chainlit/chat/context.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/time.hpp"
#include "ownership.hpp"
#include "persist_convert.hpp"
#include "ws_session.hpp"

namespace chainlit {

namespace {
message asking_message(std::string prompt, const context& ctx, const std::string& ui_name) {
    message m(std::move(prompt), ui_name);
    m.created_at = iso_now();
    m.parent_id = ctx.current_parent();
    m.thread_id = ctx.session().thread_id();
    return m;
}

json::object ask_payload(const message& m, json::object spec) {
    auto d = m.to_dict();
    d["waitForAnswer"] = true;
    return json::object{{"msg", std::move(d)}, {"spec", std::move(spec)}};
}
} // namespace

task<std::string> context::after_ask_reply(const json::value& reply_step,
                                           const std::vector<session_file>& files) {
    // Order the client expects (spec H.3): task_end, the reply's processing, clear_ask, then
    // task_start because control returns to the still-running handler.
    emit("task_end", json::object{});
    std::string interaction;
    if (const auto* o = reply_step.if_object())
        if (const auto* out = o->if_contains("output"); out && out->is_string())
            interaction = std::string(out->as_string());
    // The answer is the user's message: persisted, and possibly the first interaction.
    message answer(interaction);
    answer.type = "user_message";
    answer.created_at = iso_now();
    answer.thread_id = session_->thread_id();
    answer.parent_id = current_parent();
    if (const auto* o = reply_step.if_object())
        if (const auto* id = o->if_contains("id");
            id && id->is_string() && is_uuid(id->as_string()))
            answer.id = std::string(id->as_string());
    // The browser chose that id: if another thread already has it, the answer keeps a fresh
    // one rather than touching that row (docs/SECURITY.md).
    if (auto* store = runtime_->store()) {
        const std::string tid = session_->thread_id();
        const std::string chosen = answer.id;
        if (!co_await ownership::step_id_usable(*store, tid, chosen))
            answer.id = uuid4();
    }
    runtime_->persist(
        *session_, [d = to_step_dict(answer)](data::data_layer& dl) { return dl.create_step(d); });
    runtime_->first_interaction(*session_, interaction);
    // A file ask's uploads are the answer's elements (spec B.1: "persists File elements"), so
    // they outlive the session's file store like a message's attachments.
    attach_uploads(*runtime_, *session_, answer.id, files);
    emit("clear_ask", json::object{});
    emit("task_start", json::object{});
    co_return answer.id;
}

task<std::optional<message>> context::ask_user(std::string prompt, std::chrono::seconds timeout) {
    check_cancelled();
    auto m = asking_message(std::move(prompt), *this, runtime_->ui_name());
    json::object spec;
    spec["type"] = "text";
    spec["step_id"] = m.id;
    spec["timeout"] = timeout.count();
    auto r = co_await session_->call("ask", ask_payload(m, std::move(spec)), timeout);
    check_cancelled();
    if (!r) {
        if (r.error() == make_error_code(errc::timeout))
            emit("ask_timeout", json::object{});
        co_return std::nullopt;
    }
    const auto* o = r->if_object();
    const auto* out = o ? o->if_contains("output") : nullptr;
    if (!out || !out->is_string()) {
        emit("clear_ask", json::object{});
        co_return std::nullopt; // a malformed answer is treated as no answer
    }
    std::string stored_as = co_await after_ask_reply(*r);
    message reply(std::string(out->as_string()));
    reply.type = "user_message";
    reply.id = std::move(stored_as);
    if (const auto* name = o->if_contains("name"); name && name->is_string())
        reply.author = std::string(name->as_string());
    reply.created_at = iso_now();
    reply.thread_id = session_->thread_id();
    co_return reply;
}

task<std::optional<action>> context::ask_action(std::string prompt, std::vector<action> actions,
                                                std::chrono::seconds timeout) {
    check_cancelled();
    auto m = asking_message(std::move(prompt), *this, runtime_->ui_name());
    json::array keys;
    for (auto& a : actions) {
        a.for_id = m.id;
        keys.push_back(json::value(a.id));
    }
    // The actions are shown before the ask, since the ask message refers to them.
    for (auto& a : actions)
        emit("action", a.to_json());
    // Built key by key: GCC 12 mis-compiles braced json initializers kept across an await.
    json::object spec;
    spec["type"] = "action";
    spec["step_id"] = m.id;
    spec["timeout"] = timeout.count();
    spec["keys"] = std::move(keys);
    auto r = co_await session_->call("ask", ask_payload(m, std::move(spec)), timeout);
    for (auto& a : actions)
        emit("remove_action", a.to_json());
    std::optional<action> chosen;
    if (r) {
        if (auto a = action::from_json(*r)) {
            for (const auto& offered : actions)
                if (offered.id == a->id)
                    chosen = offered; // trust our own copy, not the client's payload
        }
    }
    m.content = chosen ? "**Selected:** " + chosen->label : "Timed out: no action was taken";
    emit("update_message", m.to_dict());
    check_cancelled();
    if (!r) {
        if (r.error() == make_error_code(errc::timeout))
            emit("ask_timeout", json::object{});
        co_return std::nullopt;
    }
    // Temporaries with braced json initializers inside a co_await expression are mis-compiled
    // by GCC 12 ("array used as initializer"): build them first.
    json::object reply;
    reply["output"] = chosen ? chosen->name : "";
    co_await after_ask_reply(reply);
    co_return chosen;
}

task<std::optional<std::vector<uploaded_file>>> context::ask_file(std::string prompt) {
    file_ask_options opts; // not a coroutine: the options are built outside any co_await
    return ask_file(std::move(prompt), std::move(opts));
}

task<std::optional<std::vector<uploaded_file>>> context::ask_file(std::string prompt,
                                                                  file_ask_options opts) {
    check_cancelled();
    auto m = asking_message(std::move(prompt), *this, runtime_->ui_name());
    json::array accept;
    for (const auto& a : opts.accept)
        accept.push_back(json::value(a));
    json::object spec;
    spec["type"] = "file";
    spec["step_id"] = m.id;
    spec["timeout"] = opts.timeout.count();
    spec["accept"] = std::move(accept);
    spec["max_size_mb"] = opts.max_size_mb;
    spec["max_files"] = opts.max_files;
    auto r = co_await session_->call("ask", ask_payload(m, std::move(spec)), opts.timeout);
    check_cancelled();
    if (!r) {
        if (r.error() == make_error_code(errc::timeout))
            emit("ask_timeout", json::object{});
        co_return std::nullopt;
    }
    std::vector<uploaded_file> files;
    std::string names;
    if (const auto* arr = r->if_array()) {
        for (const auto& ref : *arr) {
            const auto* o = ref.if_object();
            const auto* id = o ? o->if_contains("id") : nullptr;
            if (!id || !id->is_string())
                continue;
            // Only files uploaded into this very session count: ids from elsewhere are ignored.
            if (auto f = session_->file(id->as_string())) {
                names += (names.empty() ? "" : ",") + f->name;
                files.push_back(std::move(*f));
            }
        }
    }
    json::object reply;
    reply["output"] = names;
    co_await after_ask_reply(reply, files);
    co_return files;
}

} // namespace chainlit
