#include "chainlit/http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace chainlit::http;
namespace fs = std::filesystem;

class static_files : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("cl_static_" + std::to_string(::getpid()));
        fs::create_directories(root_ / "public" / "elements");
        std::ofstream(root_ / "public" / "elements" / "a.jsx") << "export default 1";
        std::ofstream(root_ / "secret.txt") << "top secret";
        fs::create_symlink(root_ / "secret.txt", root_ / "public" / "link.txt");
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

TEST_F(static_files, serves_file_with_type) {
    auto r = serve_static(root_ / "public", "elements/a.jsx");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), "export default 1");
    EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(static_files, traversal_and_escapes_are_refused) {
    for (const char* bad : {"../secret.txt", "elements/../../secret.txt", "/etc/passwd",
                            "..\\secret.txt", "link.txt"}) {
        auto r = serve_static(root_ / "public", bad);
        EXPECT_EQ(r.status(), 400) << bad;
        EXPECT_EQ(r.body().find("top secret"), std::string::npos);
    }
}

TEST_F(static_files, missing_and_directories_are_404) {
    EXPECT_EQ(serve_static(root_ / "public", "nope.js").status(), 404);
    EXPECT_EQ(serve_static(root_ / "public", "elements").status(), 404);
    EXPECT_EQ(serve_static(root_ / "absent-root", "a").status(), 404);
}
