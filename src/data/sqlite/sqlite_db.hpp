#pragma once
// A thin RAII SQLite connection: prepared statements cached by SQL text, parameters bound
// natively, rows handed to a callback as text. Not thread-safe: the layer guards each
// connection with a mutex.
#include "data/common.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace chainlit::data::detail {

class sqlite_db {
public:
    using row_fn = std::function<void(const row_view&)>;

    /// Opens (creating if needed) `path`, sets WAL, synchronous=NORMAL, foreign keys and the
    /// busy timeout, and registers cl_fold() (Unicode lower-casing for search).
    static result<std::unique_ptr<sqlite_db>> open(const std::string& path,
                                                   std::chrono::milliseconds busy_timeout);
    ~sqlite_db();
    sqlite_db(const sqlite_db&) = delete;
    sqlite_db& operator=(const sqlite_db&) = delete;

    /// Runs SQL without parameters or results (DDL, BEGIN, COMMIT); several statements allowed.
    result<void> exec(const char* sql);
    /// Runs one cached, parameterised statement; calls `on_row` for each result row. Returns
    /// the number of rows changed.
    result<int> run(const std::string& sql, const sql_params& params, const row_fn& on_row = {});

    /// True while a transaction is open on this connection.
    bool in_transaction() const;
    void close();

private:
    explicit sqlite_db(sqlite3* db) : db_(db) {}
    result<void> fail(int rc, const char* what);

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

} // namespace chainlit::data::detail
