#pragma once
// One libpq connection: statements prepared once per connection (PQprepare, then
// PQexecPrepared with text parameters), lost connections detected and re-established with
// exponential backoff. Not thread-safe: the layer guards it with a mutex.
#include "chainlit/data/data_layer.hpp"
#include "data/common.hpp"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

typedef struct pg_conn PGconn;

namespace chainlit::data::detail {

class pg_connection {
public:
    using row_fn = std::function<void(const row_view&)>;

    /// Connects once; errc::unavailable (with the libpq message logged, password masked) when
    /// the server cannot be reached or refuses us.
    static result<std::unique_ptr<pg_connection>> connect(const std::string& conninfo,
                                                          const data_options& options);
    ~pg_connection();
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;

    /// Runs SQL without parameters (DDL, BEGIN, COMMIT, SAVEPOINT); several statements allowed.
    result<void> exec(const std::string& sql);
    /// Runs one parameterised statement, prepared on first use. Returns the rows affected.
    result<int> run(const std::string& sql, const sql_params& params, const row_fn& on_row = {});

    /// True when the last failure was the connection going away (server restart, network):
    /// the caller may reconnect() and replay.
    bool lost() const noexcept { return lost_; }
    /// PQreset with exponential backoff, up to options.max_retries attempts.
    result<void> reconnect();
    void close();

private:
    pg_connection(PGconn* c, std::string conninfo, const data_options& o);
    result<void> setup_session();
    result<void> failed(const char* what, const void* pg_result);

    PGconn* conn_ = nullptr;
    std::string conninfo_;
    data_options options_;
    bool lost_ = false;
    std::unordered_map<std::string, std::string> prepared_;
};

} // namespace chainlit::data::detail
