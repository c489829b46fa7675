// App-level behaviour: several apps per process, root path, config errors at start-up.
#include "chainlit/app/app.hpp"

#include "support/http_client.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace chainlit;
using chainlit::test::http_client;
namespace fs = std::filesystem;

namespace {
run_options test_options(const fs::path& root) {
    run_options o;
    o.port = 0;
    o.threads = 1;
    o.app_root = root;
    o.access_log = false;
    return o;
}

fs::path temp_root(const std::string& tag) {
    auto p = fs::temp_directory_path() / ("cl_app_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}
} // namespace

TEST(app, two_apps_in_one_process) {
    auto root = temp_root("two");
    app a, b;
    a.get("/who", [](request&) -> task<response> { co_return response::text("a"); });
    b.get("/who", [](request&) -> task<response> { co_return response::text("b"); });
    a.start(test_options(root));
    b.start(test_options(root));
    ASSERT_NE(a.port(), b.port());
    EXPECT_EQ(http_client(a.port()).get("/who").body(), "a");
    EXPECT_EQ(http_client(b.port()).get("/who").body(), "b");
    a.stop();
    b.stop();
    a.wait();
    b.wait();
    fs::remove_all(root);
}

TEST(app, root_path_prefixes_every_route) {
    auto root = temp_root("rp");
    app a;
    a.get("/hello", [](request& r) -> task<response> { co_return response::text(r.path()); });
    auto o = test_options(root);
    o.root_path = "/chat";
    a.start(o);
    http_client c(a.port());
    EXPECT_EQ(c.get("/chat/hello").body(), "/hello");
    EXPECT_EQ(c.get("/hello").result_int(), 404);
    EXPECT_EQ(c.get("/chatty/hello").result_int(), 404);
    EXPECT_EQ(c.get("/chat/health").result_int(), 200);
    a.stop();
    a.wait();
    fs::remove_all(root);
}

TEST(app, conflicting_app_routes_rejected) {
    app a;
    a.get("/x/{id}", [](request&) -> task<response> { co_return response::text(""); });
    EXPECT_THROW(
        a.get("/x/{other}", [](request&) -> task<response> { co_return response::text(""); }),
        std::invalid_argument);
}

TEST(app, bad_config_fails_start_with_location) {
    auto root = temp_root("cfg");
    fs::create_directories(root / ".chainlit");
    std::ofstream(root / ".chainlit" / "config.toml")
        << "[project]\nuser_env = []\nsession_timeout = \"soon\"\n";
    app a;
    try {
        a.start(test_options(root));
        FAIL() << "start should have thrown";
    } catch (const config_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("config.toml:3"), std::string::npos) << msg;
        EXPECT_NE(msg.find("project.session_timeout"), std::string::npos) << msg;
    }
    fs::remove_all(root);
}

TEST(app, main_exit_codes) {
    auto root = temp_root("main");
    fs::create_directories(root / ".chainlit");
    std::ofstream(root / ".chainlit" / "config.toml") << "[UI]\ncot = \"sometimes\"\n";
    ::setenv("CHAINLIT_APP_ROOT", root.c_str(), 1);
    {
        app a;
        const char* argv[] = {"app", "run", "--port", "0"};
        EXPECT_EQ(a.main(4, const_cast<char**>(argv)), 2);
    }
    {
        app a;
        const char* argv[] = {"app", "--no-such-flag"};
        EXPECT_EQ(a.main(2, const_cast<char**>(argv)), 2);
    }
    {
        app a;
        const char* argv[] = {"app", "--version"};
        EXPECT_EQ(a.main(2, const_cast<char**>(argv)), 0);
    }
    fs::remove(root / ".chainlit" / "config.toml");
    {
        app a;
        const char* argv[] = {"app", "init"};
        EXPECT_EQ(a.main(2, const_cast<char**>(argv)), 0);
        EXPECT_TRUE(fs::exists(root / ".chainlit" / "config.toml"));
        EXPECT_TRUE(fs::exists(root / "chainlit.md"));
        // What init writes must load back cleanly.
        EXPECT_NO_THROW(load_config(root));
    }
    ::unsetenv("CHAINLIT_APP_ROOT");
    fs::remove_all(root);
}
