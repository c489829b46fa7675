// The app served as an OpenAI-compatible API (docs/OPENAI_API.md): POST /v1/chat/completions
// runs the app's hooks in a headless session (api_session) and answers with what on_message
// sent, as one chat.completion or as SSE chunks; GET /v1/models lists the app and its chat
// profiles. Auth is the UI's: the same JWT, as a Bearer token.
#include "api_session.hpp"
#include "chainlit/chat/routes.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "openai_request.hpp"
#include "persist_convert.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

namespace chainlit {

namespace asio = boost::asio;
using http::method;
using http::request;
using http::response;
using openai_api::request_error;

namespace {

/// With nothing to send for this long, a stream sends an SSE comment: it keeps proxies from
/// closing the connection and shows a client that went away.
constexpr auto keep_alive_interval = std::chrono::seconds(10);

response openai_error(const request_error& e) {
    return response::json(openai_api::error_body(e), e.status);
}

request_error error_of(int status, std::string message, std::string type, std::string code,
                       std::string param = {}) {
    request_error e;
    e.status = status;
    e.message = std::move(message);
    e.type = std::move(type);
    e.code = std::move(code);
    e.param = std::move(param);
    return e;
}

request_error unauthenticated() {
    return error_of(401,
                    "Invalid authentication token: send `Authorization: Bearer <token>` with a "
                    "token of an existing user (the app's `token --identifier NAME` makes one)",
                    "invalid_request_error", "invalid_api_key");
}

bool api_enabled(const chat_runtime& rt) {
    const auto* f = rt.opts().config.features.if_contains("openai_api");
    return !f || !f->is_bool() || f->as_bool();
}

request_error api_disabled() {
    return error_of(404, "The OpenAI-compatible API is turned off ([features] openai_api = false)",
                    "invalid_request_error", "unknown_url");
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Model ids are listed with this creation time: when the process started.
const std::int64_t started_at = unix_now();

/// The app's models: its name, then each chat profile the caller sees.
task<std::vector<std::string>> model_names(chat_runtime& rt, const std::optional<user>& u) {
    std::vector<std::string> names{rt.ui_name()};
    if (rt.hooks().set_chat_profiles)
        for (const auto& p : co_await rt.hooks().set_chat_profiles(u, "en-US"))
            if (std::find(names.begin(), names.end(), p.name) == names.end())
                names.push_back(p.name);
    co_return names;
}

json::object model_object(const std::string& id, const std::string& owner) {
    return json::object{
        {"id", id}, {"object", "model"}, {"created", started_at}, {"owned_by", owner}};
}

/// One request's run: the hooks in a headless session.
struct api_run {
    std::shared_ptr<chat_runtime> rt;
    std::shared_ptr<api_session> session;
    openai_api::completion_request request;
    std::string user_message_id;
    bool continued = false; ///< X-Chainlit-Thread-Id named an existing thread
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);

    /// on_chat_start (a new thread) or on_chat_resume (a continued one), the user message,
    /// then on_message; their writes are committed before it returns. Throws what a hook
    /// throws.
    task<void> execute() {
        context ctx(session, rt);
        ctx.set_cancel_flag(cancelled);
        const auto& hooks = rt->hooks();
        const std::string text = request.messages[request.last_user].content;
        if (!continued) {
            // The thread row first (named after the message, owned by the caller), so that
            // everything below is written into it.
            rt->first_interaction(*session, text);
            if (hooks.on_chat_start) {
                step run;
                run.name = "on_chat_start";
                run.type = "run";
                co_await ctx.run_step(
                    run, [&](context& c, step&) -> task<void> { co_await hooks.on_chat_start(c); });
            }
        } else if (hooks.on_chat_resume && rt->store()) {
            const std::string tid = session->thread_id();
            auto load = [tid](data::data_layer& d) { return d.get_thread(tid); };
            auto loaded = co_await rt->store()->read(load);
            if (loaded && *loaded)
                co_await hooks.on_chat_resume(ctx, data::to_json(**loaded));
        }
        message user_msg(text, session->user() ? session->user()->identifier : "User");
        user_msg.id = user_message_id;
        user_msg.type = "user_message";
        user_msg.created_at = iso_now();
        user_msg.thread_id = session->thread_id();
        session->remember_message(user_msg.id, user_msg.type, user_msg.content);
        if (rt->store())
            rt->persist(*session, [d = to_step_dict(user_msg)](data::data_layer& dl) {
                return dl.create_step(d);
            });
        if (hooks.on_message) {
            session->open_reply();
            step run;
            run.name = "on_message";
            run.type = "run";
            run.parent_id = user_msg.id;
            co_await ctx.run_step(run, [&](context& c, step& st) -> task<void> {
                st.input = user_msg.content;
                co_await hooks.on_message(c, user_msg);
            });
            session->close_reply();
        }
        if (rt->store())
            co_await rt->store()->sync(); // the answer is committed before the caller has it
    }

    /// execute(), with a failure answered as OpenAI's error and told in the thread, as the UI
    /// would show it. nullopt when it succeeded (or was cancelled).
    task<std::optional<request_error>> execute_safely() {
        std::optional<std::string> failure;
        try {
            co_await execute();
        } catch (const task_cancelled&) {
            co_return std::nullopt;
        } catch (const std::exception& e) {
            if (cancelled->load())
                co_return std::nullopt;
            failure = e.what();
        }
        if (!failure)
            co_return std::nullopt;
        session->close_reply();
        log().warn("/v1/chat/completions: the app failed: {}", *failure);
        context plain(session, rt);
        co_await plain.send_error(*failure);
        if (rt->store())
            co_await rt->store()->sync();
        co_return error_of(500, *failure, "server_error", "app_error");
    }

    json::value usage_json() const {
        auto u = session->usage();
        if (!u)
            return nullptr;
        return json::object{{"prompt_tokens", u->prompt},
                            {"completion_tokens", u->completion},
                            {"total_tokens", u->prompt + u->completion}};
    }
};

/// The streamed answer's side: deltas queued by the hook, written by the response's producer.
/// Both run on the connection's executor; the queue is locked because an app may send from
/// elsewhere.
struct stream_state {
    std::mutex mu;
    std::string pending; ///< content not yet written
    bool done = false;
    std::optional<request_error> failure;
    std::optional<asio::steady_timer> wake;
    asio::any_io_executor exec;
    asio::cancellation_signal signal;

