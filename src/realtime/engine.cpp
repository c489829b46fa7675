// Engine.IO entry points: the polling routes, the websocket upgrade, the session registry.
#include "chainlit/core/log.hpp"
#include "chainlit/core/random.hpp"
#include "core.hpp"
#include "forward.hpp"
#include "http/upgrade.hpp"
#include "sio_socket.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>

namespace chainlit::realtime {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace {

/// The handshake request as a session keeps it for its whole life (socket::handshake): what an
/// app reads (method, target, path, query, headers, client address, request id), without the
/// body and without the websocket handshake's own headers, which mean nothing once upgraded
/// and cost every idle session a few hundred bytes.
std::shared_ptr<const http::request> kept_handshake(const http::request& req) {
    http::request::header_list headers;
    headers.reserve(req.headers().size());
    for (const auto& [name, value] : req.headers()) {
        const std::string_view n = name;
        if (n.starts_with("sec-websocket-") || n == "upgrade" || n == "connection")
            continue;
        headers.emplace_back(name, value);
    }
    auto kept = std::make_shared<http::request>(req.method(), req.target(), std::move(headers),
                                                std::string());
    kept->set_path(req.path());
    kept->set_client_address(req.client_address());
    kept->set_request_id(req.request_id());
    kept->set_app_data(req.app_data());
    return kept;
}

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Engine.IO sids: 20 URL-safe characters from the CSPRNG, like engine.io's base64id, so one
// session cannot guess another's.
constexpr std::string_view sid_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The JSON errors engine.io answers with (its Server.errorMessages).
struct eio_error {
    int code;
    std::string_view message;
};
constexpr eio_error transport_unknown{0, "Transport unknown"};
constexpr eio_error session_unknown{1, "Session ID unknown"};
constexpr eio_error bad_handshake_method{2, "Bad handshake method"};
constexpr eio_error bad_request{3, "Bad request"};
constexpr eio_error forbidden{4, "Forbidden"};
constexpr eio_error unsupported_version{5, "Unsupported protocol version"};

std::string error_body(const eio_error& e) {
    return json::serialize(json::object{{"code", e.code}, {"message", e.message}});
}

http::response error_response(const eio_error& e, int status = 400) {
    auto res = http::response::json(json::object{{"code", e.code}, {"message", e.message}}, status);
    return res;
}

// Answers an upgrade request we refuse with a plain HTTP error on the raw stream.
task<void> refuse_upgrade(http::upgrade_context& ctx, const eio_error& e, int status = 400) {
    beast::http::response<beast::http::string_body> res{static_cast<beast::http::status>(status),
                                                        ctx.raw.version()};
    res.set(beast::http::field::content_type, "application/json");
    res.body() = error_body(e);
    res.keep_alive(false);
    res.prepare_payload();
    co_await beast::http::async_write(ctx.stream, res, use_tuple);
}

task<http::response> run_poll(std::shared_ptr<detail::session> s) {
    co_return co_await s->poll();
}

task<http::response> run_post(std::shared_ptr<detail::session> s, std::string body) {
    co_return co_await s->post(std::move(body));
}

// Accepts the websocket: a coroutine of its own so that the upgrade request dies with its frame
// instead of living as long as the socket.
task<boost::system::error_code> accept_ws(detail::ws_stream& ws,
                                          beast::http::request<beast::http::string_body> raw) {
    auto [ec] = co_await ws.async_accept(raw, use_tuple);
    co_return ec;
}

// Runs the accepted websocket on the session's strand. The socket was re-homed there, so the
// stream, its timers and the session share one strand. `live` keeps the HTTP server counting the
// connection until the websocket ends.
task<void> run_ws(std::shared_ptr<detail::session> s, std::shared_ptr<detail::ws_stream> ws,
                  beast::http::request<beast::http::string_body> raw, bool upgrade,
                  std::size_t max_payload, std::shared_ptr<void> live) {
    ws->set_option(websocket::stream_base::timeout{std::chrono::seconds(10),
                                                   websocket::stream_base::none(), false});
    ws->read_message_max(max_payload);
    ws->auto_fragment(false);
    const auto ec = co_await accept_ws(*ws, std::move(raw));
    if (ec) {
        log().debug("engine.io: websocket accept failed: {}", ec.message());
        if (!upgrade)
            s->close("transport error");
        co_return;
    }
    if (!upgrade) {
        s->send("0" + s->open_payload(false));
        s->start();
    }
    co_await s->run_websocket(std::move(ws), upgrade);
}

} // namespace

std::shared_ptr<detail::session>
io_server::core::create_session(std::shared_ptr<const http::request> hs, bool in_directory) {
    auto sid = random_string(20, sid_alphabet);
    auto strand = make_io_strand(executor);
    std::weak_ptr<core> weak = shared_from_this();
    auto dir = in_directory ? opts->directory : nullptr;
    auto s = std::make_shared<detail::session>(strand, sid, opts, std::move(hs),
                                               [weak, dir](const std::string& gone) {
                                                   if (dir)
                                                       dir->release(gone);
                                                   if (auto c = weak.lock()) {
                                                       std::lock_guard lk(c->mu_);
                                                       c->sessions_.erase(gone);
                                                   }
                                               });
    s->set_listener(std::make_shared<sio_socket>(shared_from_this(), s));
    std::lock_guard lk(mu_);
    sessions_.emplace(std::move(sid), s);
    return s;
}

task<http::response> io_server::core::handle_polling(http::request& req) {
    if (req.query_param("EIO") != "4")
        co_return error_response(unsupported_version);
    const auto transport = req.query_param("transport");
    if (transport == "websocket")
        co_return error_response(bad_request); // a websocket request without Upgrade headers
    if (transport != "polling")
        co_return error_response(transport_unknown);
    const auto sid = req.query_param("sid");
    if (!sid) {
        if (req.method() != http::method::get)
            co_return error_response(bad_handshake_method);
        if (stopping)
            co_return error_response(forbidden, 503);
        // A polling session's next requests may reach any node: the directory must know its
        // owner before the client learns the sid.
        auto s = create_session(kept_handshake(req), opts->directory != nullptr);
        if (opts->directory)
            co_await opts->directory->claim(s->sid());
        const auto open = "0" + s->open_payload(true);
        asio::dispatch(s->strand(), [s] { s->start(); });
        auto res = http::response::text(open);
        res.set_header("Content-Type", "text/plain; charset=UTF-8");
        co_return res;
    }
    auto s = find_session(*sid);
    if (!s) {
        if (opts->directory && !detail::is_forwarded(req)) {
            if (auto owner = co_await opts->directory->owner(*sid)) {
                // A long-poll GET waits up to the ping interval at the owner.
                const auto timeout =
                    opts->ping_interval + opts->ping_timeout + std::chrono::seconds(5);
                auto forwarded = co_await detail::forward_request(req, *owner, timeout);
                if (forwarded)
                    co_return std::move(*forwarded);
            }
        }
        co_return error_response(session_unknown);
    }
    if (req.method() == http::method::get)
        co_return co_await asio::co_spawn(s->strand(), run_poll(s), asio::use_awaitable);
    co_return co_await asio::co_spawn(s->strand(), run_post(s, req.body()), asio::use_awaitable);
}

task<void> io_server::core::handle_upgrade(http::upgrade_context& ctx) {
    auto& req = ctx.req;
    if (req.query_param("EIO") != "4") {
        co_await refuse_upgrade(ctx, unsupported_version);
        co_return;
    }
    if (req.query_param("transport") != "websocket") {
        co_await refuse_upgrade(ctx, transport_unknown);
        co_return;
    }
    std::shared_ptr<detail::session> s;
    const auto sid = req.query_param("sid");
    if (sid) {
        s = find_session(*sid);
        if (!s) {
            if (opts->directory && !detail::is_forwarded(req)) {
                if (auto owner = co_await opts->directory->owner(*sid))
                    if (co_await detail::forward_upgrade(ctx, *owner))
                        co_return;
            }
            co_await refuse_upgrade(ctx, session_unknown);
            co_return;
        }
    } else if (stopping) {
        co_await refuse_upgrade(ctx, forbidden, 503);
        co_return;
    } else {
        s = create_session(kept_handshake(req), false); // one connection: nothing to find
    }
    // Re-home the connection onto the session's strand: the websocket, its timers and the
    // session state then share one strand, and no cross-strand hand-off is needed per message.
    boost::system::error_code ec;
    auto& old = ctx.stream;
    const auto protocol = old.local_endpoint(ec).protocol();
    const auto fd = ec ? -1 : old.release(ec);
    if (ec || fd < 0) {
        if (!sid)
            asio::dispatch(s->strand(), [s] { s->close("transport error"); });
        co_return;
    }
    auto ws = std::make_shared<detail::ws_stream>(
        beast::tcp_stream(asio::ip::tcp::socket(s->strand(), protocol, fd)));
    ws->next_layer().set_owner(ws);
    // Detached: the HTTP connection's coroutine ends now, and with it its read buffer and frame
    // (about 10 KB per websocket that would otherwise stay allocated for the socket's life).
    asio::co_spawn(s->strand(),
                   run_ws(s, std::move(ws), std::move(ctx.raw), sid.has_value(), opts->max_payload,
                          std::move(ctx.live)),
                   asio::detached);
}

void io_server::core::shutdown() {
    stopping = true;
    std::vector<std::shared_ptr<detail::session>> all;
    {
        std::lock_guard lk(mu_);
        for (auto& [sid, s] : sessions_)
            all.push_back(s);
    }
    for (auto& s : all)
        asio::dispatch(s->strand(), [s] { s->close("server shutting down", 1012); });
}

std::shared_ptr<detail::session> io_server::core::find_session(const std::string& sid) const {
    std::lock_guard lk(mu_);
    auto it = sessions_.find(sid);
    return it == sessions_.end() ? nullptr : it->second;
}

void io_server::core::add_socket(const std::shared_ptr<sio_socket>& s) {
    std::lock_guard lk(mu_);
    sockets_[s->id()] = s;
}

void io_server::core::remove_socket(const std::string& id) {
    std::lock_guard lk(mu_);
    sockets_.erase(id);
}

std::shared_ptr<sio_socket> io_server::core::find_socket(std::string_view id) const {
    std::lock_guard lk(mu_);
    auto it = sockets_.find(std::string(id));
    return it == sockets_.end() ? nullptr : it->second.lock();
}

std::vector<std::shared_ptr<sio_socket>> io_server::core::all_sockets() const {
    std::vector<std::shared_ptr<sio_socket>> out;
    std::lock_guard lk(mu_);
    out.reserve(sockets_.size());
    for (auto& [id, w] : sockets_)
        if (auto s = w.lock())
            out.push_back(std::move(s));
    return out;
}

std::size_t io_server::core::socket_count() const {
    std::lock_guard lk(mu_);
    return sockets_.size();
}

std::size_t io_server::core::session_count() const {
    std::lock_guard lk(mu_);
    return sessions_.size();
}

void io_server::core::release_all() {
    decltype(sessions_) sessions;
    decltype(sockets_) sockets;
    decltype(recovery_) recovery;
    {
        std::lock_guard lk(mu_);
        sessions.swap(sessions_);
        sockets.swap(sockets_);
        recovery.swap(recovery_);
        parked_order_.clear();
        parked_count_ = parked_bytes_ = 0;
    }
    // Destroyed here, outside the lock: a session's destructor may call back into the core.
}

} // namespace chainlit::realtime
