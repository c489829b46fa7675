// History routes (spec C.2): list, get, rename, delete, share, feedback, element. Only the
// author reaches a thread (spec D.6): 401 when another user owns it, 404 when nobody does.
#include "chainlit/chat/routes.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "json_fields.hpp"
#include "ownership.hpp"
#include "persist_convert.hpp"

#include <variant>

namespace chainlit {

using http::method;
using http::request;
using http::response;

namespace {

response db_error(const request& req, const boost::system::error_code& ec) {
    log().error("[{}] data layer error: {}", req.request_id(), ec.message());
    return response::error(500, "Data layer error");
}

/// The persisted caller, or the response to send instead (400 without a data layer, 401
/// without a user, 404 when the user is not in the database).
task<std::variant<data::persisted_user, response>> caller(chat_runtime& rt, const request& req) {
    if (!rt.store())
        co_return response::error(400, "Data persistence is not enabled");
    auto u = co_await current_user(rt, req);
    if (!u)
        co_return response::error(401, "Invalid authentication token");
    if (!*u)
        co_return response::error(401, "Unauthorized");
    const std::string identifier = (*u)->identifier;
    auto lookup = [identifier](data::data_layer& d) { return d.get_user(identifier); };
    auto found = co_await rt.store()->read(lookup);
    if (!found)
        co_return db_error(req, found.error());
    if (!*found)
        co_return response::error(404, "User not found");
    co_return std::move(**found);
}

/// The app's on_feedback, after the rating is stored (spec C.2). It runs in the rater's live
/// chat when the request names one of theirs, else in an HTTP context of the rated thread.
/// Errors are only logged: the stored rating stands and the answer is still a success.
task<void> run_feedback_hook(chat_runtime& rt, const request& req, const data::persisted_user& me,
                             const std::string& session_id, data::feedback fb) {
    const auto& hook = rt.hooks().on_feedback;
    if (!hook)
        co_return;
    std::string failure;
    try {
        auto live = session_id.empty() ? nullptr : rt.find(session_id);
        const bool mine = live && live->user() && live->user()->identifier == me.identifier;
        user u{.identifier = me.identifier,
               .display_name = me.display_name,
               .metadata = me.metadata,
               .id = me.id,
               .created_at = me.created_at};
        context ctx = mine ? init_ws_context(*live)
                           : init_http_context(req, std::move(u), fb.thread_id.value_or(""));
        co_await hook(ctx, std::move(fb));
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (!failure.empty())
        log().warn("[{}] on_feedback failed: {}", req.request_id(), failure);
}

/// Checks that `identifier` authored `thread_id`; nullopt when allowed.
task<std::optional<response>> check_author(chat_runtime& rt, const request& req,
                                           const std::string& thread_id,
                                           const std::string& identifier) {
    auto author_of = [thread_id](data::data_layer& d) { return d.get_thread_author(thread_id); };
    auto author = co_await rt.store()->read(author_of);
    if (!author) {
        if (author.error() == make_error_code(errc::not_found))
            co_return response::error(404, "Thread not found");
        co_return db_error(req, author.error());
    }
    if (author->empty())
        co_return response::error(404, "Thread not found");
    if (*author != identifier)
        co_return response::error(401, "Unauthorized");
    co_return std::nullopt;
}

/// The response to send instead of letting the caller at `thread_id`, or nullopt when they are
/// its author: caller()'s refusal first, then 422 for an empty id (a body without threadId;
/// path parameters are never empty), then check_author()'s.
task<std::optional<response>> refuse_unless_author(chat_runtime& rt, const request& req,
                                                   const std::string& thread_id) {
    auto who = co_await caller(rt, req);
    if (auto* err = std::get_if<response>(&who))
        co_return std::move(*err);
    if (thread_id.empty())
        co_return response::error(422, "threadId is required");
    co_return co_await check_author(rt, req, thread_id,
                                    std::get<data::persisted_user>(who).identifier);
}

bool sharing_enabled(const chat_runtime& rt) {
    const auto* allow = rt.opts().config.features.if_contains("allow_thread_sharing");
    return rt.hooks().on_shared_thread_view && allow && allow->is_bool() && allow->as_bool();
}

/// The thread `viewer` may read through a share link (spec C.2 `GET /project/share`): shared by
/// its author or allowed by on_shared_thread_view, and sharing on. Else the 404 to send.
task<std::variant<data::thread_dict, response>> shared_thread(chat_runtime& rt, const request& req,
                                                              const std::string& tid,
                                                              const std::optional<user>& viewer) {
    if (!sharing_enabled(rt))
        co_return response::error(404, "Thread not found");
    auto get = [tid](data::data_layer& d) { return d.get_thread(tid); };
    auto t = co_await rt.store()->read(get);
    if (!t)
        co_return db_error(req, t.error());
    if (!*t)
        co_return response::error(404, "Thread not found");
    const auto* shared = (*t)->metadata.if_contains("is_shared");
    bool allowed = shared && shared->is_bool() && shared->as_bool();
    if (!allowed) {
        json::object wire = data::to_json(**t);
        try {
            allowed = co_await rt.hooks().on_shared_thread_view(wire, viewer);
        } catch (const std::exception& e) {
            // A failing hook denies, as in Chainlit; the viewer sees a plain 404.
            log().error("[{}] on_shared_thread_view failed: {}", req.request_id(), e.what());
            allowed = false;
        }
    }
    if (!allowed)
        co_return response::error(404, "Thread not found");
    co_return std::move(**t);
}

} // namespace

void add_thread_routes(http::router& r, std::shared_ptr<chat_runtime> rt) {
    constexpr auto builtin = http::route_priority::builtin;

    r.add(
        method::post, "/project/threads",
        [rt](request& req) -> task<response> {
            auto who = co_await caller(*rt, req);
            if (auto* err = std::get_if<response>(&who))
                co_return std::move(*err);
            const auto& u = std::get<data::persisted_user>(who);
            auto body = req.json();
            if (!body || !body->is_object())
                co_return response::error(422, "Expected {pagination, filter}");
            const auto& o = body->as_object();
            data::pagination page;
            data::thread_filter filter;
            if (const auto* p = o.if_contains("pagination")) {
                auto parsed = data::from_json<data::pagination>(*p);
                if (!parsed)
                    co_return response::error(422, "Invalid pagination");
                page = std::move(*parsed);
            }
            if (const auto* f = o.if_contains("filter")) {
                auto parsed = data::from_json<data::thread_filter>(*f);
                if (!parsed)
                    co_return response::error(422, "Invalid filter");
                filter = std::move(*parsed);
            }
            filter.user_id = u.id; // forced: a user lists only their own threads (spec C.2)
            auto list = [page, filter](data::data_layer& d) {
                return d.list_threads(page, filter);
            };
            auto res = co_await rt->store()->read(list);
            if (!res)
                co_return db_error(req, res.error());
            co_return response::json(data::to_json(*res));
        },
        builtin);

    r.add(
        method::get, "/project/thread/{thread_id}",
        [rt](request& req) -> task<response> {
            const std::string tid(req.path_param("thread_id"));
            if (auto denied = co_await refuse_unless_author(*rt, req, tid))
                co_return std::move(*denied);
            auto get = [tid](data::data_layer& d) { return d.get_thread(tid); };
            auto t = co_await rt->store()->read(get);
            if (!t)
                co_return db_error(req, t.error());
            if (!*t)
                co_return response::error(404, "Thread not found");
            link_element_files(**t, rt->opts().root_path);
            co_return response::json(data::to_json(**t));
        },
        builtin);

    // The read-only page of a shared thread (spec C.2): any logged-in user may open it when
    // the author shared it or on_shared_thread_view allows. Unlike Chainlit, nothing is served
    // while sharing is off (no hook or features.allow_thread_sharing false), so turning the
    // feature off also closes links handed out before.
    r.add(
        method::get, "/project/share/{thread_id}",
        [rt](request& req) -> task<response> {
            if (!rt->store())
                co_return response::error(400, "Data persistence is not enabled");
            auto u = co_await current_user(*rt, req);
            if (!u)
                co_return response::error(401, "Invalid authentication token");
            const std::string tid(req.path_param("thread_id"));
            auto found = co_await shared_thread(*rt, req, tid, *u);
            if (auto* err = std::get_if<response>(&found))
                co_return std::move(*err);
            auto& t = std::get<data::thread_dict>(found);
            // What the author chose privately (profile, settings, env keys) stays private.
            for (const char* key : {"chat_profile", "chat_settings", "env"})
                t.metadata.erase(key);
            link_element_files(t, rt->opts().root_path);
            co_return response::json(data::to_json(t));
        },
        builtin);

    r.add(
        method::get, "/project/thread/{thread_id}/element/{element_id}",
        [rt](request& req) -> task<response> {
            const std::string tid(req.path_param("thread_id"));
            const std::string eid(req.path_param("element_id"));
            if (auto denied = co_await refuse_unless_author(*rt, req, tid))
                co_return std::move(*denied);
            auto get = [tid, eid](data::data_layer& d) { return d.get_element(tid, eid); };
            auto e = co_await rt->store()->read(get);
            if (!e)
                co_return db_error(req, e.error());
            if (!*e)
                co_return response::error(404, "Element not found");
            if (!(*e)->thread_id)
                (*e)->thread_id = tid;
            link_element_file(**e, rt->opts().root_path);
            co_return response::json(data::to_json(**e));
        },
        builtin);

    // The bytes of a stored element (its url after a restart), to the thread's author only.
    r.add(
        method::get, "/project/thread/{thread_id}/element/{element_id}/file",
        [rt](request& req) -> task<response> {
            auto who = co_await caller(*rt, req);
            if (auto* err = std::get_if<response>(&who))
                co_return std::move(*err);
            const std::string tid(req.path_param("thread_id"));
            const std::string eid(req.path_param("element_id"));
            if (auto denied = co_await check_author(
                    *rt, req, tid, std::get<data::persisted_user>(who).identifier)) {
                // A reader of the shared thread gets its elements too (the shared page shows
                // them through this URL).
                auto viewer = co_await current_user(*rt, req);
                std::optional<user> u = viewer ? *viewer : std::nullopt;
                auto shared = co_await shared_thread(*rt, req, tid, u);
                if (std::holds_alternative<response>(shared))
                    co_return std::move(*denied);
            }
            auto files = rt->store()->element_files();
            // Read on the data thread: disk work stays off the I/O threads.
            auto load = [tid, eid, files](data::data_layer& d)
                -> result<std::optional<std::pair<std::string, std::string>>> {
                auto e = d.get_element(tid, eid);
                if (!e)
                    return e.error();
                if (!*e || !(*e)->object_key || !files)
                    return std::nullopt;
                auto bytes = files->read(*(*e)->object_key);
                if (!bytes) {
                    if (bytes.error() == make_error_code(errc::not_found))
                        return std::nullopt;
                    return bytes.error();
                }
                return std::pair{std::move(*bytes),
                                 (*e)->mime.value_or("application/octet-stream")};
            };
            auto found = co_await rt->store()->read(load);
            if (!found)
                co_return db_error(req, found.error());
            if (!*found)
                co_return response::error(404, "File not found");
            auto res = response::bytes(std::move((*found)->first), std::move((*found)->second));
            res.set_header("X-Content-Type-Options", "nosniff"); // served as stored, never sniffed
            co_return res;
        },
        builtin);

    // Rename, delete and share share their shape: {threadId, ...} with an author check.
    auto thread_write =
        [rt](std::function<result<void>(data::data_layer&, const std::string&, const json::object&)>
                 op) {
            return [rt, op](request& req) -> task<response> {
                auto body = req.json();
                const auto* o = body ? body->if_object() : nullptr;
                const std::string tid = string_field(o, "threadId");
                if (auto denied = co_await refuse_unless_author(*rt, req, tid))
                    co_return std::move(*denied);
                json::object args = *o; // an object: tid is not empty
                auto run = [op, tid, args](data::data_layer& d) { return op(d, tid, args); };
                auto res = co_await rt->store()->read(run);
                if (!res)
                    co_return res.error() == make_error_code(errc::invalid_argument)
                        ? response::error(422, "Invalid request")
                        : db_error(req, res.error());
                co_return response::json(json::object{{"success", true}});
            };
        };
    r.add(method::put, "/project/thread",
          thread_write([](data::data_layer& d, const std::string& tid,
                          const json::object& o) -> result<void> {
              const auto name = string_field(&o, "name");
              if (name.empty())
                  return make_error_code(errc::invalid_argument);
              data::thread_update u;
              u.name = name;
              return d.update_thread(tid, u);
          }),
          builtin);
    r.add(method::del, "/project/thread",
          thread_write([rt](data::data_layer& d, const std::string& tid,
                            const json::object&) -> result<void> {
              auto r = d.delete_thread(tid);
              // The thread's stored element bytes go with it (spec E.7).
              if (const auto& files = rt->store()->element_files(); r && files)
                  files->remove_prefix("threads/" + tid);
              return r;
          }),
          builtin);
    r.add(method::put, "/project/thread/share",
          thread_write([](data::data_layer& d, const std::string& tid,
                          const json::object& o) -> result<void> {
              const auto* shared = o.if_contains("isShared");
              if (!shared || !shared->is_bool())
                  return make_error_code(errc::invalid_argument);
              data::thread_update u;
              json::object meta;
              meta["is_shared"] = shared->as_bool();
              meta["shared_at"] = shared->as_bool() ? json::value(iso_now()) : json::value();
              u.metadata = std::move(meta);
              return d.update_thread(tid, u);
          }),
          builtin);

    // Feedback goes only on a step of a thread the caller owns (viewers of a shared thread
    // included: read-only), and an existing feedback is changed or deleted only by the owner
    // of its thread (docs/SECURITY.md). Login is required: without a user there is no owner.
    r.add(
        method::put, "/feedback",
        [rt](request& req) -> task<response> {
            if (!rt->store())
                co_return response::error(500, "Data persistence is not enabled");
            auto who = co_await caller(*rt, req);
            if (auto* err = std::get_if<response>(&who))
                co_return std::move(*err);
            const std::string me = std::get<data::persisted_user>(who).identifier;
            auto body = req.json();
            const auto* o = body ? body->if_object() : nullptr;
            const auto* fb = o ? o->if_contains("feedback") : nullptr;
            auto parsed = fb ? data::from_json<data::feedback>(*fb)
                             : result<data::feedback>(make_error_code(errc::parse_error));
            if (!parsed)
                co_return response::error(422, "Invalid feedback");
            auto step = co_await ownership::owned_row(*rt->store(), req, data::row_kind::step,
                                                      parsed->for_id, me, "Step not found");
            if (auto* err = std::get_if<response>(&step))
                co_return std::move(*err);
            const auto& where = std::get<data::row_owner>(step);
            if (parsed->thread_id && *parsed->thread_id != where.thread_id)
                co_return response::error(401, "Unauthorized"); // names another thread
            if (parsed->id && !parsed->id->empty()) {
                auto mine =
                    co_await ownership::owned_row(*rt->store(), req, data::row_kind::feedback,
                                                  *parsed->id, me, "Feedback not found");
                if (auto* err = std::get_if<response>(&mine)) {
                    if (err->status() != 404)
                        co_return std::move(*err);
                    // An unknown id is a new feedback under the id the client chose.
                }
            }
            auto upsert = [f = *parsed](data::data_layer& d) { return d.upsert_feedback(f); };
            auto id = co_await rt->store()->read(upsert);
            if (!id) {
                if (id.error() == make_error_code(errc::not_found))
                    co_return response::error(404, "Step not found");
                if (id.error() == make_error_code(errc::conflict))
                    co_return response::error(409, "The feedback belongs to another step");
                co_return db_error(req, id.error());
            }
            parsed->id = *id;
            parsed->thread_id = where.thread_id;
            co_await run_feedback_hook(*rt, req, std::get<data::persisted_user>(who),
                                       string_field(o, "sessionId"), std::move(*parsed));
            co_return response::json(json::object{{"success", true}, {"feedbackId", *id}});
        },
        builtin);
    r.add(
        method::del, "/feedback",
        [rt](request& req) -> task<response> {
            auto who = co_await caller(*rt, req);
            if (auto* err = std::get_if<response>(&who))
                co_return std::move(*err);
            auto body = req.json();
            const auto id = string_field(body ? body->if_object() : nullptr, "feedbackId");
            if (id.empty())
                co_return response::error(422, "feedbackId is required");
            auto mine = co_await ownership::owned_row(
                *rt->store(), req, data::row_kind::feedback, id,
                std::get<data::persisted_user>(who).identifier, "Feedback not found");
            if (auto* err = std::get_if<response>(&mine))
                co_return std::move(*err);
            auto del = [id](data::data_layer& d) { return d.delete_feedback(id); };
            auto res = co_await rt->store()->read(del);
            if (!res)
                co_return db_error(req, res.error());
            co_return response::json(json::object{{"success", true}});
        },
        builtin);
}

} // namespace chainlit
