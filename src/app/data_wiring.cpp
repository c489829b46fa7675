// Persistence wiring: which database, and users that must exist in it (issue 5, spec D.6).
#include "app_impl.hpp"
#include "chainlit/auth/password.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "chainlit/data/data_layer.hpp"

#include <cstdlib>

namespace chainlit {

namespace {
/// `sqlite://rel.db` is relative to the app root, not to wherever the process was started.
std::string anchor_sqlite_path(const std::string& url, const std::filesystem::path& root) {
    const std::string prefix = "sqlite://";
    if (url.rfind(prefix, 0) != 0 || url.rfind("sqlite:///", 0) == 0 || url == "sqlite::memory:" ||
        url.size() == prefix.size())
        return url;
    return "sqlite://" + (root / url.substr(prefix.size())).lexically_normal().string();
}
/// True when a token of `identifier` issued at `issued_at` is void: the user was removed after
/// it was issued (data_layer::user_removed_at, auth::issued_before_removal).
result<bool> removal_voids(data::data_layer& d, const std::string& identifier,
                           std::optional<std::int64_t> issued_at) {
    auto removed = d.user_removed_at(identifier);
    if (!removed)
        return result<bool>(boost::system::in_place_error, removed.error());
    if (!*removed)
        return false;
    auto when = parse_iso(**removed);
    if (!when)
        return true; // unreadable: fail closed
    return auth::issued_before_removal(issued_at, *when);
}

} // namespace

std::string app::impl::resolved_database_url() const {
    std::string url = database_url;
    if (const char* env = std::getenv("DATABASE_URL"); env && *env)
        url = env;
    if (url.empty())
        return url;
    return anchor_sqlite_path(url, std::filesystem::absolute(opts.app_root));
}

void app::impl::open_data_layer() {
    const std::string url = resolved_database_url();
    if (url.empty())
        return;
    auto opened = data::make_data_layer(url);
    if (!opened)
        throw config_error("cannot open the database " + data::redact_url(url) + ": " +
                           opened.error().message());
    std::shared_ptr<data::data_layer> dl = std::move(*opened);
    log().info("persistence: {} ({})", data::redact_url(url), dl->engine());
    runtime->set_data_layer(dl);
    if (auth->store.resolve || auth->store.resolve_token || auth->store.on_login)
        return; // the app brought its own user store
    std::weak_ptr<chat_runtime> weak = runtime;
    // One round trip per token: the user must exist (the seed's rule: a token for an unknown
    // user is refused), and the token must not predate the user's removal (a user removed
    // and added again does not get their old tokens back).
    auth->store.resolve_token = [weak](const auth::verified_token& t) -> task<std::optional<user>> {
        auto rt = weak.lock();
        if (!rt || !rt->store())
            co_return std::nullopt;
        const std::string identifier = t.u.identifier;
        const auto issued_at = t.issued_at;
        auto lookup = [identifier, issued_at](
                          data::data_layer& d) -> result<std::optional<data::persisted_user>> {
            auto found = d.get_user(identifier);
            if (!found || !*found)
                return found;
            if (auto voided = removal_voids(d, identifier, issued_at); !voided || *voided)
                return voided ? result<std::optional<data::persisted_user>>(std::nullopt)
                              : voided.error();
            return found;
        };
        auto found = co_await rt->store()->read(lookup);
        if (!found) {
            log().error("user lookup failed: {}", found.error().message());
            co_return std::nullopt; // fail closed
        }
        if (!*found)
            co_return std::nullopt;
        user u;
        u.identifier = (*found)->identifier;
        u.display_name = t.u.display_name ? t.u.display_name : (*found)->display_name;
        u.metadata = (*found)->metadata;
        u.id = (*found)->id;
        u.created_at = (*found)->created_at;
        co_return u;
    };
    auth->store.revoked = [weak](const auth::verified_token& t) -> task<bool> {
        auto rt = weak.lock();
        if (!rt || !rt->store())
            co_return true;
        const std::string identifier = t.u.identifier;
        const auto issued_at = t.issued_at;
        auto check = [identifier, issued_at](data::data_layer& d) {
            return removal_voids(d, identifier, issued_at);
        };
        auto voided = co_await rt->store()->read(check);
        if (!voided) {
            log().error("revocation check failed: {}", voided.error().message());
            co_return true; // fail closed
        }
        co_return *voided;
    };
    auth->store.on_login = [weak](const user& u) -> task<void> {
        auto rt = weak.lock();
        if (!rt || !rt->store())
            co_return;
        data::user row;
        row.identifier = u.identifier;
        row.display_name = u.display_name;
        row.metadata = u.metadata;
        auto upsert = [row](data::data_layer& d) { return d.create_user(row); };
        auto r = co_await rt->store()->read(upsert);
        if (!r)
            log().error("creating user {} at login failed: {}", u.identifier, r.error().message());
    };
}

} // namespace chainlit

namespace chainlit {

app& app::database_password_auth() {
    return password_auth_callback(
        [this](std::string name, std::string password) -> task<std::optional<user>> {
            auto rt = runtime();
            if (!rt || !rt->store())
                co_return std::nullopt;
            auto get_hash = [name](data::data_layer& d) { return d.get_password_hash(name); };
            auto hash = co_await rt->store()->read(get_hash);
            if (!hash || !*hash || (*hash)->empty())
                co_return std::nullopt; // unknown user, or one without a password
            const std::string stored = **hash;
            // argon2id is slow by design: verify on the blocking pool, not an I/O thread.
            auto check = [&stored, &password] { return auth::verify_password(stored, password); };
            const bool ok = co_await run_blocking(check);
            if (!ok)
                co_return std::nullopt;
            user u;
            u.identifier = name;
            u.metadata = json::object{{"provider", "credentials"}};
            co_return u;
        });
}

} // namespace chainlit
