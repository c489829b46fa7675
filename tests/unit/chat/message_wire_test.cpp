// write_dict, the direct writer the emit path uses, must give byte for byte the text of
// json::serialize(to_dict()): the browser sees one or the other depending on the path (live
// emit, offline replay, persistence).
#include "chainlit/chat/message.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace chainlit;

namespace {

const char* const tricky[] = {"",
                              "plain text",
                              "quote \" and backslash \\ inside",
                              "new\nline\tand\rreturn",
                              "control \x01\x1f and del \x7f",
                              "unicode é 日本 🙂",
                              "</script><script>alert(1)</script>"};

std::string via_writer(const message& m, bool streaming = false) {
    std::string out = "prefix:";
    m.write_dict(out, streaming);
    return out.substr(7);
}

std::string via_object(const message& m, bool streaming = false) {
    auto d = m.to_dict();
    if (streaming)
        d["streaming"] = true;
    return json::serialize(d);
}

} // namespace

TEST(message_wire, message_writer_matches_serialized_dict) {
    for (const char* text : tricky) {
        message m(text, text);
        m.thread_id = "t-1";
        m.created_at = "2026-11-29T09:00:00.000Z";
        m.type = "assistant_message";
        EXPECT_EQ(via_writer(m), via_object(m)) << text;
        m.parent_id = text;
        m.command = "cmd";
        m.language = "python";
        m.is_error = true;
        m.metadata = json::object{{"k", text}, {"n", 1}, {"nested", json::array{1, "x", nullptr}}};
        m.tags = {text, "second"};
        EXPECT_EQ(via_writer(m), via_object(m)) << text;
        EXPECT_EQ(via_writer(m, true), via_object(m, true)) << text;
    }
}

TEST(message_wire, step_writer_matches_serialized_dict) {
    for (const char* text : tricky) {
        step s;
        s.name = text;
        s.type = "tool";
        s.input = text;
        s.output = text;
        s.created_at = s.start = "2026-11-29T09:00:00.000Z";
        std::string out;
        s.write_dict(out);
        EXPECT_EQ(out, json::serialize(s.to_dict())) << text;
        s.end = "2026-11-29T09:00:01.000Z";
        s.parent_id = "p";
        s.language = text;
        s.show_input = "false";
        s.default_open = true;
        s.is_error = true;
        s.metadata = json::object{{"a", json::object{{"b", text}}}};
        out.clear();
        s.write_dict(out);
        EXPECT_EQ(out, json::serialize(s.to_dict())) << text;
        s.icon = text;
        s.tags = {text};
        s.auto_collapse = true;
        out.clear();
        s.write_dict(out);
        EXPECT_EQ(out, json::serialize(s.to_dict())) << text;
    }
}

TEST(message_wire, step_icon_travels_in_metadata_and_tags_as_a_list) {
    step s;
    s.icon = "globe";
    s.tags = {"web", "fast"};
    s.auto_collapse = true;
    s.metadata = json::object{{"k", 1}};
    const auto d = s.to_dict();
    EXPECT_EQ(d.at("metadata"), (json::object{{"k", 1}, {"icon", "globe"}}));
    EXPECT_EQ(d.at("tags"), (json::array{"web", "fast"}));
    EXPECT_EQ(d.at("autoCollapse"), true);
    EXPECT_EQ(s.metadata.size(), 1u) << "the step's own metadata is not changed";
    step plain;
    EXPECT_TRUE(plain.to_dict().at("tags").is_null());
    EXPECT_EQ(plain.to_dict().at("autoCollapse"), false);
}
