// Watch mode's pure parts: what a saved file means, the first error of a build's output, the
// manifest chainlit_add_app() writes, and the supervisor's control lines.
#include "app/watch/child_link.hpp"
#include "app/watch/file_watcher.hpp"
#include "app/watch/manifest.hpp"
#include "chainlit/core/config.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace chainlit;
using namespace chainlit::watch;
namespace fs = std::filesystem;

namespace {

manifest app_in(const fs::path& root) {
    manifest m;
    m.target = "my_app";
    m.cmake = "/usr/bin/cmake";
    m.build_dir = root / "build";
    m.binary = root / "build" / "my_app";
    m.watch = {root, root / "lib"};
    return m;
}

fs::path temp_dir(const std::string& name) {
    auto dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

TEST(watch_classify, sources_rebuild_app_files_restart_the_rest_is_ignored) {
    const fs::path root = "/home/u/my_app";
    const auto m = app_in(root);
    EXPECT_EQ(classify(root / "main.cpp", root, m), change::rebuild);
    EXPECT_EQ(classify(root / "lib" / "agent.hpp", root, m), change::rebuild);
    EXPECT_EQ(classify(root / "CMakeLists.txt", root, m), change::rebuild);
    EXPECT_EQ(classify(root / ".chainlit" / "config.toml", root, m), change::restart);
    EXPECT_EQ(classify(root / "chainlit.md", root, m), change::restart);
    EXPECT_EQ(classify(root / "chainlit_fr-FR.md", root, m), change::restart);
    EXPECT_EQ(classify(root / "public" / "logo_dark.png", root, m), change::restart);
    EXPECT_EQ(classify(root / ".chainlit" / "translations" / "de.json", root, m), change::restart);
    // The database, uploads, build output, editors' files, sources of other projects.
    EXPECT_EQ(classify(root / ".chainlit" / "chainlit.db-wal", root, m), change::none);
    EXPECT_EQ(classify(root / ".chainlit" / "files" / "x.cpp", root, m), change::none);
    EXPECT_EQ(classify(root / "build" / "gen.cpp", root, m), change::none);
    EXPECT_EQ(classify(root / ".main.cpp.swp", root, m), change::none);
    EXPECT_EQ(classify(root / "main.cpp~", root, m), change::none);
    EXPECT_EQ(classify(root / "notes.txt", root, m), change::none);
    EXPECT_EQ(classify("/home/u/other/main.cpp", root, m), change::none);
}

TEST(watch_first_build_error, takes_the_first_diagnostic_and_its_context) {
    const std::string output = "[1/2] Building CXX object CMakeFiles/my_app.dir/main.cpp.o\n"
                               "FAILED: CMakeFiles/my_app.dir/main.cpp.o\n"
                               "/usr/bin/c++ -O2 -c main.cpp\n"
                               "main.cpp:12:5: error: 'foo' was not declared in this scope\n"
                               "   12 |     foo();\n"
                               "      |     ^~~\n"
                               "main.cpp:20:1: error: expected ';' before '}' token\n"
                               "ninja: build stopped: subcommand failed.\n";
    EXPECT_EQ(first_build_error(output), "main.cpp:12:5: error: 'foo' was not declared in this "
                                         "scope\n   12 |     foo();\n      |     ^~~");
    EXPECT_EQ(first_build_error("main.cpp:(.text+0x1): undefined reference to `bar()'\nx"),
              "main.cpp:(.text+0x1): undefined reference to `bar()'\nx");
    EXPECT_EQ(first_build_error("[1/1] Linking\nall good\n"), "");
    EXPECT_EQ(first_build_error("a: error: b\n1\n2\n3\n4\n5\n6\n7\n", 3), "a: error: b\n1\n2");
}

TEST(watch_manifest, reads_what_chainlit_add_app_writes_and_refuses_the_rest) {
    const auto dir = temp_dir("watch-manifest");
    const auto file = dir / "my_app.watch.json";
    std::ofstream(file) << R"({"format": 1, "target": "my_app", "cmake": "/usr/bin/cmake",
        "build_dir": "/p/build", "binary": "/p/build/my_app", "watch": ["/p", "/p/lib"]})";
    const auto m = read_manifest(file);
    EXPECT_EQ(m.target, "my_app");
    EXPECT_EQ(m.build_dir, "/p/build");
    ASSERT_EQ(m.watch.size(), 2u);
    EXPECT_EQ(m.watch[1], "/p/lib");

    EXPECT_THROW(read_manifest(dir / "missing.watch.json"), config_error);
    std::ofstream(file, std::ios::trunc) << "{not json";
    EXPECT_THROW(read_manifest(file), config_error);
    std::ofstream(file, std::ios::trunc) << R"({"target": "x", "cmake": "c", "binary": "b",
        "watch": ["/p"]})";
    try {
        read_manifest(file);
        FAIL() << "a manifest without build_dir was accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("build_dir"), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}

TEST(watch_control_line, keeps_known_fields_and_refuses_malformed_lines) {
    auto m = parse_control_line(R"({"build_status": {"ok": false, "error": "e: error: x",
        "target": "t", "extra": 1}})");
    ASSERT_TRUE(m && m->build_status);
    EXPECT_EQ(m->build_status->at("ok").as_bool(), false);
    EXPECT_EQ(m->build_status->at("error").as_string(), "e: error: x");
    EXPECT_FALSE(m->build_status->contains("extra"));
    EXPECT_FALSE(parse_control_line("ready"));
    EXPECT_FALSE(parse_control_line(R"({"build_status": {"ok": "no"}})"));
    EXPECT_FALSE(parse_control_line(R"({"build_status": 3})"));
    auto other = parse_control_line(R"({"something": "else"})");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->build_status);
}

TEST(watch_file_watcher, reports_saves_and_renames_also_in_new_folders_and_skips_build_trees) {
    const auto dir = temp_dir("watch-files");
    fs::create_directories(dir / "build");
    std::ofstream(dir / "build" / "CMakeCache.txt") << "x";
    file_watcher w([](const fs::path& d) { return fs::exists(d / "CMakeCache.txt"); });
    w.add_tree(dir);
    EXPECT_EQ(w.folder_count(), 1u);
    std::ofstream(dir / "main.cpp") << "int main() {}";
    std::ofstream(dir / "build" / "out.o") << "ignored";
    fs::create_directories(dir / "lib");
    auto changes = w.take_changes(); // sees the new folder and watches it
    std::ofstream(dir / "lib" / "tmp") << "x";
    fs::rename(dir / "lib" / "tmp", dir / "lib" / "agent.cpp");
    for (auto more = w.take_changes(); !more.empty(); more = w.take_changes())
        changes.insert(changes.end(), more.begin(), more.end());
    auto has = [&](const fs::path& p) {
        return std::find(changes.begin(), changes.end(), p) != changes.end();
    };
    EXPECT_TRUE(has(dir / "main.cpp"));
    EXPECT_TRUE(has(dir / "lib" / "agent.cpp"));
    EXPECT_FALSE(has(dir / "build" / "out.o"));
    EXPECT_EQ(w.folder_count(), 2u);
    fs::remove_all(dir);
}

} // namespace
