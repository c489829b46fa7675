// What MCP may run and reach: the app's config decides, never the user's input (Chainlit had
// a command-injection and an SSRF CVE here; docs/SECURITY.md).
#include "chainlit/core/config.hpp"
#include "chainlit/llm/mcp.hpp"

#include <boost/asio/ip/address.hpp>

namespace chainlit::llm::mcp {
namespace {

const json::object* table(const json::object* o, std::string_view key) {
    const auto* v = o ? o->if_contains(key) : nullptr;
    return v ? v->if_object() : nullptr;
}

void read_bool(const json::object* o, std::string_view key, std::string_view where, bool& out) {
    const auto* v = o ? o->if_contains(key) : nullptr;
    if (!v)
        return;
    if (!v->is_bool())
        throw config_error(std::string(where) + "." + std::string(key) + " must be a boolean");
    out = v->as_bool();
}

void read_strings(const json::object* o, std::string_view key, std::string_view where,
                  std::vector<std::string>& out) {
    const auto* v = o ? o->if_contains(key) : nullptr;
    if (!v)
        return;
    const std::string name = std::string(where) + "." + std::string(key);
    if (!v->is_array())
        throw config_error(name + " must be a list of strings");
    out.clear();
    for (const auto& s : v->as_array()) {
        if (!s.is_string() || s.as_string().empty())
            throw config_error(name + " must be a list of non-empty strings");
        out.emplace_back(s.as_string());
    }
}

void read_seconds(const json::object* o, std::string_view key, std::string_view where,
                  std::chrono::milliseconds& out) {
    const auto* v = o ? o->if_contains(key) : nullptr;
    if (!v)
        return;
    if (!v->is_number() || v->to_number<double>() <= 0 || v->to_number<double>() > 86400)
        throw config_error(std::string(where) + "." + std::string(key) +
                           " must be a number of seconds between 0 and 86400");
    out = std::chrono::milliseconds(static_cast<long long>(v->to_number<double>() * 1000));
}

bool in_v4(std::uint32_t a, std::uint32_t net, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == (net & mask);
}

/// The name of the non-public range holding `a`, or "".
std::string v4_range(const boost::asio::ip::address_v4& addr) {
    const std::uint32_t a = addr.to_uint();
    struct range {
        std::uint32_t net;
        int bits;
        const char* what;
    };
    static const range ranges[] = {
        {0x00000000, 8, "\"this network\""}, {0x0A000000, 8, "private"},
        {0x64400000, 10, "shared (CGNAT)"},  {0x7F000000, 8, "loopback"},
        {0xA9FE0000, 16, "link-local"},      {0xAC100000, 12, "private"},
        {0xC0000000, 24, "IETF protocol"},   {0xC0A80000, 16, "private"},
        {0xC6120000, 15, "benchmarking"},    {0xE0000000, 4, "multicast"},
        {0xF0000000, 4, "reserved"},
    };
    for (const auto& r : ranges)
        if (in_v4(a, r.net, r.bits))
            return r.what;
    return {};
}

std::string v6_range(const boost::asio::ip::address_v6& a) {
    if (a.is_v4_mapped())
        return v4_range(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a));
    const auto b = a.to_bytes();
    if (a.is_unspecified())
        return "unspecified";
    if (a.is_loopback())
        return "loopback";
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return "link-local";
    if ((b[0] & 0xfe) == 0xfc)
        return "private (unique local)";
    if (b[0] == 0xff)
        return "multicast";
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return "site-local";
    // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach an IPv4 host.
    bool compat = true;
    for (int i = 0; i < 12; ++i)
        compat = compat && b[i] == 0;
    const bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 &&
                       b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 &&
                       b[10] == 0 && b[11] == 0;
    if (compat || nat64) {
        const boost::asio::ip::address_v4::bytes_type v4{b[12], b[13], b[14], b[15]};
        return v4_range(boost::asio::ip::address_v4(v4));
    }
    return {};
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "none" : out;
}

} // namespace

policy policy::from_config(const app_config& config) {
    policy p;
    const auto* mcp = table(&config.features, "mcp");
    read_bool(mcp, "enabled", "features.mcp", p.enabled);
    read_seconds(mcp, "connect_timeout", "features.mcp", p.connect_timeout);
    read_seconds(mcp, "call_timeout", "features.mcp", p.call_timeout);
    const auto* stdio = table(mcp, "stdio");
    read_bool(stdio, "enabled", "features.mcp.stdio", p.stdio);
    read_strings(stdio, "allowed_executables", "features.mcp.stdio", p.allowed_executables);
    read_strings(stdio, "allowed_commands", "features.mcp.stdio", p.allowed_commands);
    // Chainlit's generated config writes the table with a hyphen: honour both spellings.
    for (const char* key : {"streamable_http", "streamable-http"}) {
        const auto* h = table(mcp, key);
        const std::string where = std::string("features.mcp.") + key;
        read_bool(h, "enabled", where, p.streamable_http);
        read_bool(h, "allow_private_networks", where, p.allow_private_networks);
    }
    for (const auto& c : p.allowed_commands) {
        try {
            (void)split_command(c);
        } catch (const mcp_error& e) {
            throw config_error("features.mcp.stdio.allowed_commands: \"" + c + "\": " + e.what());
        }
    }
    return p;
}

std::vector<std::string> split_command(std::string_view command) {
    // A NUL would cut the argument short once it reaches execve, whatever quotes surround it.
    if (command.find('\0') != std::string_view::npos)
        throw mcp_error("The command contains a NUL character");
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (quote) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < command.size() &&
                       (command[i + 1] == '"' || command[i + 1] == '\\')) {
                word += command[++i];
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < command.size()) {
            word += command[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word)
                words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote)
        throw mcp_error(std::string("The command has an unterminated ") +
                        (quote == '"' ? "double" : "single") + " quote");
    if (in_word)
        words.push_back(std::move(word));
    if (words.empty())
        throw mcp_error("The command is empty");
    return words;
}

std::string command_refusal(const std::vector<std::string>& argv, const policy& p) {
    if (argv.empty())
        return "The command is empty";
    for (const auto& allowed : p.allowed_commands)
        if (split_command(allowed) == argv)
            return {};
    for (const auto& exe : p.allowed_executables)
        if (argv[0] == exe)
            return {};
    return "The command \"" + argv[0] +
           "\" is not allowed: this app lets MCP start only the programs its config lists "
           "([features.mcp.stdio] allowed_executables: " +
           joined(p.allowed_executables) + ")";
}

std::string address_refusal(std::string_view ip, const policy& p) {
    if (p.allow_private_networks)
        return {};
    boost::system::error_code ec;
    const auto addr = boost::asio::ip::make_address(std::string(ip), ec);
    if (ec)
        return "The MCP server's address " + std::string(ip) + " is not an IP address";
    const std::string range = addr.is_v4() ? v4_range(addr.to_v4()) : v6_range(addr.to_v6());
    if (range.empty())
        return {};
    return "The MCP server's address " + std::string(ip) + " is in a " + range +
           " range, which this app does not allow ([features.mcp.streamable_http] "
           "allow_private_networks)";
}

} // namespace chainlit::llm::mcp
