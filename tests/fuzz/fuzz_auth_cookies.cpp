// libFuzzer target for the parsers of request-supplied auth material: the auth cookie reader
// (chunk joining, duplicate detection) and the Authorization: Bearer parser.
// The input is lines of `name=value` (the http layer's parsed cookie list, duplicates kept);
// the whole input is also fed to parse_bearer as a header value.
// Invariants: no crash; a token read from cookies is non-empty and within max_token_size, and
// writing it back with plan_auth_cookies then reading gives the same token; a Bearer token is
// one non-empty word.
#include "chainlit/auth/bearer.hpp"
#include "chainlit/auth/cookies.hpp"
#include "chainlit/auth/jwt.hpp"

#include "fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace chainlit;

using chainlit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto token = auth::parse_bearer(input)) {
        check(!token->empty());
        check(token->find_first_of(" \t\r\n\v\f") == std::string::npos);
    }

    auth::cookie_list cookies;
    std::size_t start = 0;
    while (start <= input.size()) {
        auto end = input.find('\n', start);
        if (end == std::string_view::npos)
            end = input.size();
        const auto line = input.substr(start, end - start);
        const auto eq = line.find('=');
        if (eq != std::string_view::npos)
            cookies.emplace_back(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
        start = end + 1;
    }

    const auth::cookie_settings settings;
    auto token = auth::read_auth_token(cookies, settings.name);
    if (!token)
        return 0;
    check(!token->empty() && token->size() <= auth::max_token_size);
    auto plan = auth::plan_auth_cookies(*token, settings, cookies, false);
    auth::cookie_list written;
    for (const auto& c : plan.set)
        written.emplace_back(c.name, c.value);
    auto back = auth::read_auth_token(written, settings.name);
    check(back && *back == *token);
    auth::plan_logout_cookies(settings, cookies, true);
    return 0;
}
