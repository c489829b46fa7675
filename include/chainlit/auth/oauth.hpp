#pragma once
// OAuth2 authorization-code sign-in (spec C.1, D.5): the providers Chainlit knows, configured
// from the same OAUTH_* environment variables, the user-facing redirect URI, and the two
// provider calls (code exchange, user info). Everything here is synchronous; the app layer
// runs the network calls off the I/O threads.
#include "chainlit/auth/cookies.hpp"
#include "chainlit/auth/user.hpp"
#include "chainlit/core/json.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::auth {

/// How a provider's user info becomes Chainlit's default user.
enum class oauth_user_shape {
    github,   ///< identifier = login, image = avatar_url; /user/emails added as "emails"
    azure_ad, ///< identifier = userPrincipalName (Graph /me); metadata.groups from "groups"
    claims,   ///< identifier = `identifier_claim`, image = `image_claim` (OpenID userinfo)
};

/// One configured provider. Built by oauth_providers_from_env; plain data so tests can build
/// their own.
struct oauth_provider {
    std::string id; ///< the URL segment and the oauth callback's provider_id, e.g. "github"
    std::string client_id;
    std::string client_secret;
    std::string authorize_url;
    std::string token_url;
    std::string userinfo_url;
    /// Extra authorize query parameters (scope, response_type, prompt, ...), in order.
    std::vector<std::pair<std::string, std::string>> authorize_params;
    oauth_user_shape shape = oauth_user_shape::claims;
    std::string identifier_claim = "email";
    std::string image_claim; ///< empty: metadata.image is not set from the claims
    /// Whether metadata gets an "image" key even when the claim is absent (Chainlit's providers
    /// differ; we keep their default-user shapes).
    bool image_always = true;
    /// The provider posts its answer to the callback (response_mode=form_post: azure-ad-hybrid).
    /// That POST is a cross-site request, so the state cookie must be SameSite=None; Secure
    /// for the browser to send it along (https, or a loopback host in development).
    bool form_post = false;
    /// Each authorize redirect carries a fresh random `nonce` (OpenID hybrid flow).
    bool nonce = false;
    /// The value metadata.provider gets; empty: `id`. (azure-ad-hybrid users are "azure-ad",
    /// as in Chainlit.)
    std::string provider_label;
};

/// What oauth_providers_from_env found: the fully configured providers, in Chainlit's order,
/// and one line per provider that has some but not all of its variables (it stays off).
struct oauth_env_result {
    std::vector<oauth_provider> providers;
    std::vector<std::string> warnings;
};

/// Reads the OAUTH_* variables of spec D.5: github, google, azure-ad, azure-ad-hybrid, okta, auth0,
/// descope, aws-cognito, gitlab, keycloak (id from OAUTH_KEYCLOAK_NAME) and generic (id from
/// OAUTH_GENERIC_NAME). A provider is on when all its required variables are set and
/// non-empty. OAUTH_<ID>_PROMPT, else OAUTH_PROMPT, adds `prompt`. A provider whose id
/// (from a *_NAME variable) is not a safe URL segment is left off with a warning.
oauth_env_result oauth_providers_from_env(const env_lookup& env = process_env);

/// `k1=v1&k2=v2`, percent-encoded (RFC 3986 unreserved characters kept).
std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);

/// The provider's authorize URL with client_id, redirect_uri, state and its own parameters,
/// form-encoded; plus `nonce` when the provider asks for one and `nonce` is not empty.
std::string authorize_redirect(const oauth_provider& p, std::string_view redirect_uri,
                               std::string_view state, std::string_view nonce = {});

/// What the public URL of this server is made of, as seen on one request.
struct public_url_parts {
    std::string chainlit_url;     ///< CHAINLIT_URL; when set it wins over the headers
    std::string scheme = "http";  ///< the request's scheme (X-Forwarded-Proto applied)
    std::string host;             ///< the Host header
    std::string forwarded_host;   ///< X-Forwarded-Host (first value), if any
    std::string forwarded_prefix; ///< X-Forwarded-Prefix, if any
    std::string root_path;        ///< --root-path, e.g. "/chat"
};

/// The user-facing absolute URL of `path` (a path under the root path, e.g.
/// "/auth/oauth/github/callback"):
/// - with CHAINLIT_URL: that URL without query, fragment and trailing slash, then the root path
///   (unless CHAINLIT_URL already ends with it), then `path`;
/// - otherwise scheme://host, host being X-Forwarded-Host when it is a valid host, else Host;
///   then X-Forwarded-Prefix (when it is a clean absolute path), the root path and `path`.
/// nullopt when no usable host is known (no CHAINLIT_URL and no valid Host header).
std::optional<std::string> user_facing_url(const public_url_parts& parts, std::string_view path);

/// True for a host[:port] a URL can carry: a DNS name, IPv4 or [IPv6], optional port.
bool valid_url_host(std::string_view host) noexcept;

/// A provider call that failed. `status` is what the callback route answers: 401 when the
/// provider refused (invalid_grant, a rejected token), 502 when it failed or answered
/// something we cannot use. `what()` is the `detail`, safe to show (no secrets).
class oauth_error : public std::runtime_error {
public:
    oauth_error(int status, const std::string& detail)
        : std::runtime_error(detail), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

/// Timeouts and size cap of the provider calls.
struct oauth_http_options {
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds total_timeout{15'000};
    std::size_t max_body = 1 << 20; ///< a larger answer is an error, not a memory sink
};

/// A provider's answer to the code exchange, parsed: the access token, or the OAuth error.
/// Accepts JSON and, for GitHub without an Accept header, form encoding. Never throws.
struct token_reply {
    std::string access_token;
    std::string error;             ///< e.g. "invalid_grant"; empty when a token came
    std::string error_description; ///< as the provider gave it (may be empty)
};
token_reply parse_token_reply(std::string_view body);

/// Chainlit's default user for `shape` from the provider's user info, or nullopt when the
/// identifier claim is missing or not a non-empty string.
std::optional<user> default_oauth_user(const oauth_provider& p, const json::object& raw);

/// The two provider calls. Blocking (libcurl); call them off the I/O threads. Throw oauth_error.
/// exchange_code posts the code with the client credentials in the form (client_secret_post,
/// as Chainlit does) and returns the access token.
std::string exchange_code(const oauth_provider& p, std::string_view code,
                          std::string_view redirect_uri, const oauth_http_options& o = {});
/// The user info object (GitHub: /user plus "emails" from /user/emails when it answers; Azure
/// AD: Graph /me plus "image", a data URL of the 48x48 photo, and "groups", the group names
/// from /me/memberOf, each when Graph gives it).
json::object fetch_user_info(const oauth_provider& p, std::string_view access_token,
                             const oauth_http_options& o = {});

/// Constant-time comparison of the state the provider sent back with the state cookie. False
/// when either is empty.
bool oauth_state_matches(std::string_view cookie_value, std::string_view returned) noexcept;

} // namespace chainlit::auth
