#include "chainlit/data/data_layer.hpp"

#include "chainlit/core/log.hpp"
#include "data/postgres/pg_layer.hpp"
#include "data/sqlite/sqlite_layer.hpp"

#include <filesystem>

namespace chainlit::data {

namespace {
bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}
} // namespace

std::string redact_url(std::string_view url) {
    // scheme://user:password@host -> scheme://user:***@host
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return std::string(url);
    const auto auth_start = scheme_end + 3;
    const auto at = url.find('@', auth_start);
    const auto slash = url.find('/', auth_start);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
        return std::string(url);
    const auto colon = url.find(':', auth_start);
    if (colon == std::string_view::npos || colon > at)
        return std::string(url);
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

result<std::unique_ptr<data_layer>> open_sqlite(const std::string& path,
                                                const data_options& options) {
    if (path.empty())
        return errc::invalid_argument;
    if (path != ":memory:") {
        const auto parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty())
            std::filesystem::create_directories(parent, ec);
        if (ec) {
            log().error("data: cannot create directory {}: {}", parent.string(), ec.message());
            return errc::unavailable;
        }
    }
    return detail::sqlite_layer::open(path, options);
}

result<std::unique_ptr<data_layer>> open_postgres(const std::string& conninfo,
                                                  const data_options& options) {
    return detail::pg_layer::open(conninfo, options);
}

result<std::unique_ptr<data_layer>> make_data_layer(std::string_view url,
                                                    const data_options& options) {
    if (url == "sqlite::memory:")
        return open_sqlite(":memory:", options);
    if (starts_with(url, "sqlite://")) {
        // sqlite:///abs.db keeps its leading slash; sqlite://rel.db is relative to the cwd.
        const auto path = url.substr(std::string_view("sqlite://").size());
        if (path.empty() || path == "/" || path.find('\0') != std::string_view::npos) {
            log().error("data: DATABASE_URL {} names no SQLite file", url);
            return errc::invalid_argument;
        }
        return open_sqlite(std::string(path), options);
    }
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
        return open_postgres(std::string(url), options);
    log().error("data: unsupported database URL '{}' (expected sqlite:///path.db, "
                "sqlite://relative.db or postgresql://...)",
                redact_url(url));
    return errc::invalid_argument;
}

} // namespace chainlit::data
