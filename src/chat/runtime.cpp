// Sessions and the Socket.IO side of spec A.3-A.5 and B.2.
#include "chainlit/chat/runtime.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "chainlit/http/form.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "file_store.hpp"
#include "remote_session.hpp"
#include "runtime_impl.hpp"
#include "ws_session.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

namespace chainlit {

namespace asio = boost::asio;

chat_runtime::chat_runtime(asio::any_io_executor exec, options opts, chat_hooks hooks)
    : impl_(std::make_unique<impl>()), hooks_(std::move(hooks)), opts_(std::move(opts)),
      files_root_(std::make_shared<const std::filesystem::path>(opts_.app_root / ".files")) {
    impl_->exec = std::move(exec);
}

asio::any_io_executor chat_runtime::executor() const {
    return impl_->exec;
}

chat_runtime::~chat_runtime() {
    close_all();
}

std::shared_ptr<websocket_session> chat_runtime::find(std::string_view session_id) const {
    std::lock_guard lk(impl_->mu);
    auto it = impl_->sessions.find(session_id);
    return it == impl_->sessions.end() ? nullptr : it->second;
}

std::size_t chat_runtime::session_count() const {
    std::lock_guard lk(impl_->mu);
    return impl_->sessions.size();
}

std::vector<std::string> chat_runtime::session_ids() const {
    std::lock_guard lk(impl_->mu);
    std::vector<std::string> out;
    out.reserve(impl_->sessions.size());
    for (const auto& kv : impl_->sessions)
        out.push_back(kv.first);
    return out;
}

task<std::optional<http::response>> chat_runtime::forward_to_chat_node(const http::request& req,
                                                                       std::string session_id) {
    if (!impl_->relay)
        co_return std::nullopt;
    co_return co_await impl_->relay->forward(req, std::move(session_id));
}

void chat_runtime::set_cluster(std::shared_ptr<cluster::node> node) {
    impl_->relay = std::make_shared<cluster_relay>(std::move(node), weak_from_this(), impl_->exec);
    impl_->relay->start();
    set_process_relay(impl_->relay);
    std::weak_ptr<cluster_relay> weak = impl_->relay;
    on_session_end([weak](const std::string& id) {
        if (auto r = weak.lock())
            r->forget(id);
    });
}

void chat_runtime::close_all() {
    if (impl_->relay)
        impl_->relay->stop();
    std::map<std::string, std::shared_ptr<ws_session_impl>, std::less<>> all;
    {
        std::lock_guard lk(impl_->mu);
        all.swap(impl_->sessions);
        impl_->by_socket.clear();
    }
    if (store_) // queued element writes link their bytes from the session files removed below
        store_->drain();
    for (auto& [id, s] : all) {
        session_index::remove(id, s.get());
        remove_session_files(*s);
        for (const auto& fn : session_end_)
            fn(id);
    }
    if (store_)
        store_->flush_now();
}

context chat_runtime::ws_context(std::shared_ptr<websocket_session> s) {
    return context(std::move(s), shared_from_this());
}

context init_ws_context(websocket_session& s) {
    if (auto* remote = dynamic_cast<remote_ws_session*>(&s)) {
        auto rt = remote->runtime();
        if (!rt)
            throw std::runtime_error("init_ws_context: the app has stopped");
        return rt->ws_context(remote->shared_from_this());
    }
    auto* impl = dynamic_cast<ws_session_impl*>(&s);
    if (!impl)
        throw std::invalid_argument("init_ws_context: not a live session");
    auto rt = impl->runtime.lock();
    if (!rt)
        throw std::runtime_error("init_ws_context: the session's app has stopped");
    return rt->ws_context(impl->shared_from_this());
}

void chat_runtime::start_task(std::shared_ptr<websocket_session> base,
                              std::function<task<void>(context&)> fn, bool wrap_task_events) {
    auto s = std::static_pointer_cast<ws_session_impl>(std::move(base));
    auto self = shared_from_this();
    asio::post(s->strand, [s, self, fn = std::move(fn), wrap_task_events]() mutable {
        auto state = std::make_shared<task_state>();
        s->current_task = state;
        auto body = [s, self, fn = std::move(fn), state, wrap_task_events]() -> task<void> {
            context ctx = self->ws_context(s);
            ctx.set_cancel_flag(state->cancelled);
            if (wrap_task_events)
                s->emit("task_start", json::object{});
            std::optional<std::string> failure;
            try {
                co_await fn(ctx);
            } catch (const task_cancelled&) {
            } catch (const std::exception& e) {
                if (!state->cancelled->load())
                    failure = e.what();
            }
            if (failure) {
                // A handler that throws tells its user, and the server goes on.
                log().warn("session {}: handler failed: {}", s->id(), *failure);
                context plain(s, self); // the error message itself is not cancellable
                co_await plain.send_error(*failure);
            }
            // Durability: what this task wrote is committed before the client sees task_end.
            if (self->store_)
                co_await self->store_->sync();
            // So is what another node needs to take the chat over (a cluster's directory).
            if (self->impl_->relay && cluster_relay::stale(*s))
                co_await self->impl_->relay->announce(s, cluster::node::write_mode::renew);
            if (wrap_task_events)
                s->emit("task_end", json::object{});
            if (s->current_task == state)
                s->current_task.reset();
        };
        asio::co_spawn(s->strand, std::move(body),
                       asio::bind_cancellation_slot(state->signal.slot(), asio::detached));
    });
}

void chat_runtime::attach(realtime::io_server& io) {
    std::weak_ptr<chat_runtime> weak = weak_from_this();
    auto self = shared_from_this();
    impl_->handover = io.handover();

    io.on_connect([self](realtime::socket_ptr sock, const json::value& auth,
                         const http::request& handshake) -> task<std::optional<std::string>> {
        co_return co_await self->on_connect(std::move(sock), auth, handshake);
    });
    io.on_disconnect([self](realtime::socket_ptr sock, std::string reason) -> task<void> {
        self->on_disconnect(*sock, reason);
        co_return;
    });

    auto on = [&io, self](std::string name,
                          void (chat_runtime::*fn)(const std::shared_ptr<ws_session_impl>&,
                                                   realtime::payload&)) {
        io.on(name,
              [self, fn](realtime::socket_ptr sock, realtime::payload p,
                         realtime::ack_fn) -> task<void> {
                  if (auto s = self->impl_->by_socket_id(sock->id()))
                      (self.get()->*fn)(s, p);
                  co_return;
              });
    };
    on("connection_successful", &chat_runtime::on_connection_successful);
    on("client_message", &chat_runtime::on_client_message);
    on("edit_message", &chat_runtime::on_edit_message);
    on("stop", &chat_runtime::on_stop_event);
    on("clear_session", &chat_runtime::on_clear_session);
    on("chat_settings_change", &chat_runtime::on_settings_change);
    on("window_message", &chat_runtime::on_window_message_event);
    // Known events this server accepts and ignores (audio and favorites are not built), so
    // that a Chainlit client sending them is not disconnected as sending unknown events.
    for (const char* ignored : {"audio_start", "audio_chunk", "audio_end", "fetch_favorites",
                                "message_favorite", "chat_settings_edit"})
        io.on(ignored, [](realtime::socket_ptr, realtime::payload, realtime::ack_fn) -> task<void> {
            co_return;
        });
}

} // namespace chainlit
