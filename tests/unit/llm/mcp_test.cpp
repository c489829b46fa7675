// The MCP policy (what may run and be reached) and the reading of what servers send.
#include "chainlit/core/config.hpp"
#include "chainlit/llm/mcp.hpp"
#include "llm/mcp_protocol.hpp"

#include <gtest/gtest.h>

namespace mcp = chainlit::llm::mcp;
namespace json = chainlit::json;
using strings = std::vector<std::string>;

TEST(McpCommand, SplitsLikeAShellWithoutExpanding) {
    EXPECT_EQ(mcp::split_command("npx -y @scope/server"), (strings{"npx", "-y", "@scope/server"}));
    EXPECT_EQ(mcp::split_command("  node  'a b'  \"c \\\" d\" e\\ f "),
              (strings{"node", "a b", "c \" d", "e f"}));
    EXPECT_EQ(mcp::split_command("echo $(id) `id` ;|&"), (strings{"echo", "$(id)", "`id`", ";|&"}));
    EXPECT_EQ(mcp::split_command("x ''"), (strings{"x", ""}));
    EXPECT_THROW(mcp::split_command("node 'open"), mcp::mcp_error);
    EXPECT_THROW(mcp::split_command("   "), mcp::mcp_error);
    EXPECT_THROW(mcp::split_command(std::string("a\0b", 3)), mcp::mcp_error);
    EXPECT_THROW(mcp::split_command(std::string("node 'a\0b'", 10)), mcp::mcp_error);
    EXPECT_THROW(mcp::split_command(std::string("node a\\\0", 8)), mcp::mcp_error);
}

TEST(McpCommand, OnlyWhatTheConfigAllowsRuns) {
    mcp::policy p;
    EXPECT_NE(mcp::command_refusal({"node", "server.js"}, p), "") << "nothing by default";
    p.allowed_executables = {"uvx"};
    EXPECT_EQ(mcp::command_refusal({"uvx", "mcp-server-time"}, p), "");
    EXPECT_NE(mcp::command_refusal({"/usr/bin/uvx", "x"}, p), "") << "a path is not the name";
    EXPECT_NE(mcp::command_refusal({"./uvx"}, p), "");
    EXPECT_NE(mcp::command_refusal({"bash", "-c", "uvx"}, p), "");
    p.allowed_commands = {"node '/srv/my server.js' stdio"};
    EXPECT_EQ(mcp::command_refusal({"node", "/srv/my server.js", "stdio"}, p), "");
    EXPECT_NE(mcp::command_refusal({"node", "/srv/my server.js", "stdio", "--evil"}, p), "");
    EXPECT_NE(mcp::command_refusal({"node", "-e", "process.exit()"}, p), "");
    EXPECT_NE(mcp::command_refusal({}, p), "");
}

TEST(McpAddress, NonPublicRangesAreRefused) {
    mcp::policy p;
    for (const char* ip : {"127.0.0.1",
                           "127.9.9.9",
                           "10.0.0.1",
                           "172.16.0.1",
                           "172.31.255.255",
                           "192.168.1.1",
                           "169.254.169.254",
                           "100.64.0.1",
                           "0.0.0.0",
                           "224.0.0.1",
                           "255.255.255.255",
                           "::1",
                           "::",
                           "fe80::1",
                           "fd00::1",
                           "fc00::1",
                           "ff02::1",
                           "::ffff:127.0.0.1",
                           "::ffff:10.0.0.1",
                           "::127.0.0.1",
                           "64:ff9b::a9fe:a9fe"})
        EXPECT_NE(mcp::address_refusal(ip, p), "") << ip;
    for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1",
                           "2001:4860:4860::8888", "::ffff:8.8.8.8"})
        EXPECT_EQ(mcp::address_refusal(ip, p), "") << ip;
    EXPECT_NE(mcp::address_refusal("not-an-ip", p), "");
    EXPECT_NE(mcp::address_refusal("127.0.0.1", p).find("loopback"), std::string::npos);
    p.allow_private_networks = true;
    EXPECT_EQ(mcp::address_refusal("127.0.0.1", p), "");
    EXPECT_EQ(mcp::address_refusal("169.254.169.254", p), "");
}

