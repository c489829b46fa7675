#include "pg_support.hpp"

#include "chainlit/core/ids.hpp"

#include <libpq-fe.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#ifndef CHAINLIT_PG_TEST_SERVER
#error "CHAINLIT_PG_TEST_SERVER must name scripts/pg_test_server"
#endif

namespace chainlit::data::testing {
namespace {

// Runs the script; returns its stdout lines and whether it exited 0. stderr passes through to
// the test log, where the reason of a failure is visible.
bool run_script(const std::string& args, std::vector<std::string>& lines) {
    const std::string cmd = std::string("'") + CHAINLIT_PG_TEST_SERVER + "' " + args;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return false;
    std::array<char, 512> buf;
    std::string out;
    while (std::fgets(buf.data(), buf.size(), p))
        out += buf.data();
    const int status = pclose(p);
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return status == 0;
}

std::string quote(const std::string& s) {
    return "'" + s + "'";
}

class pg_environment final : public ::testing::Environment {
public:
    void SetUp() override {
        if (const char* url = std::getenv("CHAINLIT_TEST_PG_URL"); url && *url) {
            url_ = url;
            return;
        }
        const char* state = std::getenv("CHAINLIT_TEST_PG_STATE");
        url_ = server_.start(state ? state : "");
        ASSERT_FALSE(url_.empty())
            << "could not start PostgreSQL with " << CHAINLIT_PG_TEST_SERVER
            << " (is the postgresql package installed? scripts/bootstrap installs it; or set "
               "CHAINLIT_TEST_PG_URL to an existing server)";
    }
    void TearDown() override { server_.stop(); }
    const std::string& url() const { return url_; }

private:
    pg_server server_;
    std::string url_;
};

pg_environment* environment() {
    static auto* env =
        static_cast<pg_environment*>(::testing::AddGlobalTestEnvironment(new pg_environment));
    return env;
}
// Registered before main runs, so RUN_ALL_TESTS sets it up once per process.
[[maybe_unused]] const auto* registered = environment();

class pg_database final : public test_database {
public:
    pg_database(std::string server_url)
        : server_url_(std::move(server_url)), name_("chainlit_test_" + uuid4().substr(0, 8)) {
        for (char& c : name_)
            if (c == '-')
                c = '_';
        ok_ = admin("CREATE DATABASE " + name_);
    }
    ~pg_database() override {
        if (ok_)
            admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
    std::string url() const override { return with_database(server_url_, name_); }
    bool ok() const { return ok_; }

private:
    bool admin(const std::string& sql) const {
        PGconn* c = PQconnectdb(server_url_.c_str());
        bool ok = PQstatus(c) == CONNECTION_OK;
        if (ok) {
            PGresult* r = PQexec(c, sql.c_str());
            ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            if (!ok)
                ADD_FAILURE() << sql << ": " << PQerrorMessage(c);
            PQclear(r);
        } else {
            ADD_FAILURE() << "cannot reach " << server_url_ << ": " << PQerrorMessage(c);
        }
        PQfinish(c);
        return ok;
    }

    std::string server_url_, name_;
    bool ok_ = false;
};

} // namespace

std::string pg_server::start(const std::string& dir) {
    std::vector<std::string> lines;
    if (!run_script("start " + (dir.empty() ? std::string() : quote(dir)), lines) ||
        lines.size() < 3)
        return {};
    url_ = lines[0];
    started_here_ = lines[1] == "STARTED";
    dir_ = lines.size() > 2 ? lines[2] : dir;
    return url_;
}

bool pg_server::kill() {
    std::vector<std::string> lines;
    return !dir_.empty() && run_script("kill " + quote(dir_), lines);
}

bool pg_server::restart() {
    std::vector<std::string> lines;
    return !dir_.empty() && run_script("restart " + quote(dir_), lines);
}

void pg_server::stop() {
    if (started_here_ && !dir_.empty()) {
        std::vector<std::string> lines;
        run_script("stop " + quote(dir_), lines);
    }
    started_here_ = false;
    dir_.clear();
}

const std::string& shared_pg_url() {
    return environment()->url();
}

std::string with_database(const std::string& url, const std::string& dbname) {
    const auto authority = url.find("://");
    const auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    if (slash == std::string::npos)
        return url + "/" + dbname;
    const auto query = url.find('?', slash);
    return url.substr(0, slash + 1) + dbname +
           (query == std::string::npos ? std::string() : url.substr(query));
}

std::unique_ptr<test_database> make_pg_database(const std::string& server_url) {
    auto db = std::make_unique<pg_database>(server_url);
    if (!db->ok())
        return nullptr;
    return db;
}

} // namespace chainlit::data::testing
