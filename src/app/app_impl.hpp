#pragma once
#include "auth_wiring.hpp"
#include "chainlit/app/app.hpp"
#include "chainlit/cluster/node.hpp"
#include "chainlit/http/server.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "watch/child_link.hpp"

#include <optional>

namespace chainlit {

struct app::impl {
    http::router routes;
    app_config config = default_config();
    run_options opts;
    chat_hooks hooks;
    llm::mcp::hooks mcp_hooks;
    std::function<task<void>()> on_startup;  ///< on_app_startup
    std::function<task<void>()> on_shutdown; ///< on_app_shutdown
    std::shared_ptr<auth_wiring> auth = std::make_shared<auth_wiring>();
    // Declared in reverse order of destruction needs: the server's threads are joined before
    // the io_server and the runtime they use are destroyed (see app::~app).
    std::shared_ptr<chat_runtime> runtime;
    std::unique_ptr<http::server> server;
    std::unique_ptr<realtime::io_server> io;
    std::shared_ptr<cluster::node> cluster; ///< scale-out, when Redis is configured
    std::unique_ptr<watch::child_link> watch; ///< run by `run --watch`'s supervisor
    bool builtins_added = false;

    std::string database_url; ///< app.data_layer(url); DATABASE_URL overrides it

    void add_builtin_routes();
    /// Opens the data layer chosen by DATABASE_URL or app.data_layer() (none: no persistence,
    /// as in Chainlit) and gives it to the runtime and the auth user store. Throws
    /// config_error when it cannot be opened (start-up then exits 2).
    void open_data_layer();
    /// DATABASE_URL, else app.data_layer()'s URL, with a relative SQLite path anchored at the
    /// app root; empty when persistence is off.
    std::string resolved_database_url() const;
    void add_spa_routes();
    /// The cluster node when CHAINLIT_REDIS_URL (or `[cluster] redis_url`) is set; throws
    /// config_error unless the database is PostgreSQL (cluster_wiring.cpp).
    void open_cluster();
    /// host:port where the other nodes reach this one: CHAINLIT_NODE_ADDRESS, else the
    /// listening address (a wildcard host needs the variable). Once the server is bound.
    std::string cluster_address() const;
    /// GET /healthz (alive) and /readyz (Redis and the database reachable).
    void add_health_routes();
    /// GET /project/translations (translation_routes.cpp).
    void add_translation_routes();
};

} // namespace chainlit