TEST(McpPolicy, ReadsTheConfigAndRefusesWrongTypes) {
    auto c = chainlit::parse_config(R"(
[features.mcp]
enabled = true
call_timeout = 5
[features.mcp.stdio]
allowed_executables = ["npx"]
allowed_commands = ["node s.js"]
[features.mcp.streamable-http]
allow_private_networks = true
)",
                                    "test.toml");
    auto p = mcp::policy::from_config(c);
    EXPECT_TRUE(p.enabled);
    EXPECT_TRUE(p.stdio);
    EXPECT_TRUE(p.streamable_http);
    EXPECT_EQ(p.allowed_executables, strings{"npx"});
    EXPECT_EQ(p.allowed_commands, strings{"node s.js"});
    EXPECT_TRUE(p.allow_private_networks) << "Chainlit's hyphenated table name is honoured";
    EXPECT_EQ(p.call_timeout, std::chrono::seconds(5));
    EXPECT_FALSE(mcp::policy::from_config(chainlit::default_config()).enabled);
    for (const char* bad : {"[features.mcp]\nenabled = \"yes\"\n",
                            "[features.mcp.stdio]\nallowed_executables = \"npx\"\n",
                            "[features.mcp.stdio]\nallowed_executables = [1]\n",
                            "[features.mcp.stdio]\nallowed_commands = [\"node 'x\"]\n",
                            "[features.mcp]\ncall_timeout = -1\n"}) {
        auto cfg = chainlit::parse_config(bad, "bad.toml");
        EXPECT_THROW(mcp::policy::from_config(cfg), chainlit::config_error) << bad;
    }
}

TEST(McpProtocol, ReadsResponsesAndAnswersServerRequests) {
    namespace d = mcp::detail;
    EXPECT_FALSE(d::parse_message("[1,2]"));
    EXPECT_FALSE(d::parse_message("{oops"));
    auto r = d::parse_message(R"({"jsonrpc":"2.0","id":7,"result":{"x":1}})");
    ASSERT_TRUE(r);
    EXPECT_EQ(d::response_id(*r), 7);
    EXPECT_EQ(d::result_of(*r, "s", "m").at("x"), 1);
    auto err =
        d::parse_message(R"({"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"bad"}})");
    EXPECT_EQ(d::response_id(*err), 8);
    try {
        d::result_of(*err, "srv", "tools/call");
        FAIL();
    } catch (const mcp::mcp_error& e) {
        EXPECT_STREQ(e.what(), "MCP server srv: tools/call failed: bad (code -32602)");
    }
    auto req = d::parse_message(R"({"jsonrpc":"2.0","id":"a","method":"sampling/createMessage"})");
    EXPECT_FALSE(d::response_id(*req));
    auto answer = d::answer_server_request(*req);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->at("error").at("code"), -32601);
    EXPECT_EQ(answer->at("id"), "a");
    auto ping = d::answer_server_request(*d::parse_message(R"({"id":1,"method":"ping"})"));
    EXPECT_TRUE(ping->at("result").is_object());
    EXPECT_FALSE(d::answer_server_request(*d::parse_message(R"({"method":"notifications/x"})")));
}

TEST(McpProtocol, ToolsAndResults) {
    namespace d = mcp::detail;
    std::string cursor;
    auto tools = d::parse_tools(json::parse(R"({"tools":[{"name":"echo","description":"E",
        "inputSchema":{"type":"object"}},{"description":"no name"},{"name":""},7],
        "nextCursor":"p2"})"),
                                cursor);
    ASSERT_EQ(tools.size(), 1u);
    EXPECT_EQ(tools[0].name, "echo");
    EXPECT_EQ(cursor, "p2");
    EXPECT_TRUE(d::parse_tools(json::parse("null"), cursor).empty());
    EXPECT_EQ(cursor, "");

    EXPECT_EQ(d::tool_output(json::parse(R"({"content":[{"type":"text","text":"a"},
        {"type":"text","text":"b"}]})")
                                 .as_object()),
              "a\nb");
    auto mixed = d::tool_output(json::parse(R"({"content":[{"type":"text","text":"see"},
        {"type":"image","data":"QUFB","mimeType":"image/png"}]})")
                                    .as_object());
    ASSERT_TRUE(mixed.is_array());
    EXPECT_EQ(mixed.as_array()[1].at("mimeType"), "image/png");
    EXPECT_FALSE(mixed.as_array()[1].as_object().contains("data")) << "no base64 for the model";
    auto structured =
        d::tool_output(json::parse(R"({"content":[],"structuredContent":{"n":1}})").as_object());
    EXPECT_EQ(structured.at("n"), 1);
    EXPECT_THROW(d::tool_output(json::parse(R"({"content":[{"type":"text","text":"boom"}],
        "isError":true})")
                                    .as_object()),
                 std::runtime_error);
}
