#include "data/sqlite/sqlite_db.hpp"

#include "chainlit/core/log.hpp"

#include <sqlite3.h>

namespace chainlit::data::detail {
namespace {

class stmt_row final : public row_view {
public:
    explicit stmt_row(sqlite3_stmt* s) : s_(s) {}
    std::optional<std::string_view> get(int col) const override {
        if (sqlite3_column_type(s_, col) == SQLITE_NULL)
            return std::nullopt;
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return std::string_view(p ? p : "",
                                static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
    }

private:
    sqlite3_stmt* s_;
};

void fold_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    auto folded = fold_case(std::string_view(p ? p : "", sqlite3_value_bytes(argv[0])));
    sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

errc map_error(int rc) {
    switch (rc) {
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return errc::not_found;
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return errc::conflict;
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
        return errc::invalid_argument;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return errc::timeout;
    default:
        return errc::unavailable;
    }
}

} // namespace

result<std::unique_ptr<sqlite_db>> sqlite_db::open(const std::string& path,
                                                   std::chrono::milliseconds busy_timeout) {
    sqlite3* raw = nullptr;
    // FULLMUTEX is cheap insurance; the layer serialises access anyway.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX |
                      SQLITE_OPEN_URI * (path.rfind("file:", 0) == 0);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite_db> db(new sqlite_db(raw));
    if (rc != SQLITE_OK) {
        log().error("data: cannot open SQLite database {}: {}", path,
                    raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        return errc::unavailable;
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
    sqlite3_create_function_v2(raw, "cl_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               fold_fn, nullptr, nullptr, nullptr);
    // WAL: readers never block the writer. synchronous=NORMAL in WAL keeps committed
    // transactions across a process crash; only a power loss can drop the last ones.
    // A 32 MiB page cache and memory-mapped reads keep random uuid index pages in memory
    // instead of re-reading them from the WAL on every batch (measured: ~2x steps/s).
    if (auto r = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;");
        !r) {
        log().error("data: cannot configure SQLite database {}", path);
        return r.error();
    }
    return db;
}

sqlite_db::~sqlite_db() {
    close();
}

void sqlite_db::close() {
    for (auto& [sql, stmt] : cache_)
        sqlite3_finalize(stmt);
    cache_.clear();
    if (db_)
        sqlite3_close_v2(db_);
    db_ = nullptr;
}

result<void> sqlite_db::fail(int rc, const char* what) {
    // Constraint failures are the caller's expected errors (e.g. feedback for a missing step).
    const auto level = (rc & 0xFF) == SQLITE_CONSTRAINT ? spdlog::level::debug : spdlog::level::err;
    log().log(level, "data: SQLite {} failed: {} ({})", what, db_ ? sqlite3_errmsg(db_) : "closed",
              rc);
    return map_error(rc);
}

result<void> sqlite_db::exec(const char* sql) {
    if (!db_)
        return errc::unavailable;
    char* msg = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK)
        return fail(rc, sql);
    return {};
}

bool sqlite_db::in_transaction() const {
    return db_ && !sqlite3_get_autocommit(db_);
}

result<int> sqlite_db::run(const std::string& sql, const sql_params& params, const row_fn& on_row) {
    if (!db_)
        return errc::unavailable;
    sqlite3_stmt* stmt = nullptr;
    if (auto it = cache_.find(sql); it != cache_.end()) {
        stmt = it->second;
    } else {
        int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            log().error("data: SQLite prepare failed: {} in: {}", sqlite3_errmsg(db_), sql);
            return errc::unavailable;
        }
        cache_.emplace(sql, stmt);
    }
    // Reset before use and on every exit, so a cached statement never holds a read lock.
    struct resetter {
        sqlite3_stmt* s;
        ~resetter() {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
        }
    } guard{stmt};
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int idx = static_cast<int>(i + 1);
        const auto& p = params[i];
        if (auto* s = std::get_if<std::string>(&p))
            sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
        else if (auto* n = std::get_if<std::int64_t>(&p))
            sqlite3_bind_int64(stmt, idx, *n);
        else if (auto* d = std::get_if<double>(&p))
            sqlite3_bind_double(stmt, idx, *d);
        else
            sqlite3_bind_null(stmt, idx);
    }
    stmt_row row(stmt);
    for (;;) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            if (on_row)
                on_row(row);
            continue;
        }
        if (rc == SQLITE_DONE)
            break;
        if (auto r = fail(rc, "statement"); !r)
            return r.error();
    }
    return sqlite3_changes(db_);
}

} // namespace chainlit::data::detail
