// The pieces behind attachments and element URLs (end to end: attachments.test.mjs): the
// element made of an upload, the stored-file URL under a root path, and persister::after_writes
// running only once the writes queued before it are done.
#include "chainlit/chat/persister.hpp"
#include "chainlit/data/data_layer.hpp"
#include "chat/persist_convert.hpp"

#include <atomic>
#include <filesystem>
#include <future>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace chainlit;
namespace fs = std::filesystem;

namespace {

TEST(element_file_url, carries_the_root_path_whatever_its_spelling) {
    const std::string tail = "/project/thread/t1/element/e1/file";
    EXPECT_EQ(element_file_url("", "t1", "e1"), tail);
    EXPECT_EQ(element_file_url("/", "t1", "e1"), tail);
    EXPECT_EQ(element_file_url("/chat", "t1", "e1"), "/chat" + tail);
    EXPECT_EQ(element_file_url("/chat/", "t1", "e1"), "/chat" + tail);
    EXPECT_EQ(element_file_url("chat", "t1", "e1"), "/chat" + tail);
    EXPECT_EQ(element_file_url("/a/b", "t1", "e1"), "/a/b" + tail);
}

TEST(element_file_url, only_stored_elements_without_a_url_get_one) {
    data::thread_dict t;
    t.id = "t1";
    data::element_dict stored, external, plain;
    stored.id = "s";
    stored.object_key = "threads/t1/files/s";
    external.id = "x";
    external.object_key = "threads/t1/files/x";
    external.url = "https://example.invalid/x.png";
    plain.id = "p";
    t.elements = {stored, external, plain};
    link_element_files(t, "/chat");
    EXPECT_EQ(t.elements[0].url, "/chat/project/thread/t1/element/s/file");
    EXPECT_EQ(t.elements[1].url, "https://example.invalid/x.png");
    EXPECT_FALSE(t.elements[2].url);
    EXPECT_EQ(t.elements[2].thread_id, "t1");
}

TEST(upload_element, type_from_the_mime_type_as_chainlit_infers_it) {
    const std::pair<const char*, const char*> cases[] = {
        {"image/png", "image"},       {"image/svg+xml", "image"},
        {"application/pdf", "pdf"},   {"audio/mpeg", "audio"},
        {"video/mp4", "video"},       {"text/plain", "file"},
        {"application/json", "file"}, {"", "file"},
    };
    for (const auto& [mime, type] : cases) {
        session_file f;
        f.id = "f";
        f.name = "n";
        f.mime = mime;
        auto e = upload_element(f, "m1");
        EXPECT_EQ(e.type, type) << mime;
        EXPECT_EQ(e.for_id, "m1");
        EXPECT_EQ(e.display, "inline");
        EXPECT_EQ(e.name, "n");
        EXPECT_EQ(e.mime, *mime ? mime : "application/octet-stream");
        EXPECT_EQ(e.size, e.type == "image" ? "medium" : "") << mime;
        EXPECT_NE(e.id, f.id); // a fresh id: one upload named by two messages is two elements
    }
}

TEST(persister, after_writes_runs_once_the_writes_before_it_are_committed) {
    const auto dir = fs::temp_directory_path() / ("cl_after_writes_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        auto dl = data::make_data_layer("sqlite://" + (dir / "t.db").string());
        ASSERT_TRUE(dl) << dl.error().message();
        persister p(std::shared_ptr<data::data_layer>(std::move(*dl)));
        std::atomic<int> written{0};
        std::promise<int> seen;
        constexpr int n = 200;
        for (int i = 0; i < n; ++i) {
            p.submit([&written](data::data_layer&) -> result<void> {
                ++written;
                return {};
            });
            if (i == n / 2) // a flush may be running while the rest is queued
                std::this_thread::yield();
        }
        p.after_writes([&] { seen.set_value(written.load()); });
        p.after_writes([] { throw std::runtime_error("a failing job is logged, not fatal"); });
        EXPECT_EQ(seen.get_future().get(), n);
        p.drain(); // the data thread survived the throwing job
    }
    fs::remove_all(dir);
}

} // namespace
