// The runtime's side of persistence (spec E.7, A.4 resume, A.5 metadata at disconnect).
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "persist_convert.hpp"
#include "runtime_impl.hpp"
#include "ws_session.hpp"

#include <boost/asio/post.hpp>

namespace chainlit {

void chat_runtime::set_data_layer(std::shared_ptr<data::data_layer> dl) {
    store_ = dl ? std::make_unique<persister>(std::move(dl)) : nullptr;
    if (store_) // elements' bytes outlive their session: local disk by default
        store_->set_element_storage(local_element_storage(opts_.app_root / ".chainlit" / "files"));
}

void chat_runtime::persist(session& s, persister::write_op op) {
    if (!store_)
        return;
    if (auto* ws = dynamic_cast<ws_session_impl*>(&s)) {
        std::lock_guard lk(ws->writes_mu);
        if (!ws->has_first_interaction) {
            ws->pending_writes.push_back(std::move(op));
            return;
        }
    }
    store_->submit(std::move(op));
}

void attach_uploads(chat_runtime& rt, session& s, const std::string& for_id,
                    const std::vector<session_file>& files) {
    for (const auto& f : files) {
        auto e = upload_element(f, for_id);
        if (auto* store = rt.store())
            rt.persist(s, element_write(to_element_dict(e, s.thread_id(), f.id), f.path,
                                        store->element_files()));
        json::object wire{{"id", e.id},           {"threadId", s.thread_id()},
                          {"type", e.type},       {"name", e.name},
                          {"display", e.display}, {"url", nullptr},
                          {"chainlitKey", f.id},  {"mime", e.mime},
                          {"forId", for_id}};
        if (!e.size.empty())
            wire["size"] = e.size;
        s.emit("element", std::move(wire));
    }
}

void chat_runtime::first_interaction(session& s, const std::string& interaction) {
    auto* ws = dynamic_cast<ws_session_impl*>(&s);
    if (ws) {
        std::lock_guard lk(ws->writes_mu);
        if (ws->has_first_interaction.exchange(true))
            return;
    }
    s.emit("first_interaction",
           json::object{{"interaction", interaction}, {"thread_id", s.thread_id()}});
    if (!store_)
        return;
    data::thread_update u;
    u.name = interaction;
    if (s.user() && s.user()->id)
        u.user_id = *s.user()->id;
    const auto* tag = opts_.config.features.if_contains("auto_tag_thread");
    if (!s.chat_profile().empty() && (!tag || (tag->is_bool() && tag->as_bool())))
        u.tags = std::vector<std::string>{s.chat_profile()};
    store_->submit(
        [tid = s.thread_id(), u](data::data_layer& d) { return d.update_thread(tid, u); });
    if (ws) {
        std::vector<persister::write_op> held;
        {
            std::lock_guard lk(ws->writes_mu);
            held.swap(ws->pending_writes);
        }
        for (auto& op : held)
            store_->submit(std::move(op));
    }
}

void chat_runtime::resume_thread(const std::shared_ptr<ws_session_impl>& s) {
    auto self = shared_from_this();
    start_task(
        s,
        [self, s](context& ctx) -> task<void> {
            const std::string tid = s->thread_id_to_resume;
            auto load = [tid](data::data_layer& d) { return d.get_thread(tid); };
            auto loaded = co_await self->store_->read(load); // named: see GCC note in ARCHITECTURE
            // Only a logged-in author resumes (spec A.4): an anonymous session has no claim.
            const bool owned = loaded && *loaded && s->user() &&
                               (*loaded)->user_identifier.value_or("") == s->user()->identifier;
            if (!owned) {
                s->emit("resume_thread_error", json::string("Thread not found."));
                self->start_chat(s);
                co_return;
            }
            data::thread_dict thread = std::move(**loaded);
            link_element_files(
                thread, self->opts_.root_path); // stored bytes are fetched from the thread routes
            // The user session comes back from the thread's metadata (spec A.4 step 3); for a
            // chat taken over from another node, from the session directory, which has it as
            // of that node's last hook (the metadata is written at disconnect only). A chat
            // that its node handed over brought it along (on_connect has set it).
            using arrival = ws_session_impl::arrival;
            const bool taken_over = s->arrived == arrival::taken_over && s->handed_over;
            const bool moved = s->arrived == arrival::moved || s->arrived == arrival::recovered;
            if (!moved)
                s->restore_user_session(taken_over ? std::move(*s->handed_over) : thread.metadata);
            s->handed_over.reset();
            // A hook that was running on a node that died left its run step unfinished: it
            // ends now, as an error, and the chat says so below (no spinner forever).
            std::size_t interrupted = 0;
            if (taken_over)
                for (auto& st : thread.steps)
                    if (st.type && *st.type == "run" && !st.end) {
                        st.end = iso_now();
                        st.is_error = true;
                        // Straight to the store: the session's own writes are held until
                        // its first interaction, which a resume does not make.
                        self->store_->submit(
                            [d = st](data::data_layer& dl) { return dl.update_step(d); });
                        ++interrupted;
                    }
            {
                std::lock_guard lk(s->writes_mu);
                s->has_first_interaction = true;
            }
            s->chat_started = true;
            for (const auto& st : thread.steps)
                if (st.type && (*st.type == "user_message" || *st.type == "assistant_message"))
                    s->remember_message(st.id, *st.type, st.output.value_or(""));
            json::object wire = data::to_json(thread);
            if (s->arrived == arrival::recovered) {
                // The browser shows all of it already (it recovered every event it missed):
                // only the app rebuilds what it kept in memory on the old node.
                co_await self->hooks_.on_chat_resume(ctx, wire);
                co_return;
            }
            s->emit("first_interaction",
                    json::object{{"interaction", "resume"}, {"thread_id", thread.id}});
            s->emit("task_start", json::object{});
            co_await self->hooks_.on_chat_resume(ctx, wire);
            s->emit("task_end", json::object{});
            s->emit("resume_thread", std::move(wire));
            if (interrupted)
                co_await ctx.send_error(
                    "Your last message was not answered: the server that was answering it "
                    "stopped. Please send it again.");
        },
        false);
}

} // namespace chainlit
