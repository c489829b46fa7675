// The local element storage: keys cannot leave its folder, bytes outlive the source file (the
// session's copy), a thread's prefix removes its files.
#include "chainlit/chat/element_storage.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>
#include <vector>

using namespace chainlit;
namespace fs = std::filesystem;

namespace {

class local_storage_test : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("cl_elem_store_" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "session");
        source_ = dir_ / "session" / "file.txt";
        std::ofstream(source_, std::ios::binary) << "hello";
        store_ = local_element_storage(dir_ / "files");
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_, source_;
    std::shared_ptr<element_storage> store_;
};

TEST_F(local_storage_test, stores_and_reads_back_after_the_source_is_gone) {
    const auto key = element_object_key("thread-1", "element_1");
    EXPECT_EQ(key, "threads/thread-1/files/element_1");
    ASSERT_TRUE(store_->put_file(key, source_));
    fs::remove_all(dir_ / "session"); // the session ends
    auto bytes = store_->read(key);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, "hello");
}

TEST_F(local_storage_test, a_second_put_replaces_the_bytes) {
    ASSERT_TRUE(store_->put_file("threads/t/files/e", source_));
    const auto other = dir_ / "session" / "other.txt";
    std::ofstream(other) << "second";
    ASSERT_TRUE(store_->put_file("threads/t/files/e", other));
    EXPECT_EQ(*store_->read("threads/t/files/e"), "second");
}

TEST_F(local_storage_test, hostile_keys_are_refused) {
    const std::vector<std::string> keys{"",
                                        "../escape",
                                        "threads/../../x",
                                        "/etc/passwd",
                                        "threads//x",
                                        "threads/x/",
                                        "threads/a b",
                                        "threads/x\\y",
                                        "threads/%2e%2e",
                                        std::string("a\0b", 3),
                                        std::string(600, 'a')};
    for (const auto& key : keys) {
        auto put = store_->put_file(key, source_);
        EXPECT_FALSE(put) << key;
        if (!put)
            EXPECT_EQ(put.error(), make_error_code(errc::invalid_argument)) << key;
        EXPECT_FALSE(store_->read(key)) << key;
        store_->remove_prefix(key); // ignored, never outside the folder
    }
    EXPECT_TRUE(fs::exists(source_));
    EXPECT_FALSE(fs::exists(dir_ / "escape"));
}

TEST_F(local_storage_test, missing_keys_are_not_found_and_prefixes_remove_a_thread) {
    auto missing = store_->read("threads/none/files/x");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error(), make_error_code(errc::not_found));
    ASSERT_TRUE(store_->put_file("threads/a/files/1", source_));
    ASSERT_TRUE(store_->put_file("threads/b/files/1", source_));
    store_->remove_prefix("threads/a");
    EXPECT_FALSE(store_->read("threads/a/files/1"));
    EXPECT_TRUE(store_->read("threads/b/files/1"));
}

TEST_F(local_storage_test, a_missing_source_is_an_error_not_a_crash) {
    EXPECT_FALSE(store_->put_file("threads/t/files/e", dir_ / "nope"));
    EXPECT_FALSE(store_->read("threads/t/files/e"));
}

} // namespace