    void push(std::string_view delta) {
        {
            std::lock_guard lk(mu);
            pending.append(delta);
        }
        notify();
    }
    void finish(std::optional<request_error> f) {
        {
            std::lock_guard lk(mu);
            done = true;
            failure = std::move(f);
        }
        notify();
    }
    /// Wakes the producer. Posted, so that the timer is only touched on its executor.
    void notify() {
        asio::post(exec, [keep = self.lock()] {
            if (keep && keep->wake)
                keep->wake->cancel();
        });
    }
    std::weak_ptr<stream_state> self;
};

std::string chunk(const std::string& id, const std::string& model, json::object delta,
                  json::value finish_reason) {
    json::object choice{{"index", 0},
                        {"delta", std::move(delta)},
                        {"logprobs", nullptr},
                        {"finish_reason", std::move(finish_reason)}};
    return json::serialize(json::object{{"id", id},
                                        {"object", "chat.completion.chunk"},
                                        {"created", unix_now()},
                                        {"model", model},
                                        {"system_fingerprint", nullptr},
                                        {"choices", json::array{std::move(choice)}}});
}

json::object role_delta() {
    return json::object{{"role", "assistant"}, {"content", ""}};
}

json::object content_delta(const std::string& text) {
    return json::object{{"content", text}};
}

/// The chunk after the last, asked for with stream_options.include_usage: no choices, the
/// usage (zeros when no LLM step reported any).
std::string usage_chunk(const std::string& id, const std::string& model, json::value usage) {
    if (usage.is_null())
        usage = json::object{{"prompt_tokens", 0}, {"completion_tokens", 0}, {"total_tokens", 0}};
    return json::serialize(json::object{{"id", id},
                                        {"object", "chat.completion.chunk"},
                                        {"created", unix_now()},
                                        {"model", model},
                                        {"system_fingerprint", nullptr},
                                        {"choices", json::array{}},
                                        {"usage", std::move(usage)}});
}

task<void> produce_stream(std::shared_ptr<api_run> run, std::shared_ptr<stream_state> st,
                          http::sse_writer& w) {
    st->exec = co_await asio::this_coro::executor;
    st->wake.emplace(st->exec);
    const std::string id = "chatcmpl-" + uuid4();
    const std::string& model = run->request.model;
    // GCC 12: no braced initialisers inside a co_await expression ("array used as
    // initializer"), so each chunk is made first.
    const std::string opening = chunk(id, model, role_delta(), nullptr);
    if (!co_await w.send(opening))
        co_return;
    run->session->on_delta([st](std::string_view d) { st->push(d); });
    auto body = [run, st]() -> task<void> { st->finish(co_await run->execute_safely()); };
    asio::co_spawn(st->exec, body, asio::bind_cancellation_slot(st->signal.slot(), asio::detached));

    const auto give_up = [&] {
        // The client went away: stop the hook, as the UI's Stop does.
        run->cancelled->store(true);
        st->signal.emit(asio::cancellation_type::terminal);
        log().info("/v1/chat/completions: the client closed the stream; the hook is cancelled");
        if (run->rt->hooks().on_stop) {
            auto stop = [run]() -> task<void> {
                context ctx(run->session, run->rt);
                co_await run->rt->hooks().on_stop(ctx);
            };
            asio::co_spawn(st->exec, stop, asio::detached);
        }
    };
    for (;;) {
        std::string text;
        bool done = false;
        {
            std::lock_guard lk(st->mu);
            text.swap(st->pending);
            done = st->done;
        }
        if (!text.empty()) {
            const std::string piece = chunk(id, model, content_delta(text), nullptr);
            if (!co_await w.send(piece)) {
                give_up();
                co_return;
            }
            continue;
        }
        if (done)
            break;
        boost::system::error_code ec;
        st->wake->expires_after(keep_alive_interval);
        co_await st->wake->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!ec && !co_await w.comment("keep-alive")) {
            give_up();
            co_return;
        }
    }
    if (st->failure) {
        const std::string error = json::serialize(openai_api::error_body(*st->failure));
        co_await w.send(error);
        co_return;
    }
    const std::string last = chunk(id, model, json::object(), "stop");
    if (!co_await w.send(last))
        co_return;
    if (run->request.include_usage) {
        const std::string usage = usage_chunk(id, model, run->usage_json());
        co_await w.send(usage);
    }
    co_await w.send("[DONE]");
}

json::object completion_object(const api_run& run) {
    json::object message{
        {"role", "assistant"}, {"content", run.session->reply()}, {"refusal", nullptr}};
    json::object choice{{"index", 0},
                        {"message", std::move(message)},
                        {"logprobs", nullptr},
                        {"finish_reason", "stop"}};
    json::object out{{"id", "chatcmpl-" + uuid4()},   {"object", "chat.completion"},
                     {"created", unix_now()},         {"model", run.request.model},
                     {"system_fingerprint", nullptr}, {"choices", json::array{std::move(choice)}}};
    if (auto usage = run.usage_json(); !usage.is_null())
        out["usage"] = std::move(usage);
    return out;
}

/// The thread a caller continues with X-Chainlit-Thread-Id: theirs, or an error. Another
/// user's thread and a missing one get the same 404, so ids cannot be probed.
task<std::optional<request_error>> check_continued_thread(chat_runtime& rt,
                                                          const std::optional<user>& u,
                                                          const std::string& thread_id) {
    if (!rt.store())
        co_return error_of(400,
                           "X-Chainlit-Thread-Id needs the data layer: this app keeps no threads",
                           "invalid_request_error", "thread_not_found");
    const auto not_found =
        error_of(404, "Thread not found", "invalid_request_error", "thread_not_found");
    if (!u || thread_id.size() > 200)
        co_return not_found; // an anonymous caller owns no thread
    auto lookup = [thread_id](data::data_layer& d) {
        return d.owner_of(data::row_kind::thread, thread_id);
    };
    auto owner = co_await rt.store()->read(lookup);
    if (!owner)
        co_return error_of(500, "The data layer could not be read", "server_error",
                           "data_layer_error");
    if (!*owner || (*owner)->author != u->identifier)
        co_return not_found;
    co_return std::nullopt;
}

task<response> chat_completions(std::shared_ptr<chat_runtime> rt, request& req) {
    if (!api_enabled(*rt))
        co_return openai_error(api_disabled());
    auto u = co_await current_user(*rt, req);
    if (!u)
        co_return openai_error(unauthenticated());
    auto parsed = openai_api::parse_completion_request(req.body());
    if (auto* e = std::get_if<request_error>(&parsed))
        co_return openai_error(*e);
    auto run = std::make_shared<api_run>();
    run->rt = rt;
    run->request = std::move(std::get<openai_api::completion_request>(parsed));

    const auto names = co_await model_names(*rt, *u);
    if (std::find(names.begin(), names.end(), run->request.model) == names.end())
        co_return openai_error(error_of(404,
                                        "The model `" + run->request.model +
                                            "` does not exist: GET /v1/models lists this app's",
                                        "invalid_request_error", "model_not_found", "model"));
    // The app itself, or one of its chat profiles.
    const std::string profile = run->request.model == rt->ui_name() ? "" : run->request.model;

    std::string thread_id;
    if (auto h = req.header("x-chainlit-thread-id"); h && !h->empty()) {
        thread_id = std::string(*h);
        if (auto refused = co_await check_continued_thread(*rt, *u, thread_id))
            co_return openai_error(*refused);
        run->continued = true;
    } else {
        thread_id = uuid4();
    }

    run->user_message_id = uuid4();
    std::vector<api_session::context_entry> context;
    context.reserve(run->request.messages.size());
    for (std::size_t i = 0; i < run->request.messages.size(); ++i) {
        const auto& m = run->request.messages[i];
        if (m.role == "tool" || m.role == "function")
            continue; // tool results belong to the caller's own tool loop, not to the chat
        context.push_back({i == run->request.last_user ? run->user_message_id : std::string(),
                           m.role == "developer" ? "system" : m.role, m.content});
    }
    run->session = std::make_shared<api_session>(uuid4(), thread_id, *u, rt->files_root(), profile,
                                                 std::move(context));

    if (!run->request.stream) {
        auto failure = co_await run->execute_safely();
        if (failure)
            co_return openai_error(*failure).set_header("X-Chainlit-Thread-Id", thread_id);
        auto res = response::json(completion_object(*run));
        res.set_header("X-Chainlit-Thread-Id", thread_id);
        co_return res;
    }
    auto st = std::make_shared<stream_state>();
    st->self = st;
    auto res = response::sse(
        [run, st](http::sse_writer& w) -> task<void> { co_await produce_stream(run, st, w); });
    res.set_header("X-Chainlit-Thread-Id", thread_id);
    co_return res;
}

} // namespace

