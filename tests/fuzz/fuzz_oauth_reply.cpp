// libFuzzer target for what OAuth providers send back: the token endpoint's reply (JSON or form
// encoding), the user info object turned into the default user, and the redirect URI builder
// fed with request headers.
// Invariants checked: no crash or UB; a default user always has a non-empty identifier; a
// built URL starts with http:// or https:// and holds no whitespace or control character.
#include "chainlit/auth/oauth.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace chainlit;

namespace {

void check(bool ok) {
    if (!ok)
        std::abort();
}

void check_url(const std::optional<std::string>& url) {
    if (!url)
        return;
    check(url->starts_with("http://") || url->starts_with("https://"));
    for (unsigned char c : *url)
        check(c > 0x20 && c != 0x7f);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    (void)auth::parse_token_reply(in);

    boost::system::error_code ec;
    json::value v = json::parse(in, ec);
    if (!ec && v.is_object()) {
        auth::oauth_provider p;
        p.id = "fuzz";
        p.image_claim = "picture";
        for (auto shape : {auth::oauth_user_shape::github, auth::oauth_user_shape::azure_ad,
                           auth::oauth_user_shape::claims}) {
            p.shape = shape;
            if (auto u = auth::default_oauth_user(p, v.as_object()))
                check(!u->identifier.empty());
        }
    }

    // Split the input into header values at NUL bytes.
    auth::public_url_parts parts;
    std::string* fields[] = {&parts.host, &parts.forwarded_host, &parts.forwarded_prefix,
                             &parts.root_path};
    std::size_t i = 0;
    for (auto rest = in; i < 4; ++i) {
        const auto nul = rest.find('\0');
        *fields[i] = std::string(rest.substr(0, nul));
        if (nul == std::string_view::npos)
            break;
        rest.remove_prefix(nul + 1);
    }
    // The root path comes from the command line, not from requests: keep it sane as run_options
    // does.
    if (!parts.root_path.empty() && parts.root_path.front() != '/')
        parts.root_path.clear();
    for (unsigned char c : parts.root_path)
        if (c <= 0x20 || c == 0x7f)
            return 0;
    check_url(auth::user_facing_url(parts, "/auth/oauth/fuzz/callback"));
    return 0;
}
