// Scale-out wiring (issue 13, docs/SCALING.md): the cluster node when Redis is configured, and
// the health routes load balancers poll.
#include "app_impl.hpp"
#include "chainlit/cluster/node.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/data/data_layer.hpp"

#include <cstdlib>

namespace chainlit {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

bool is_wildcard(const std::string& host) {
    return host == "0.0.0.0" || host == "::" || host.empty();
}

} // namespace

void app::impl::open_cluster() {
    const auto url = env_or("CHAINLIT_REDIS_URL", config.cluster.redis_url);
    if (url.empty())
        return;
    const auto db = resolved_database_url();
    if (db.rfind("postgres", 0) != 0)
        throw config_error("CHAINLIT_REDIS_URL needs a PostgreSQL DATABASE_URL: every node must "
                           "read and write the same threads, and " +
                           std::string(db.empty() ? "no database" : "SQLite") +
                           " is one machine's");
    cluster::node_options o;
    o.redis_url = url;
    o.node_id = env_or("CHAINLIT_NODE_ID", config.cluster.node_id);
    cluster = std::make_shared<cluster::node>(server->executor(), std::move(o));
    runtime->set_cluster(cluster); // listens on the node's bus channel from its start
    cluster->start();
}

std::string app::impl::cluster_address() const {
    if (auto a = env_or("CHAINLIT_NODE_ADDRESS", ""); !a.empty())
        return a;
    if (is_wildcard(opts.host))
        throw config_error("with --host " + opts.host +
                           ", set CHAINLIT_NODE_ADDRESS to the "
                           "host:port the other nodes reach this one at");
    const bool v6 = opts.host.find(':') != std::string::npos;
    return (v6 ? "[" + opts.host + "]" : opts.host) + ":" + std::to_string(server->port());
}

void app::impl::add_health_routes() {
    using http::request;
    using http::response;
    constexpr auto builtin = http::route_priority::builtin;
    // Alive: the process answers. Never touches Redis or the database, so a load balancer
    // does not restart every node during a Redis outage.
    // Both name the node that answered when clustered: behind a load balancer, that is how
    // an operator (or a test) tells which process it reached.
    routes.add(
        http::method::get, "/healthz",
        [this](request&) -> task<response> {
            json::object body{{"status", "ok"}};
            if (cluster)
                body["node"] = cluster->id();
            co_return response::json(std::move(body));
        },
        builtin);
    // Ready: what this node needs to serve any user is reachable (Redis when clustered, the
    // database when persistence is on).
    routes.add(
        http::method::get, "/readyz",
        [this](request&) -> task<response> {
            json::object checks;
            std::string failed;
            if (cluster) {
                const bool ok = co_await cluster->redis_ready();
                checks["redis"] = ok ? "ok" : "unreachable";
                if (!ok)
                    failed = "redis " + cluster->redis_display() + " is unreachable";
            }
            if (runtime && runtime->store()) {
                auto probe = [](data::data_layer& d) { return d.get_user("readyz-probe"); };
                auto r = co_await runtime->store()->read(probe);
                checks["database"] = r ? "ok" : "unreachable";
                if (!r && failed.empty())
                    failed = "the database is unreachable: " + r.error().message();
            }
            if (!failed.empty()) {
                auto res =
                    response::json(json::object{{"detail", failed}, {"checks", checks}}, 503);
                co_return res;
            }
            json::object body{{"status", "ready"}, {"checks", checks}};
            if (cluster)
                body["node"] = cluster->id();
            co_return response::json(std::move(body));
        },
        builtin);
}

} // namespace chainlit
