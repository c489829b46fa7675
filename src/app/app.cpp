#include "chainlit/app/app.hpp"

#include "app_impl.hpp"
#include "chainlit/chat/routes.hpp"
#include "chainlit/core/log.hpp"
#include "openapi.hpp"

namespace chainlit {

app::app() : impl_(std::make_unique<impl>()) {}

app::~app() {
    if (impl_->server) {
        impl_->server->stop();
        impl_->server->wait();
    }
    // Threads are joined. Everything holding Asio objects of the server's io_context (sessions
    // with their timers, held by the runtime, the io_server and the route handlers' captures)
    // must go before the io_context itself, which the server owns.
    if (impl_->runtime)
        impl_->runtime->close_all();
    impl_->watch.reset();
    impl_->io.reset();
    impl_->cluster.reset();
    impl_->routes.clear();
    impl_->runtime.reset();
    impl_->server.reset();
}

app& app::route(http::method m, std::string_view pattern, http::handler h, http::route_doc doc) {
    // Handlers get the runtime in the request (for init_http_context) from the server's
    // prepare hook, set in start(): no wrapper coroutine per request.
    impl_->routes.add(m, pattern, std::move(h), http::route_priority::app, std::move(doc));
    return *this;
}

// Authentication (auth_wiring.cpp, auth_routes.cpp).
app& app::route(http::method m, std::string_view pattern, authenticated_handler h,
                http::route_doc doc) {
    impl_->auth->has_authenticated_routes = true;
    doc.auth = true;
    auto wrapped = [w = impl_->auth, h = std::move(h)](request& req) -> task<response> {
        auto u = co_await w->authenticate(req, auth_wiring::source::http);
        if (!u)
            co_return response::error(401, "Invalid authentication token");
        co_return co_await h(req, *u);
    };
    return route(m, pattern, http::handler(std::move(wrapped)), std::move(doc));
}
app& app::get(std::string_view p, authenticated_handler h, http::route_doc doc) {
    return route(http::method::get, p, std::move(h), std::move(doc));
}
app& app::post(std::string_view p, authenticated_handler h, http::route_doc doc) {
    return route(http::method::post, p, std::move(h), std::move(doc));
}
app& app::put(std::string_view p, authenticated_handler h, http::route_doc doc) {
    return route(http::method::put, p, std::move(h), std::move(doc));
}
app& app::patch(std::string_view p, authenticated_handler h, http::route_doc doc) {
    return route(http::method::patch, p, std::move(h), std::move(doc));
}
app& app::del(std::string_view p, authenticated_handler h, http::route_doc doc) {
    return route(http::method::del, p, std::move(h), std::move(doc));
}
app& app::password_auth_callback(password_auth_fn fn) {
    impl_->auth->password_callback = std::move(fn);
    return *this;
}
app& app::header_auth_callback(header_auth_fn fn) {
    impl_->auth->header_callback = std::move(fn);
    return *this;
}
app& app::oauth_callback(oauth_callback_fn fn) {
    impl_->auth->oauth_callback = std::move(fn);
    return *this;
}
app& app::on_logout(logout_fn fn) {
    impl_->auth->logout_callback = std::move(fn);
    return *this;
}
app& app::data_layer(std::string url) {
    impl_->database_url = std::move(url);
    return *this;
}

app& app::set_user_store(user_store s) {
    impl_->auth->store = std::move(s);
    return *this;
}
bool app::require_login() const noexcept {
    return impl_->auth->require_login;
}

app& app::on_chat_start(std::function<task<void>(context&)> fn) {
    impl_->hooks.on_chat_start = std::move(fn);
    return *this;
}
app& app::on_message(std::function<task<void>(context&, message)> fn) {
    impl_->hooks.on_message = std::move(fn);
    return *this;
}
app& app::on_mcp_connect(std::function<task<void>(context&, llm::mcp::connection&)> fn) {
    impl_->mcp_hooks.on_connect = std::move(fn);
    return *this;
}

app& app::on_mcp_disconnect(std::function<task<void>(context&, std::string name)> fn) {
    impl_->mcp_hooks.on_disconnect = std::move(fn);
    return *this;
}

app& app::on_chat_end(std::function<task<void>(context&)> fn) {
    impl_->hooks.on_chat_end = std::move(fn);
    return *this;
}
app& app::on_stop(std::function<task<void>(context&)> fn) {
    impl_->hooks.on_stop = std::move(fn);
    return *this;
}
app& app::on_chat_resume(std::function<task<void>(context&, json::object)> fn) {
    impl_->hooks.on_chat_resume = std::move(fn);
    return *this;
}
app& app::on_settings_update(std::function<task<void>(context&, json::object)> fn) {
    impl_->hooks.on_settings_update = std::move(fn);
    return *this;
}
app& app::on_window_message(std::function<task<void>(context&, json::value)> fn) {
    impl_->hooks.on_window_message = std::move(fn);
    return *this;
}
app& app::on_action(std::string name, std::function<task<json::value>(context&, action)> fn) {
    impl_->hooks.actions[std::move(name)] = std::move(fn);
    return *this;
}

app& app::author_rename(std::function<task<std::string>(std::string)> fn) {
    impl_->hooks.author_rename = std::move(fn);
    return *this;
}
app& app::on_feedback(std::function<task<void>(context&, data::feedback)> fn) {
    impl_->hooks.on_feedback = std::move(fn);
    return *this;
}
app& app::on_app_startup(std::function<task<void>()> fn) {
    impl_->on_startup = std::move(fn);
    return *this;
}
app& app::on_app_shutdown(std::function<task<void>()> fn) {
    impl_->on_shutdown = std::move(fn);
    return *this;
}

app& app::set_starters(
    std::function<task<std::vector<starter>>(std::optional<user>, std::string)> fn) {
    impl_->hooks.set_starters = std::move(fn);
    return *this;
}
app& app::set_starter_categories(std::function<task<std::vector<starter_category>>(
                                     std::optional<user>, std::string, std::string)>
                                     fn) {
    impl_->hooks.set_starter_categories = std::move(fn);
    return *this;
}
app& app::set_chat_profiles(
    std::function<task<std::vector<chat_profile>>(std::optional<user>, std::string)> fn) {
    impl_->hooks.set_chat_profiles = std::move(fn);
    return *this;
}
app& app::on_shared_thread_view(std::function<task<bool>(json::object, std::optional<user>)> fn) {
    impl_->hooks.on_shared_thread_view = std::move(fn);
    return *this;
}

std::shared_ptr<chat_runtime> app::runtime() const noexcept {
    return impl_->runtime;
}
app& app::get(std::string_view p, http::handler h, http::route_doc doc) {
    return route(http::method::get, p, std::move(h), std::move(doc));
}
app& app::post(std::string_view p, http::handler h, http::route_doc doc) {
    return route(http::method::post, p, std::move(h), std::move(doc));
}
app& app::put(std::string_view p, http::handler h, http::route_doc doc) {
    return route(http::method::put, p, std::move(h), std::move(doc));
}
app& app::patch(std::string_view p, http::handler h, http::route_doc doc) {
    return route(http::method::patch, p, std::move(h), std::move(doc));
}
app& app::del(std::string_view p, http::handler h, http::route_doc doc) {
    return route(http::method::del, p, std::move(h), std::move(doc));
}

void app::start(const run_options& opts) {
    auto& s = *impl_;
    if (s.server)
        throw std::logic_error("app::start called twice");
    s.opts = opts;
    set_log_level(opts.debug ? spdlog::level::debug : spdlog::level::info);
    s.config = load_config(opts.app_root);
    s.auth->root_path = opts.root_path;
    s.auth->configure(s.config); // throws config_error: no/short secret when login is required
    if (!s.builtins_added) {
        s.add_builtin_routes();
        add_auth_routes(s.routes, s.auth);
        add_oauth_routes(s.routes, s.auth);
        s.builtins_added = true;
    }
    http::server_options so;
    so.host = opts.host;
    so.port = opts.port;
    so.threads = opts.threads;
    so.root_path = opts.root_path;
    so.access_log = opts.access_log;
    so.listen_fd = opts.listen_fd;
    so.header_limit = opts.header_limit;
    so.body_limit = opts.body_limit;
    so.read_timeout = opts.read_timeout;
    so.idle_timeout = opts.idle_timeout;
    so.allow_origins = s.config.project.allow_origins;
    so.prepare = [this](request& req) { req.set_app_data(impl_->runtime); };
    // Bound, not yet accepting: the cluster learns the port, then the app's startup hook runs.
    so.before_accept = [this]() -> task<void> {
        auto& s = *impl_;
        if (s.cluster)
            s.cluster->set_address(s.cluster_address());
        if (!s.on_startup)
            co_return;
        std::string failure;
        try {
            co_await s.on_startup();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!failure.empty())
            throw startup_error("on_app_startup failed: " + failure);
    };
    so.after_drain = [this]() -> task<void> {
        auto& s = *impl_;
        if (s.on_shutdown)
            co_await s.on_shutdown();
        if (s.cluster)
            s.cluster->stop();
    };
    s.server = std::make_unique<http::server>(s.routes, so);
    s.runtime = std::make_shared<chat_runtime>(
        s.server->executor(), chat_runtime::options{s.config, opts.app_root, opts.root_path},
        s.hooks);
    s.open_cluster(); // before the io_server: the Engine.IO sid directory is the cluster's
    realtime::io_options io;
    if (s.cluster)
        io.directory = s.cluster->sid_directory();
    // A browser whose connection drops gets back what was in flight, not only what was sent
    // while it was away (the chat layer's offline buffer): socket.io's default window.
    io.recovery_window = std::chrono::minutes(2);
    s.io = std::make_unique<realtime::io_server>(s.routes, *s.server, std::move(io));
    s.runtime->attach(*s.io);
    if (opts.watch_fd >= 0) {
        s.watch = std::make_unique<watch::child_link>(opts.watch_fd, *s.server, *s.io);
        s.runtime->add_greeting([w = s.watch.get()] { return w->greeting(); });
    }
    s.open_data_layer();
    s.runtime->set_authenticator(
        [w = s.auth](const http::request& req) { return w->current_user(req); });
    add_chat_routes(s.routes, s.runtime);
    add_openai_routes(s.routes, s.runtime);
    llm::mcp::add_routes(s.routes, s.runtime, s.mcp_hooks);
    add_openapi_routes(s.routes, s.config, opts.root_path);
    s.server->start();
    if (s.watch)
        s.watch->start();
    const bool v6 = opts.host.find(':') != std::string::npos;
    log().info("Your app is available at http://{}{}{}:{}{}", v6 ? "[" : "", opts.host,
               v6 ? "]" : "", port(), opts.root_path);
    if (s.cluster)
        log().info("cluster: node {} at {}, Redis {}", s.cluster->id(), s.cluster->address(),
                   s.cluster->redis_display());
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
