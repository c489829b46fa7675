#include "child_link.hpp"

#include "chainlit/core/log.hpp"
#include "chainlit/http/server.hpp"
#include "chainlit/realtime/io_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <csignal>
#include <mutex>

namespace chainlit::watch {

namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// Long enough for a `reload` packet to leave on every transport (a long-polling browser picks
/// it up with its pending GET), short enough that a swap stays well under a second.
constexpr std::chrono::milliseconds reload_flush_delay{250};
/// The longest control line: a build status carries a few lines of compiler output.
constexpr std::size_t max_line = 64 * 1024;

struct child_link::impl {
    http::server& server;
    realtime::io_server& io;
    asio::posix::stream_descriptor control;
    asio::signal_set replaced;
    mutable std::mutex mu;
    std::optional<json::object> failure; ///< the last build status, while it is a failure

    impl(int fd, http::server& s, realtime::io_server& i)
        : server(s), io(i), control(s.executor(), fd), replaced(s.executor(), SIGUSR1) {}

    task<void> read_loop(std::shared_ptr<impl> self) {
        std::string buffer;
        for (;;) {
            auto [ec, n] = co_await asio::async_read_until(
                control, asio::dynamic_buffer(buffer, max_line), '\n', use_tuple);
            if (ec) {
                if (ec != asio::error::operation_aborted) {
                    log().warn("watch: the supervisor is gone ({}); stopping", ec.message());
                    server.stop();
                }
                co_return;
            }
            const std::string line = buffer.substr(0, n - 1);
            buffer.erase(0, n);
            if (auto msg = parse_control_line(line); msg && msg->build_status)
                apply_build_status(std::move(*msg->build_status));
            else
                log().debug("watch: ignored a control line of {} bytes", line.size());
        }
    }

    void apply_build_status(json::object status) {
        const auto* ok = status.if_contains("ok");
        {
            std::lock_guard lk(mu);
            if (ok && ok->is_bool() && ok->get_bool())
                failure.reset();
            else
                failure = status;
        }
        io.broadcast("build_status", json::array{json::value(std::move(status))});
    }

    task<void> on_replaced(std::shared_ptr<impl> self) {
        auto [ec, sig] = co_await replaced.async_wait(use_tuple);
        if (ec)
            co_return;
        // New connections go to the new build from now on (it shares the listening socket);
        // the browsers here reload the page from it and resume their threads.
        log().info("watch: a new build took over; reloading the browsers and stopping");
        server.stop_accepting();
        io.broadcast("reload", json::array{json::object{}});
        asio::steady_timer flush(server.executor(), reload_flush_delay);
        co_await flush.async_wait(use_tuple);
        server.stop();
    }
};

child_link::child_link(int fd, http::server& server, realtime::io_server& io)
    : impl_(std::make_shared<impl>(fd, server, io)) {}

child_link::~child_link() {
    boost::system::error_code ignored;
    impl_->replaced.cancel(ignored);
    impl_->control.cancel(ignored);
}

void child_link::start() {
    // "ready" is written synchronously: the supervisor waits for it before it retires the
    // process this one replaces, and the socket's buffer is empty at this point.
    boost::system::error_code ec;
    asio::write(impl_->control, asio::buffer(std::string_view("ready\n")), ec);
    if (ec)
        log().warn("watch: cannot tell the supervisor that the app is ready: {}", ec.message());
    auto self = impl_;
    // The waits end before the server's io_context does (it outlives neither).
    impl_->server.on_stop([self] {
        asio::post(self->server.executor(), [self] {
            boost::system::error_code ignored;
            self->replaced.cancel(ignored);
            self->control.cancel(ignored);
        });
    });
    asio::co_spawn(impl_->server.executor(), self->read_loop(self), asio::detached);
    asio::co_spawn(impl_->server.executor(), self->on_replaced(self), asio::detached);
}

std::optional<std::pair<std::string, json::value>> child_link::greeting() const {
    std::lock_guard lk(impl_->mu);
    if (!impl_->failure)
        return std::nullopt;
    return std::pair<std::string, json::value>("build_status", *impl_->failure);
}

std::optional<control_message> parse_control_line(std::string_view line) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    const auto* o = ec ? nullptr : v.if_object();
    if (!o)
        return std::nullopt;
    control_message m;
    if (const auto* b = o->if_contains("build_status")) {
        const auto* status = b->if_object();
        const auto* ok = status ? status->if_contains("ok") : nullptr;
        if (!ok || !ok->is_bool())
            return std::nullopt;
        json::object clean{{"ok", ok->get_bool()}};
        for (const char* key : {"error", "target"})
            if (const auto* f = status->if_contains(key); f && f->is_string())
                clean[key] = *f;
        m.build_status = std::move(clean);
    }
    return m;
}

} // namespace chainlit::watch
