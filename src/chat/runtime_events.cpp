// The handlers of spec A.3-A.5 (connect, connection_successful, disconnect) and B.2 (client
// events). Each runs on the socket's strand and hands hook work to the session's strand.
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "chainlit/http/form.hpp"
#include "chainlit/realtime/socket.hpp"
#include "file_store.hpp"
#include "json_fields.hpp"
#include "ownership.hpp"
#include "persist_convert.hpp"
#include "runtime_impl.hpp"
#include "ws_session.hpp"

#include <boost/asio/post.hpp>

namespace chainlit {

namespace asio = boost::asio;

namespace {
std::string language_of(const http::request& req) {
    auto h = req.header("accept-language");
    if (!h || h->empty())
        return "en-US";
    auto tag = h->substr(0, h->find_first_of(",;"));
    while (!tag.empty() && tag.front() == ' ')
        tag.remove_prefix(1);
    return tag.empty() || tag.size() > 35 ? "en-US" : std::string(tag);
}

bool same_owner(const std::optional<user>& a, const std::optional<user>& b) {
    if (!a || !b)
        return !a && !b;
    return a->identifier == b->identifier;
}

const json::value* first_arg(realtime::payload& p) {
    return p.args.empty() ? nullptr : &p.args.front();
}

} // namespace

task<std::optional<std::string>> chat_runtime::on_connect(realtime::socket_ptr sock,
                                                          const json::value& auth,
                                                          const http::request& handshake) {
    std::optional<user> u;
    if (authenticate_) {
        auto r = co_await authenticate_(handshake);
        if (!r)
            co_return "authentication failed";
        u = std::move(*r);
    }
    const std::string session_id = string_field(auth, "sessionId");
    std::string resume = string_field(auth, "threadId");
    if (!resume.empty() && store_) {
        // Spec A.3 step 2: someone else's thread is refused; an unknown one is allowed. So is
        // an ownerless one (a removed user's): writing into it would make it the caller's.
        auto owner_of = [resume](data::data_layer& d) {
            return d.owner_of(data::row_kind::thread, resume);
        };
        auto where = co_await store_->read(owner_of);
        if (!where)
            co_return "authorization failed"; // fail closed: the owner could not be checked
        if (*where && u && (*where)->author != u->identifier)
            co_return "authorization failed";
        if (*where && !u) {
            // Nobody anonymous can show that a stored thread is theirs: the chat goes on in a
            // new thread instead of writing into that one (Chainlit never resumes for them).
            log().info("socket {}: an anonymous client named stored thread {}; a new thread is "
                       "used",
                       sock->id(), resume);
            resume.clear();
        }
    }
    if (session_id.empty() || session_id.size() > 128 || session_id.find('\n') != std::string::npos)
        co_return "authorization failed"; // no session id: nothing to bind the socket to
    std::string client_type = string_field(auth, "clientType");
    if (client_type.empty())
        client_type = "webapp";
    if (client_type.size() > 32 || client_type.find('\n') != std::string::npos)
        co_return "authorization failed";

    // Restore a live session (spec A.3 step 3), only for its owner: Chainlit's session-hijack
    // CVE came from restoring without this check.
    if (auto existing = find(session_id)) {
        auto s = std::static_pointer_cast<ws_session_impl>(existing);
        if (!same_owner(s->user(), u))
            co_return "authorization failed";
        sock->set_owner(recovery_owner(session_id, u, client_type));
        auto old = s->bind(sock);
        {
            std::lock_guard lk(impl_->mu);
            if (old)
                impl_->by_socket.erase(old->id());
            impl_->by_socket[sock->id()] = s;
        }
        // The same tab is back while its old socket still looks connected (the server has not
        // noticed the drop yet). That socket goes now, not at its ping timeout. A client that
        // names its old socket's pid gets it replaced by the realtime layer instead, which
        // keeps what was in flight for it (connection state recovery).
        const auto* a = auth.if_object();
        if (old && old->connected() && !(a && a->contains("pid")))
            old->disconnect();
        asio::post(s->strand, [s] {
            s->restored = true;
            s->cleanup_timer.cancel();
        });
        // Back on this node: another node may have claimed the chat while the browser was
        // there; it is ours again.
        if (impl_->relay)
            co_await impl_->relay->announce(s, cluster::node::write_mode::claim);
        co_return std::nullopt;
    }

    // A new session (spec A.3 step 4).
    json::value env = json::object{};
    if (const auto raw_env = string_field(auth, "userEnv"); !raw_env.empty()) {
        boost::system::error_code ec;
        auto parsed = json::parse(raw_env, ec);
        if (!ec && parsed.is_object())
            env = std::move(parsed);
    }
    for (const auto& key : opts_.config.project.user_env) {
        if (!env.as_object().contains(key))
            co_return "Missing user environment variable: " + key;
    }
    std::string profile = string_field(auth, "chatProfile");
    if (auto decoded = http::percent_decode(profile, false))
        profile = std::move(*decoded);
    std::string thread = resume;
    std::unique_ptr<json::object> handed_over;
    std::optional<moved_chat> moved;
    if (impl_->relay) {
        // A chat that another node had: its browser reconnected here (that node died, or the
        // connection moved). Its own user only gets it (the session-hijack CVE again), in the
        // same thread. A node still running hands it over with what it kept for the browser;
        // a dead one's chat is taken over from its directory record and resumed from the
        // data layer (docs/SCALING.md).
        auto prior = co_await impl_->relay->prior(session_id);
        if (prior) {
            if (prior->owner != (u ? std::optional<std::string>(u->identifier) : std::nullopt))
                co_return "authorization failed";
            auto answer =
                co_await impl_->relay->hand_over(prior->node, session_id, u, client_type, auth);
            if (answer.refused)
                co_return "authorization failed";
            moved = std::move(answer.chat);
            log().info("session {}: {} from node {} (thread {})", session_id,
                       moved ? "handed over" : "taken over", prior->node, prior->thread);
            thread = prior->thread;
            const bool started = moved ? moved->started : prior->started;
            resume = started && u ? prior->thread : std::string();
            if (!moved && !resume.empty())
                handed_over = std::make_unique<json::object>(std::move(prior->session));
        }
    }
    auto s = std::make_shared<ws_session_impl>(session_id, thread.empty() ? uuid4() : thread, u,
                                               files_root_, impl_->exec);
    s->runtime = weak_from_this();
    s->thread_id_to_resume = resume;
    s->handed_over = std::move(handed_over);
    if (s->handed_over)
        s->arrived = ws_session_impl::arrival::taken_over;
    s->set_profile(std::move(client_type), std::move(profile), env, language_of(handshake));
    if (moved) {
        // Its recovery state goes to the new socket (the realtime layer replays it right after
        // the CONNECT answer); the events kept offline follow at connection_successful.
        const bool recovered = moved->recovery && moved->recovery->complete;
        if (moved->recovery)
            sock->adopt_recovery(std::move(*moved->recovery));
        s->arrived =
            recovered ? ws_session_impl::arrival::recovered : ws_session_impl::arrival::moved;
        s->keep_offline(std::move(moved->offline));
        s->restore_user_session(std::move(moved->session));
        std::lock_guard lk(s->writes_mu);
        s->has_first_interaction = moved->started;
    }
    if (!session_index::add(s))
        co_return "authorization failed"; // the id is live in another app of this process
    sock->set_owner(recovery_owner(session_id, u, s->client_type()));
    s->bind(sock);
    {
        std::lock_guard lk(impl_->mu);
        impl_->sessions[session_id] = s;
        impl_->by_socket[sock->id()] = s;
    }
    // Before the CONNECT answer: once the browser is connected, any node can reach it.
    if (impl_->relay)
        co_await impl_->relay->announce(s, cluster::node::write_mode::claim);
    co_return std::nullopt;
}

void chat_runtime::on_disconnect(realtime::socket& sock, const std::string& reason) {
    auto s = impl_->by_socket_id(sock.id());
    if (!s)
        return;
    {
        std::lock_guard lk(impl_->mu);
        impl_->by_socket.erase(sock.id());
    }
    if (!s->unbind(&sock))
        return; // a newer socket already took over this session
    log().debug("session {}: socket {} closed ({})", s->id(), sock.id(), reason);
    auto self = shared_from_this();
    if (hooks_.on_chat_end)
        start_task(
            s, [self](context& ctx) { return self->hooks_.on_chat_end(ctx); }, false);
    if (store_ && s->has_first_interaction)
        store_->submit([tid = s->thread_id(), meta = s->persistable()](data::data_layer& d) {
            data::thread_update u;
            u.metadata = meta;
            return d.update_thread(tid, u);
        });
    asio::post(s->strand, [self, s] {
        if (s->to_clear) {
            self->end_session(s);
            return;
        }
        s->cleanup_timer.expires_after(
            std::chrono::seconds(self->opts_.config.project.session_timeout));
        s->cleanup_timer.async_wait([self, s](const boost::system::error_code& ec) {
            if (!ec && !s->connected())
                self->end_session(s);
        });
    });
}

void chat_runtime::end_session(const std::shared_ptr<ws_session_impl>& s) {
    bool erased = false;
    {
        std::lock_guard lk(impl_->mu);
        auto it = impl_->sessions.find(s->id());
        if (it != impl_->sessions.end() && it->second == s) {
            impl_->sessions.erase(it);
            erased = true;
        }
    }
    session_index::remove(s->id(), s.get());
    if (erased) // not when a newer session took the id over: what it keeps is its own
        for (const auto& fn : session_end_)
            fn(s->id());
    if (s->current_task) {
        s->current_task->cancelled->store(true);
        s->current_task->signal.emit(asio::cancellation_type::terminal);
    }
    if (store_ && s->has_first_interaction) {
        // Queued element writes link their bytes from the session's files: remove those on
        // the data thread, after every write submitted so far (also keeps the disk work off
        // the I/O threads).
        store_->after_writes([s] { remove_session_files(*s); });
        return;
    }
    remove_session_files(*s);
}

void chat_runtime::start_chat(const std::shared_ptr<ws_session_impl>& s) {
    if (s->chat_started || !hooks_.on_chat_start)
        return;
    s->chat_started = true;
    auto self = shared_from_this();
    start_task(s, [self](context& ctx) -> task<void> {
        step run;
        run.name = "on_chat_start";
        run.type = "run";
        co_await ctx.run_step(
            run, [&](context& c, step&) -> task<void> { co_await self->hooks_.on_chat_start(c); });
    });
}

void chat_runtime::on_connection_successful(const std::shared_ptr<ws_session_impl>& s,
                                            realtime::payload&) {
    auto self = shared_from_this();
    asio::post(s->strand, [self, s] {
        // Reset the client's state, then replay what it missed while away (spec A.4, plus
        // our replay), then tell it a task is still running if one is.
        s->mark_ready({"task_end", "clear_ask", "clear_call_fn"});
        for (const auto& greet : self->greetings_)
            if (auto event = greet())
                s->emit(event->first, std::move(event->second));
        if (s->current_task)
            s->emit("task_start", json::object{});
        if (s->restored) {
            if (!s->has_first_interaction)
                self->start_chat(s);
            return;
        }
        using arrival = ws_session_impl::arrival;
        if ((s->arrived == arrival::moved || s->arrived == arrival::recovered) &&
            !s->chat_started) {
            // Handed over by a node that ran its on_chat_start already: resumed if it has a
            // stored thread (so that the app rebuilds what it kept in memory), else it goes on.
            s->chat_started = true;
            if (!s->thread_id_to_resume.empty() && self->hooks_.on_chat_resume && self->store_)
                self->resume_thread(s);
            return;
        }
        if (!s->thread_id_to_resume.empty() && self->hooks_.on_chat_resume && self->store_ &&
            !s->chat_started && !s->has_first_interaction) {
            s->chat_started = true; // a second connection_successful must not resume twice
            self->resume_thread(s);
            return;
        }
        self->start_chat(s);
    });
}

void chat_runtime::on_client_message(const std::shared_ptr<ws_session_impl>& s,
                                     realtime::payload& p) {
    // The payload is ours (parsed for this event, on the default storage): its parts are moved
    // into the task, not copied.
    auto* arg = p.args.empty() ? nullptr : &p.args.front();
    auto* o = arg ? arg->if_object() : nullptr;
    auto* msg = o ? o->if_contains("message") : nullptr;
    json::object m = msg && msg->is_object() ? std::move(msg->as_object()) : json::object{};
    json::array refs;
    if (auto* r = o ? o->if_contains("fileReferences") : nullptr; r && r->is_array())
        refs = std::move(r->as_array());
    auto self = shared_from_this();
    start_task(s, [self, s, m = std::move(m), refs = std::move(refs)](context& ctx) -> task<void> {
        const std::string id = string_field(m, "id");
        if (!is_uuid4(id))
            throw std::invalid_argument("Invalid message id: a uuid v4 is required");
        if (!m.contains("createdAt") || !m.contains("output"))
            throw std::invalid_argument("Invalid message: createdAt and output are required");
        const std::string parent = string_field(m, "parentId");
        if (auto* store = self->store()) {
            // The client chose these ids: one already used by another thread is refused
            // before anything is shown, stored or remembered (docs/SECURITY.md).
            const std::string tid = s->thread_id();
            auto refused = co_await ownership::refuse_message_ids(*store, tid, id, parent);
            if (refused)
                throw std::invalid_argument(*refused);
        }
        message user_msg(string_field(m, "output"), string_field(m, "name"));
        user_msg.id = id;
        user_msg.type = "user_message";
        user_msg.parent_id = parent;
        user_msg.command = string_field(m, "command");
        if (const auto* md = m.if_contains("metadata"); md && md->is_object())
            user_msg.metadata = md->as_object();
        user_msg.created_at = iso_now();
        user_msg.thread_id = s->thread_id();
        s->remember_message(id, user_msg.type, user_msg.content);
        if (self->store())
            self->persist(*s, [d = to_step_dict(user_msg)](data::data_layer& dl) {
                return dl.create_step(d);
            });
        // Attached uploads become elements of the message (spec B.2 step 6): sent to the
        // browser and persisted, their bytes kept in element storage, so they outlive the
        // session's file store and come back on resume.
        for (const auto& ref : refs) {
            const std::string fid = string_field(ref, "id");
            auto f = fid.empty() ? std::nullopt : s->file(fid);
            if (!f)
                continue; // only this session's own uploads can be referenced
            if (std::any_of(user_msg.files.begin(), user_msg.files.end(),
                            [&](const session_file& g) { return g.id == f->id; }))
                continue; // the same upload named twice is one attachment
            user_msg.files.push_back(*f);
        }
        // A message of files only names its thread after them (spec B.1 first_interaction:
        // "the comma-joined file names"), not "".
        std::string interaction = user_msg.content;
        if (interaction.empty())
            for (const auto& f : user_msg.files)
                interaction += (interaction.empty() ? "" : ",") + f.name;
        self->first_interaction(*s, interaction);
        attach_uploads(*self, *s, id, user_msg.files);
        if (!self->hooks_.on_message)
            co_return;
        step run;
        run.name = "on_message";
        run.type = "run";
        run.parent_id = id;
        co_await ctx.run_step(run, [&](context& c, step& st) -> task<void> {
            st.input = user_msg.content;
            co_await self->hooks_.on_message(c, user_msg);
        });
    });
}

void chat_runtime::on_edit_message(const std::shared_ptr<ws_session_impl>& s,
                                   realtime::payload& p) {
    const auto* arg = first_arg(p);
    const auto* o = arg ? arg->if_object() : nullptr;
    const auto* msg = o ? o->if_contains("message") : nullptr;
    if (!msg || !msg->is_object())
        return;
    json::object m = msg->as_object();
    auto self = shared_from_this();
    asio::post(s->strand, [self, s, m = std::move(m)] {
        const std::string id = string_field(m, "id");
        std::vector<std::string> later;
        {
            std::lock_guard lk(s->ids_mu);
            auto removed = s->message_ids.truncate_after(id);
            if (!removed)
                return;
            later = std::move(*removed);
            if (s->texts)
                s->texts->truncate(s->message_ids.size());
        }
        // Everything after the edited message goes, replies included (spec B.2 edit_message).
        for (const auto& gone : later) {
            s->emit("delete_message", json::object{{"id", gone}});
            self->persist(*s, [gone, tid = s->thread_id()](data::data_layer& d) {
                return d.delete_step(gone, std::string_view(tid));
            });
        }
        message edited(string_field(m, "output"), string_field(m, "name"));
        edited.id = id;
        edited.type = "user_message";
        edited.command = string_field(m, "command"); // the command it was sent with stays
        edited.created_at = iso_now();
        edited.thread_id = s->thread_id();
        s->revise_message(id, edited.type, &edited.content);
        s->emit("update_message", edited.to_dict());
        // The stored step gets the new text too (an upsert: its creation time and parent
        // stay), so the history and a resume show the message as edited.
        if (self->store())
            self->persist(
                *s, [d = to_step_dict(edited)](data::data_layer& dl) { return dl.update_step(d); });
        if (!self->hooks_.on_message)
            return;
        self->start_task(s, [self, edited](context& ctx) -> task<void> {
            step run;
            run.name = "on_message";
            run.type = "run";
            run.parent_id = edited.id;
            co_await ctx.run_step(run, [&](context& c, step& st) -> task<void> {
                st.input = edited.content;
                co_await self->hooks_.on_message(c, edited);
            });
        });
    });
}

void chat_runtime::on_stop_event(const std::shared_ptr<ws_session_impl>& s, realtime::payload&) {
    auto self = shared_from_this();
    asio::post(s->strand, [self, s] {
        message stopped("Task manually stopped.", self->ui_name());
        stopped.created_at = iso_now();
        stopped.thread_id = s->thread_id();
        s->emit("new_message", stopped.to_dict());
        if (auto t = s->current_task) {
            t->cancelled->store(true);
            t->signal.emit(asio::cancellation_type::terminal);
        }
        if (self->hooks_.on_stop)
            self->start_task(
                s, [self](context& ctx) { return self->hooks_.on_stop(ctx); }, false);
    });
}

void chat_runtime::on_clear_session(const std::shared_ptr<ws_session_impl>& s, realtime::payload&) {
    asio::post(s->strand, [s] { s->to_clear = true; });
}

void chat_runtime::on_settings_change(const std::shared_ptr<ws_session_impl>& s,
                                      realtime::payload& p) {
    const auto* arg = first_arg(p);
    if (!arg || !arg->is_object())
        return;
    s->merge_chat_settings(arg->as_object());
    if (!hooks_.on_settings_update) {
        if (impl_->relay)
            impl_->relay->refresh(s); // with a hook, that happens when it ends
        return;
    }
    auto self = shared_from_this();
    start_task(s, [self, s](context& ctx) {
        return self->hooks_.on_settings_update(ctx, s->chat_settings());
    });
}

void chat_runtime::on_window_message_event(const std::shared_ptr<ws_session_impl>& s,
                                           realtime::payload& p) {
    if (!hooks_.on_window_message)
        return;
    json::value data = p.args.empty() ? json::value() : p.args.front();
    auto self = shared_from_this();
    start_task(
        s, [self, data](context& ctx) { return self->hooks_.on_window_message(ctx, data); }, false);
}

} // namespace chainlit
