#include "chainlit/data/model.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::data;

namespace {
json::value parse(std::string_view s) {
    return json::parse(s);
}
} // namespace

TEST(data_model, thread_uses_wire_keys_with_nulls) {
    thread_dict t{.id = "t1", .created_at = "2024-01-01T00:00:00.000000Z"};
    t.user_id = "u1";
    t.steps.push_back({.id = "s1"});
    auto o = to_json(t);
    EXPECT_EQ(o, parse(R"({"id":"t1","createdAt":"2024-01-01T00:00:00.000000Z","name":null,
        "userId":"u1","userIdentifier":null,"tags":[],"metadata":{},"steps":[{"id":"s1"}],
        "elements":[]})"));
    auto back = from_json<thread_dict>(o);
    ASSERT_TRUE(back);
    EXPECT_EQ(to_json(*back), o);
}

TEST(data_model, step_round_trips_every_key) {
    const auto wire = parse(R"({"id":"s","name":"n","type":"llm","threadId":"t","parentId":"p",
        "command":"c","modes":{"m":"o"},"streaming":false,"waitForAnswer":true,"isError":false,
        "metadata":{"icon":"x"},"tags":["a"],"input":"i","output":"o",
        "createdAt":"2024-01-01T00:00:00.000000Z","start":"2024-01-01T00:00:00.000000Z",
        "end":"2024-01-01T00:00:01.000000Z","generation":{"g":1},"showInput":false,
        "defaultOpen":true,"autoCollapse":false,"language":"py","indent":2,
        "feedback":{"forId":"s","id":"f","value":1,"comment":"ok"}})");
    auto s = from_json<step_dict>(wire);
    ASSERT_TRUE(s);
    EXPECT_EQ(json::value(to_json(*s)), wire);
    EXPECT_EQ(s->show_input, json::value(false));
}

TEST(data_model, optional_keys_stay_absent_and_null_means_absent) {
    auto s = from_json<step_dict>(parse(R"({"id":"s","parentId":null,"output":""})"));
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->parent_id);
    EXPECT_EQ(s->output, "");
    EXPECT_EQ(to_json(*s), parse(R"({"id":"s","output":""})"));
}

TEST(data_model, rejects_wrong_types_and_missing_required_keys) {
    EXPECT_EQ(from_json<step_dict>(parse(R"({"name":"x"})")).error(), errc::parse_error);
    EXPECT_EQ(from_json<step_dict>(parse(R"({"id":1})")).error(), errc::parse_error);
    EXPECT_EQ(from_json<step_dict>(parse(R"({"id":"s","tags":[1]})")).error(), errc::parse_error);
    EXPECT_EQ(from_json<step_dict>(parse("[]")).error(), errc::parse_error);
    EXPECT_EQ(from_json<feedback>(parse(R"({"forId":"s"})")).error(), errc::parse_error);
    EXPECT_EQ(from_json<element_dict>(parse(R"({"id":"e"})")).error(), errc::parse_error);
    EXPECT_EQ(from_json<user>(parse(R"({"metadata":{}})")).error(), errc::parse_error);
}

TEST(data_model, feedback_values_are_integers_on_the_wire) {
    EXPECT_EQ(json::serialize(to_json(feedback{.for_id = "s", .value = 1})),
              R"({"forId":"s","value":1})");
    auto f = from_json<feedback>(parse(R"({"forId":"s","value":0,"threadId":"t","id":"f"})"));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->value, 0);
    EXPECT_EQ(f->thread_id, "t");
}

TEST(data_model, users_pagination_and_pages) {
    persisted_user u{.id = "i",
                     .identifier = "a",
                     .metadata = {{"provider", "credentials"}},
                     .created_at = "2024-01-01T00:00:00.000000Z"};
    EXPECT_EQ(to_json(u), parse(R"({"id":"i","identifier":"a","display_name":null,
        "metadata":{"provider":"credentials"},"createdAt":"2024-01-01T00:00:00.000000Z"})"));
    auto p = from_json<pagination>(parse(R"({"first":20,"cursor":null})"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->first, 20);
    EXPECT_FALSE(p->cursor);
    auto f = from_json<thread_filter>(parse(R"({"search":"x","feedback":1,"userId":"u"})"));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->search, "x");
    EXPECT_EQ(f->feedback, 1);
    paginated_threads page;
    page.page_info.has_next_page = true;
    page.page_info.end_cursor = "t9";
    EXPECT_EQ(to_json(page), parse(R"({"pageInfo":{"hasNextPage":true,"startCursor":null,
        "endCursor":"t9"},"data":[]})"));
}

TEST(data_model, element_keys) {
    element_dict e{.id = "e", .thread_id = "t", .type = "image", .name = "pic.png"};
    e.for_id = "s";
    e.mime = "image/png";
    EXPECT_EQ(to_json(e), parse(R"({"id":"e","threadId":"t","type":"image","name":"pic.png",
        "display":"inline","forId":"s","mime":"image/png"})"));
    EXPECT_TRUE(is_step_type("assistant_message"));
    EXPECT_FALSE(is_step_type("message"));
}

TEST(data_model, out_of_range_numbers_are_errors_not_undefined_behaviour) {
    EXPECT_EQ(from_json<pagination>(parse(R"({"first":1e300})")).error(), errc::parse_error);
    auto f = from_json<feedback>(parse(R"({"forId":"s","value":1e300})"));
    ASSERT_TRUE(f);
    EXPECT_TRUE(to_json(*f).at("value").is_double());
}
