// Built-in routes that need no chat state (spec C.3). They sit below app routes, so an app
// may override any of them.
#include "app_impl.hpp"
#include "chainlit/http/static_files.hpp"

namespace chainlit {

void app::impl::add_builtin_routes() {
    using http::method;
    using http::request;
    using http::response;
    constexpr auto builtin = http::route_priority::builtin;

    routes.add(
        method::head, "/",
        [](request&) -> task<response> {
            co_return response::json(json::object{{"message", "Site is operational"}});
        },
        builtin);
    routes.add(
        method::get, "/health",
        [](request&) -> task<response> {
            co_return response::json(json::object{{"status", "ok"}});
        },
        builtin);
    routes.add(
        method::get, "/public/{path:path}",
        [this](request& req) -> task<response> {
            co_return http::serve_static(opts.app_root / "public", req.path_param("path"));
        },
        builtin);
    add_health_routes();
    add_translation_routes();
    add_spa_routes();
}

} // namespace chainlit
