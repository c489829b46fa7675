// The HTTP context of spec F: no socket, so sends reach no browser; they are persisted when a
// data layer is on (see the persistence layer), and the HTTP response is what the caller gets.
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/http/request.hpp"

namespace chainlit {

namespace {
class http_session final : public session {
public:
    http_session(std::string thread_id, std::optional<chainlit::user> u,
                 std::shared_ptr<const std::filesystem::path> files_root, std::string id,
                 bool verified)
        : session(std::move(id), std::move(thread_id), std::move(u), std::move(files_root)) {
        client_type_ = "webapp";
        thread_verified_ = verified;
        init_user_session(json::object{});
    }
    bool is_websocket() const noexcept override { return false; }
    void emit(std::string_view, json::value) override {}
    task<result<json::value>> call(std::string_view, json::value,
                                   std::chrono::milliseconds) override {
        co_return make_error_code(errc::unavailable);
    }
};
} // namespace

context init_http_context(const http::request& req, std::optional<user> u, std::string thread_id) {
    auto runtime = std::static_pointer_cast<chat_runtime>(req.app_data());
    if (!runtime)
        throw std::logic_error("init_http_context: the request does not come from a running app");
    auto id = uuid4();
    // A thread the app names may be anyone's: it is checked (and claimed for `u`) at the
    // context's first write, which can wait for the database (context::claim_thread). A fresh
    // one is this context's by construction.
    const bool named = !thread_id.empty() && runtime->store();
    auto s = std::make_shared<http_session>(thread_id.empty() ? uuid4() : std::move(thread_id),
                                            std::move(u), runtime->files_root(), id, !named);
    if (!named && runtime->store() && s->user()) {
        // The thread belongs to the user, so what this context sends shows in their history.
        runtime->persist(
            *s, [tid = s->thread_id(), u = *s->user()](data::data_layer& d) -> result<void> {
                data::thread_update up;
                if (u.id) {
                    up.user_id = *u.id;
                } else {
                    auto found = d.get_user(u.identifier);
                    if (found && *found)
                        up.user_id = (*found)->id;
                }
                return d.update_thread(tid, up);
            });
    }
    return context(std::move(s), std::move(runtime));
}

} // namespace chainlit
