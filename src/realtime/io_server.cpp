#include "chainlit/realtime/io_server.hpp"

#include "chainlit/http/router.hpp"
#include "chainlit/http/server.hpp"
#include "core.hpp"
#include "sio_socket.hpp"

namespace chainlit::realtime {

const std::string* payload::binary(const json::value& v) const noexcept {
    const auto n = socketio::placeholder_num(v);
    return n && *n < attachments.size() ? &attachments[*n] : nullptr;
}

io_server::io_server(http::router& routes, http::server& server, io_options opts)
    : core_(std::make_shared<core>()) {
    while (opts.path.size() > 1 && opts.path.back() == '/')
        opts.path.pop_back();
    core_->opts = std::make_shared<const io_options>(std::move(opts));
    core_->executor = server.executor();
    const auto& path = core_->opts->path;
    // The routes hold the core, not the io_server: a request racing the io_server's
    // destruction still finds live state.
    auto polling = [c = core_](http::request& req) { return c->handle_polling(req); };
    auto upgrade = [c = core_](http::upgrade_context& ctx) { return c->handle_upgrade(ctx); };
    for (const auto& p : {path, path + "/"}) {
        routes.add(http::method::get, p, polling, http::route_priority::builtin);
        routes.add(http::method::post, p, polling, http::route_priority::builtin);
        server.add_upgrade(p, upgrade);
    }
    server.on_stop([c = core_] { c->shutdown(); });
}

io_server::~io_server() {
    // Routes registered on the router still hold the core after this; what the core holds of
    // the io_context must not outlive it.
    core_->release_all();
}

void io_server::on_connect(connect_handler h) {
    core_->on_connect = std::move(h);
}

void io_server::on(std::string event, event_handler h) {
    core_->handlers[std::move(event)] = std::move(h);
}

void io_server::on_disconnect(disconnect_handler h) {
    core_->on_disconnect = std::move(h);
}

socket_ptr io_server::find(std::string_view socket_id) const {
    return core_->find_socket(socket_id);
}

std::size_t io_server::broadcast(std::string_view event, json::array args) {
    const auto wire =
        encode_message(socketio::packet_type::event, event_data(event, std::move(args)), 0, {});
    std::size_t n = 0;
    for (auto& s : core_->all_sockets()) {
        if (!s->connected())
            continue;
        s->send_any_thread(wire, {}, true);
        ++n;
    }
    return n;
}

std::size_t io_server::connected_count() const {
    return core_->socket_count();
}

std::size_t io_server::session_count() const {
    return core_->session_count();
}

} // namespace chainlit::realtime
