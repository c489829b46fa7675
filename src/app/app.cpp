#include "chainlit/app/app.hpp"

#include "app_impl.hpp"
#include "chainlit/core/log.hpp"

namespace chainlit {

app::app() : impl_(std::make_unique<impl>()) {}

app::~app() {
    if (impl_->server) {
        impl_->server->stop();
        impl_->server->wait();
    }
}

app& app::route(http::method m, std::string_view pattern, http::handler h) {
    impl_->routes.add(m, pattern, std::move(h), http::route_priority::app);
    return *this;
}
app& app::get(std::string_view p, http::handler h) {
    return route(http::method::get, p, std::move(h));
}
app& app::post(std::string_view p, http::handler h) {
    return route(http::method::post, p, std::move(h));
}
app& app::put(std::string_view p, http::handler h) {
    return route(http::method::put, p, std::move(h));
}
app& app::patch(std::string_view p, http::handler h) {
    return route(http::method::patch, p, std::move(h));
}
app& app::del(std::string_view p, http::handler h) {
    return route(http::method::del, p, std::move(h));
}

void app::start(const run_options& opts) {
    auto& s = *impl_;
    if (s.server)
        throw std::logic_error("app::start called twice");
    s.opts = opts;
    set_log_level(opts.debug ? spdlog::level::debug : spdlog::level::info);
    s.config = load_config(opts.app_root);
    if (!s.builtins_added) {
        s.add_builtin_routes();
        s.builtins_added = true;
    }
    http::server_options so;
    so.host = opts.host;
    so.port = opts.port;
    so.threads = opts.threads;
    so.root_path = opts.root_path;
    so.access_log = opts.access_log;
    so.header_limit = opts.header_limit;
    so.body_limit = opts.body_limit;
    so.read_timeout = opts.read_timeout;
    so.idle_timeout = opts.idle_timeout;
    so.allow_origins = s.config.project.allow_origins;
    s.server = std::make_unique<http::server>(s.routes, so);
    s.server->start();
    const bool v6 = opts.host.find(':') != std::string::npos;
    log().info("Your app is available at http://{}{}{}:{}{}", v6 ? "[" : "", opts.host,
               v6 ? "]" : "", port(), opts.root_path);
}

unsigned short app::port() const noexcept {
    return impl_->server ? impl_->server->port() : 0;
}

void app::stop() {
    if (impl_->server)
        impl_->server->stop();
}

void app::wait() {
    if (impl_->server)
        impl_->server->wait();
}

int app::run(const run_options& opts) {
    start(opts);
    return impl_->server->run_until_signal();
}

const app_config& app::config() const noexcept {
    return impl_->config;
}
http::router& app::router() noexcept {
    return impl_->routes;
}

} // namespace chainlit
