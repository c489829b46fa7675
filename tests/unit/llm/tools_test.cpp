#include "chainlit/llm/tools.hpp"

#include <gtest/gtest.h>

namespace llm = chainlit::llm;
namespace json = chainlit::json;

namespace {
llm::tool named(std::string name) {
    return {std::move(name), "d", {}, [](json::object) -> chainlit::task<json::value> {
                co_return json::value("ok");
            }};
}
} // namespace

TEST(ToolRegistry, NamesFollowOpenAisRuleAndAreUnique) {
    llm::tool_registry r;
    r.add(named("get_time"));
    EXPECT_THROW(r.add(named("get_time")), std::invalid_argument);
    EXPECT_THROW(r.add(named("has space")), std::invalid_argument);
    EXPECT_THROW(r.add(named("")), std::invalid_argument);
    EXPECT_THROW(r.add(named(std::string(65, 'a'))), std::invalid_argument);
    llm::tool no_handler = named("x");
    no_handler.handler = nullptr;
    EXPECT_THROW(r.add(no_handler), std::invalid_argument);
    EXPECT_EQ(r.size(), 1u);
    EXPECT_TRUE(r.find("get_time"));
    EXPECT_FALSE(r.find("nope"));
    EXPECT_TRUE(r.remove("get_time"));
    EXPECT_FALSE(r.remove("get_time"));
}

TEST(ToolRegistry, DefinitionsAreOpenAiFunctionTools) {
    llm::tool_registry r;
    llm::tool calc = named("calc");
    calc.parameters = {{"type", "object"},
                       {"properties", {{"expression", {{"type", "string"}}}}},
                       {"required", json::array{"expression"}}};
    r.add(calc);
    r.add(named("now"));
    json::array defs = r.definitions();
    ASSERT_EQ(defs.size(), 2u);
    EXPECT_EQ(defs[0].at("type"), "function");
    EXPECT_EQ(defs[0].at("function").at("name"), "calc");
    EXPECT_EQ(defs[0].at("function").at("parameters").at("required").as_array()[0], "expression");
    // No schema still gives the object schema that providers require.
    EXPECT_EQ(defs[1].at("function").at("parameters").at("type"), "object");
}
