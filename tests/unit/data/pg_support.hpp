#pragma once
// A real PostgreSQL server for tests, started through scripts/pg_test_server (Debian's
// postgresql packages: initdb in a temp dir, loopback only, an unprivileged user).
#include "conformance.hpp"

#include <string>

namespace chainlit::data::testing {

/// One throwaway server. start() fails the calling test with the script's message when
/// PostgreSQL is missing: the tests never skip silently (scripts/bootstrap installs it).
class pg_server {
public:
    /// Starts a server in `dir` (a new temp dir when empty). Returns its URL, "" on failure.
    std::string start(const std::string& dir = {});
    /// Immediate shutdown (like a crash), keeping the data: fault tests.
    bool kill();
    /// Starts a killed server again on the same port.
    bool restart();
    /// Stops the server and removes its folder, if this object started it.
    void stop();
    ~pg_server() { stop(); }

    const std::string& url() const { return url_; }
    bool started_here() const { return started_here_; }

private:
    std::string dir_, url_;
    bool started_here_ = false;
};

/// The shared server of the conformance run: CHAINLIT_TEST_PG_URL when set; else the one the
/// CTest fixture started (CHAINLIT_TEST_PG_STATE names its folder); else one started for this
/// process and stopped at its end.
const std::string& shared_pg_url();

/// `url` with its database name replaced.
std::string with_database(const std::string& url, const std::string& dbname);

/// A fresh database on `server_url` for one test; dropped on destruction.
std::unique_ptr<test_database> make_pg_database(const std::string& server_url);

} // namespace chainlit::data::testing