void add_openai_routes(http::router& r, std::shared_ptr<chat_runtime> rt) {
    constexpr auto builtin = http::route_priority::builtin;
    r.add(
        method::post, "/v1/chat/completions",
        [rt](request& req) -> task<response> { co_return co_await chat_completions(rt, req); },
        builtin);

    auto list = [rt](request& req) -> task<response> {
        if (!api_enabled(*rt))
            co_return openai_error(api_disabled());
        auto u = co_await current_user(*rt, req);
        if (!u)
            co_return openai_error(unauthenticated());
        json::array data;
        for (const auto& name : co_await model_names(*rt, *u))
            data.push_back(model_object(name, rt->ui_name()));
        co_return response::json(json::object{{"object", "list"}, {"data", std::move(data)}});
    };
    r.add(method::get, "/v1/models", list, builtin);

    auto one = [rt](request& req) -> task<response> {
        if (!api_enabled(*rt))
            co_return openai_error(api_disabled());
        auto u = co_await current_user(*rt, req);
        if (!u)
            co_return openai_error(unauthenticated());
        const std::string wanted(req.path_param("model"));
        for (const auto& name : co_await model_names(*rt, *u))
            if (name == wanted)
                co_return response::json(model_object(name, rt->ui_name()));
        co_return openai_error(error_of(404, "The model `" + wanted + "` does not exist",
                                        "invalid_request_error", "model_not_found", "model"));
    };
    r.add(method::get, "/v1/models/{model}", one, builtin);
}

} // namespace chainlit
