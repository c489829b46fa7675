#include "data/postgres/pg_conn.hpp"

#include "chainlit/core/log.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace chainlit::data::detail {
namespace {

class pg_row final : public row_view {
public:
    pg_row(const PGresult* r, int row) : r_(r), row_(row) {}
    std::optional<std::string_view> get(int col) const override {
        if (PQgetisnull(r_, row_, col))
            return std::nullopt;
        return std::string_view(PQgetvalue(r_, row_, col),
                                static_cast<std::size_t>(PQgetlength(r_, row_, col)));
    }

private:
    const PGresult* r_;
    int row_;
};

struct result_deleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

bool ok_status(const PGresult* r) {
    const auto s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

std::string one_line(const char* msg) {
    std::string s = msg ? msg : "";
    std::replace(s.begin(), s.end(), '\n', ' ');
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

} // namespace

pg_connection::pg_connection(PGconn* c, std::string conninfo, const data_options& o)
    : conn_(c), conninfo_(std::move(conninfo)), options_(o) {}

pg_connection::~pg_connection() {
    close();
}

void pg_connection::close() {
    if (conn_)
        PQfinish(conn_);
    conn_ = nullptr;
}

result<std::unique_ptr<pg_connection>> pg_connection::connect(const std::string& conninfo,
                                                              const data_options& options) {
    // connect_timeout comes first so a value in the URL overrides ours (later keywords win).
    const std::string timeout = std::to_string(std::max<long>(2, options.connect_timeout.count()));
    const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
    const char* values[] = {timeout.c_str(), "chainlit-cpp", conninfo.c_str(), nullptr};
    PGconn* c = PQconnectdbParams(keys, values, 1);
    std::unique_ptr<pg_connection> conn(new pg_connection(c, conninfo, options));
    if (!c || PQstatus(c) != CONNECTION_OK) {
        log().error("data: cannot connect to PostgreSQL at {}: {}", redact_url(conninfo),
                    one_line(c ? PQerrorMessage(c) : "out of memory"));
        return errc::unavailable;
    }
    if (auto r = conn->setup_session(); !r)
        return r.error();
    return conn;
}

result<void> pg_connection::setup_session() {
    prepared_.clear();
    // Server notices (shutdown warnings, ...) go to our log instead of stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char* msg) { log().debug("data: PostgreSQL: {}", one_line(msg)); },
        nullptr);
    // Timestamps are naive UTC (spec E.8); ISO output parses back with parse_iso.
    return exec("SET TIME ZONE 'UTC'; SET DateStyle TO ISO, YMD; "
                "SET client_min_messages TO warning");
}

result<void> pg_connection::failed(const char* what, const void* pg_result) {
    auto* r = static_cast<const PGresult*>(pg_result);
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    lost_ = !conn_ || PQstatus(conn_) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 ||
            sqlstate.rfind("57P", 0) == 0;
    const std::string msg = one_line(r && PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r)
                                     : conn_                         ? PQerrorMessage(conn_)
                                                                     : "closed");
    if (sqlstate == "23503")
        return errc::not_found; // a referenced row is missing: expected, the caller reports it
    if (sqlstate == "23505")
        return errc::conflict;
    if (sqlstate.rfind("22", 0) == 0 || sqlstate == "23502" || sqlstate == "23514") {
        log().warn("data: PostgreSQL rejected a value ({}): {}", sqlstate, msg);
        return errc::invalid_argument;
    }
    if (lost_)
        log().warn("data: PostgreSQL connection lost during {}: {}", what, msg);
    else
        log().error("data: PostgreSQL {} failed ({}): {}", what, sqlstate, msg);
    return errc::unavailable;
}

result<void> pg_connection::exec(const std::string& sql) {
    if (!conn_)
        return errc::unavailable;
    lost_ = false;
    result_ptr r(PQexec(conn_, sql.c_str()));
    if (!r || !ok_status(r.get()))
        return failed("statement", r.get());
    return {};
}

result<int> pg_connection::run(const std::string& sql, const sql_params& params,
                               const row_fn& on_row) {
    if (!conn_)
        return errc::unavailable;
    lost_ = false;
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
        std::string name = "cl" + std::to_string(prepared_.size() + 1);
        result_ptr p(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
        if (!p || !ok_status(p.get())) {
            log().debug("data: prepare failed for: {}", sql);
            return failed("prepare", p.get()).error();
        }
        it = prepared_.emplace(sql, std::move(name)).first;
    }
    std::vector<std::optional<std::string>> text;
    text.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        text.push_back(to_text(p));
        values.push_back(text.back() ? text.back()->c_str() : nullptr);
    }
    result_ptr r(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0));
    if (!r || !ok_status(r.get()))
        return failed("query", r.get()).error();
    if (on_row) {
        const int n = PQntuples(r.get());
        for (int i = 0; i < n; ++i)
            on_row(pg_row(r.get(), i));
    }
    const char* affected = PQcmdTuples(r.get());
    return affected && *affected ? std::atoi(affected) : 0;
}

result<void> pg_connection::reconnect() {
    if (!conn_)
        return errc::unavailable;
    auto delay = options_.initial_backoff;
    for (int attempt = 1; attempt <= options_.max_retries; ++attempt) {
        PQreset(conn_);
        if (PQstatus(conn_) == CONNECTION_OK && setup_session()) {
            log().info("data: PostgreSQL connection re-established (attempt {})", attempt);
            lost_ = false;
            return {};
        }
        log().warn("data: PostgreSQL reconnect attempt {}/{} failed: {}; next in {} ms", attempt,
                   options_.max_retries, one_line(PQerrorMessage(conn_)), delay.count());
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, options_.max_backoff);
    }
    log().error("data: PostgreSQL at {} unreachable after {} attempts", redact_url(conninfo_),
                options_.max_retries);
    return errc::unavailable;
}

} // namespace chainlit::data::detail
