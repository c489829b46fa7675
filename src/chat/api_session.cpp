#include "api_session.hpp"

#include "json_fields.hpp"

namespace chainlit {

api_session::api_session(std::string id, std::string thread_id, std::optional<chainlit::user> u,
                         std::shared_ptr<const std::filesystem::path> files_root,
                         std::string chat_profile, std::vector<context_entry> context)
    : session(std::move(id), std::move(thread_id), std::move(u), std::move(files_root)),
      context_(std::move(context)) {
    client_type_ = "api";
    chat_profile_ = std::move(chat_profile);
    init_user_session(json::object{});
}

task<result<json::value>> api_session::call(std::string_view, json::value,
                                            std::chrono::milliseconds) {
    co_return make_error_code(errc::unavailable); // no browser to answer an ask
}

void api_session::emit(std::string_view event, json::value payload) {
    const auto* o = payload.if_object();
    if (!o)
        return;
    const std::string id = string_field(*o, "id");
    if (id.empty())
        return;
    if (event == "stream_token") {
        const auto* seq = o->if_contains("isSequence");
        const auto* input = o->if_contains("isInput");
        if (input && input->is_bool() && input->as_bool())
            return;
        const std::string token = string_field(*o, "token");
        if (seq && seq->is_bool() && seq->as_bool())
            upsert_part(id, token);
        else
            append_to_part(id, token);
        return;
    }
    if (event == "new_message" || event == "stream_start" || event == "update_message") {
        if (string_field(*o, "type") == "assistant_message") {
            std::lock_guard lk(reply_mu_);
            const bool known = std::any_of(parts_.begin(), parts_.end(),
                                           [&](const part& p) { return p.id == id; });
            if (!known && (event == "update_message" || !capturing_))
                return; // only what on_message sends makes the reply
        } else {
            if (event == "update_message")
                if (const auto* g = o->if_contains("generation"); g && g->is_object())
                    record_usage(*o);
            return;
        }
        upsert_part(id, string_field(*o, "output"));
        return;
    }
    if (event == "delete_message") {
        std::lock_guard lk(reply_mu_);
        const auto before = parts_.size();
        std::erase_if(parts_, [&](const part& p) { return p.id == id; });
        if (parts_.size() != before)
            rebuild_locked();
    }
}

void api_session::upsert_part(const std::string& id, std::string text) {
    std::lock_guard lk(reply_mu_);
    auto it = std::find_if(parts_.begin(), parts_.end(), [&](const part& p) { return p.id == id; });
    if (it == parts_.end()) {
        if (!capturing_)
            return;
        parts_.push_back({id, std::move(text)});
    } else {
        it->text = std::move(text);
    }
    rebuild_locked();
}

void api_session::append_to_part(const std::string& id, std::string_view token) {
    std::lock_guard lk(reply_mu_);
    if (parts_.empty())
        return;
    if (parts_.back().id == id && !parts_.back().text.empty() &&
        emitted_.size() == joined_.size()) {
        // The common case, a token at the end of what was already streamed: no rebuild.
        parts_.back().text.append(token);
        joined_.append(token);
        flush_locked();
        return;
    }
    auto it = std::find_if(parts_.begin(), parts_.end(), [&](const part& p) { return p.id == id; });
    if (it == parts_.end())
        return;
    it->text.append(token);
    rebuild_locked();
}

void api_session::rebuild_locked() {
    joined_.clear();
    for (const auto& p : parts_) {
        if (p.text.empty())
            continue;
        if (!joined_.empty())
            joined_ += "\n\n";
        joined_ += p.text;
    }
    flush_locked();
}

void api_session::flush_locked() {
    if (joined_.size() <= emitted_.size() || joined_.compare(0, emitted_.size(), emitted_) != 0)
        return;
    const std::string_view delta = std::string_view(joined_).substr(emitted_.size());
    emitted_.append(delta);
    if (on_delta_)
        on_delta_(delta);
}

void api_session::record_usage(const json::object& step) {
    const auto& g = step.at("generation").as_object();
    const auto count = [&](std::string_view key) -> std::int64_t {
        const auto* v = g.if_contains(key);
        return v && v->is_int64()    ? v->as_int64()
               : v && v->is_uint64() ? v->to_number<std::int64_t>()
                                     : -1;
    };
    const auto in = count("inputTokenCount");
    const auto out = count("outputTokenCount");
    if (in < 0 && out < 0)
        return;
    std::lock_guard lk(reply_mu_);
    // Keyed by step: a step updated twice counts once.
    usage_by_step_[string_field(step, "id")] = {std::max<std::int64_t>(in, 0),
                                                std::max<std::int64_t>(out, 0)};
}

void api_session::open_reply() {
    std::lock_guard lk(reply_mu_);
    capturing_ = true;
}

void api_session::close_reply() {
    std::lock_guard lk(reply_mu_);
    capturing_ = false;
}

std::string api_session::reply() const {
    std::lock_guard lk(reply_mu_);
    return joined_;
}

std::optional<api_session::token_usage> api_session::usage() const {
    std::lock_guard lk(reply_mu_);
    if (usage_by_step_.empty())
        return std::nullopt;
    token_usage total;
    for (const auto& [id, u] : usage_by_step_) {
        total.prompt += u.prompt;
        total.completion += u.completion;
    }
    return total;
}

void api_session::on_delta(std::function<void(std::string_view)> f) {
    std::lock_guard lk(reply_mu_);
    on_delta_ = std::move(f);
}

namespace {
const char* role_of(std::string_view type) {
    if (type == "user_message")
        return "user";
    if (type == "assistant_message")
        return "assistant";
    if (type == "system_message")
        return "system";
    return nullptr;
}
} // namespace

json::array api_session::chat_context() {
    std::lock_guard lk(reply_mu_);
    json::array out;
    out.reserve(context_.size());
    for (const auto& e : context_)
        out.push_back(json::object{{"role", e.role}, {"content", e.content}});
    return out;
}

void api_session::remember_message(std::string_view id, std::string_view type,
                                   std::string_view text) {
    const char* role = role_of(type);
    if (!role)
        return;
    std::lock_guard lk(reply_mu_);
    for (auto& e : context_)
        if (!e.id.empty() && e.id == id) {
            e.content = std::string(text);
            return;
        }
    // The request's messages are the conversation: what on_chat_start sends (a welcome) is
    // not part of it, only what on_message adds.
    if (!capturing_)
        return;
    context_.push_back({std::string(id), role, std::string(text)});
}

void api_session::revise_message(std::string_view id, std::string_view, const std::string* text) {
    std::lock_guard lk(reply_mu_);
    for (auto it = context_.begin(); it != context_.end(); ++it)
        if (!it->id.empty() && it->id == id) {
            if (text)
                it->content = *text;
            else
                context_.erase(it);
            return;
        }
}

} // namespace chainlit
