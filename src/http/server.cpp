#include "chainlit/http/server.hpp"

#include "chainlit/core/log.hpp"
#include "server_impl.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <string>
#include <sys/socket.h>
#include <system_error>

namespace chainlit::http {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

/// Serves a socket that another process bound and listens on (watch mode's supervisor). Its
/// family comes from the socket itself; anything but a listening TCP socket is refused.
void adopt_listening_socket(tcp::acceptor& acceptor, int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int listening = 0;
    socklen_t optlen = sizeof listening;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        (addr.ss_family != AF_INET && addr.ss_family != AF_INET6) ||
        ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &optlen) != 0 || !listening)
        throw std::system_error(EBADF, std::generic_category(),
                                "inherited descriptor " + std::to_string(fd) +
                                    " is not a listening TCP socket");
    acceptor.assign(addr.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd);
}

} // namespace

server::impl::impl(const router& r, server_options o)
    : routes(r), opts(std::move(o)),
      // One I/O thread: Asio may skip waking other threads (posting from any thread stays safe).
      ioc(opts.threads == 1 ? 1 : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT),
      work(asio::make_work_guard(ioc)), acceptor(ioc) {}

void server::impl::register_conn(const std::shared_ptr<connection_state>& c) {
    std::lock_guard lk(conns_mu);
    conns.insert(c);
}

void server::impl::unregister_conn(const std::shared_ptr<connection_state>& c) {
    std::lock_guard lk(conns_mu);
    conns.erase(c);
}

void server::impl::forget_stream(connection_state& c) {
    std::lock_guard lk(conns_mu);
    c.socket = nullptr;
}

std::size_t server::impl::conn_count() {
    std::lock_guard lk(conns_mu);
    return conns.size();
}

task<void> server::impl::accept_loop() {
    while (!stopping && accepting) {
        // Each connection gets its own strand: its handlers run in order, never concurrently.
        // With one I/O thread they already do, and a strand would only add a lock and a queue
        // to every completion (bench/http: about 4% of a request's CPU).
        const asio::any_io_executor exec = thread_count == 1
                                               ? asio::any_io_executor(ioc.get_executor())
                                               : asio::any_io_executor(asio::make_strand(ioc));
        auto [ec, sock] = co_await acceptor.async_accept(exec, use_tuple);
        if (ec) {
            if (stopping || !accepting || ec == asio::error::operation_aborted)
                break;
            // EMFILE and friends: log, back off briefly, keep serving existing connections.
            log().warn("accept failed: {}", ec.message());
            asio::steady_timer t(ioc, std::chrono::milliseconds(50));
            co_await t.async_wait(use_tuple);
            continue;
        }
        boost::system::error_code ignored;
        sock.set_option(tcp::no_delay(true), ignored);
        asio::co_spawn(exec, run_connection(*this, std::move(sock)), asio::detached);
    }
}

task<void> server::impl::drain() {
    // Idle keep-alive connections are closed now; busy ones close after their response.
    {
        std::lock_guard lk(conns_mu);
        for (const auto& c : conns) {
            if (!c->socket)
                continue; // an upgraded socket: its handler's stop hook ends it
            asio::post(c->socket->get_executor(), [c] {
                // The idle timeout may have closed the socket already: cancel(ec), since
                // the throwing overload would end the process with EBADF.
                boost::system::error_code ignored;
                if (c->idle && c->socket)
                    c->socket->cancel(ignored);
            });
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + opts.drain_timeout;
    asio::steady_timer t(ioc);
    while (conn_count() > 0 && std::chrono::steady_clock::now() < deadline) {
        t.expires_after(std::chrono::milliseconds(10));
        co_await t.async_wait(use_tuple);
    }
    if (const auto left = conn_count())
        log().warn("shutdown: {} connection(s) still busy after the drain timeout", left);
    if (opts.after_drain) {
        std::string failure;
        try {
            co_await opts.after_drain();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!failure.empty())
            log().error("shutdown hook failed: {}", failure);
    }
    work.reset();
    ioc.stop();
}

server::server(const router& r, server_options opts)
    : impl_(std::make_unique<impl>(r, std::move(opts))) {}

server::~server() {
    stop();
    wait();
}

void server::start() {
    if (impl_->started.exchange(true))
        return;
    auto& s = *impl_;
    if (s.opts.listen_fd >= 0) {
        adopt_listening_socket(s.acceptor, s.opts.listen_fd);
    } else {
        tcp::resolver resolver(s.ioc);
        auto results = resolver.resolve(s.opts.host, std::to_string(s.opts.port),
                                        tcp::resolver::passive | tcp::resolver::numeric_service);
        const tcp::endpoint ep = *results.begin();
        s.acceptor.open(ep.protocol());
        s.acceptor.set_option(tcp::acceptor::reuse_address(true));
        s.acceptor.bind(ep);
        s.acceptor.listen(asio::socket_base::max_listen_connections);
    }
    const unsigned n =
        s.opts.threads ? s.opts.threads : std::max(1u, std::thread::hardware_concurrency());
    s.thread_count = n;
    std::future<void> ready;
    if (s.opts.before_accept)
        ready = asio::co_spawn(s.ioc, s.opts.before_accept(), asio::use_future);
    for (unsigned i = 0; i < n; ++i)
        s.threads.emplace_back([&s] { s.ioc.run(); });
    if (ready.valid()) {
        try {
            ready.get();
        } catch (...) {
            // Nothing was accepted yet: end the threads and close the port before reporting.
            s.stopping = true;
            boost::system::error_code ignored;
            s.acceptor.close(ignored);
            s.work.reset();
            s.ioc.stop();
            wait();
            throw;
        }
    }
    asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
}

unsigned short server::port() const noexcept {
    boost::system::error_code ec;
    auto ep = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void server::stop() {
    auto& s = *impl_;
    if (!s.started || s.stopping.exchange(true))
        return;
    for (auto& hook : s.stop_hooks)
        hook();
    asio::post(s.ioc, [&s] {
        boost::system::error_code ec;
        s.acceptor.close(ec);
        asio::co_spawn(s.ioc, s.drain(), asio::detached);
    });
}

void server::stop_accepting() {
    auto& s = *impl_;
    s.accepting = false;
    asio::post(s.ioc, [&s] {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
    });
}

void server::wait() {
    for (auto& t : impl_->threads)
        if (t.joinable() && t.get_id() != std::this_thread::get_id())
            t.join();
}

int server::run_until_signal() {
    start();
    asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (!ec) {
            log().info("received {}, shutting down gracefully",
                       sig == SIGINT ? "SIGINT" : "SIGTERM");
            stop();
        }
    });
    wait();
    return 0;
}

asio::any_io_executor server::executor() const {
    return impl_->ioc.get_executor();
}

void server::add_upgrade(std::string path, upgrade_handler h) {
    impl_->upgrades[std::move(path)] = std::move(h);
}

void server::on_stop(std::function<void()> fn) {
    impl_->stop_hooks.push_back(std::move(fn));
}

const server_options& server::options() const noexcept {
    return impl_->opts;
}

} // namespace chainlit::http
