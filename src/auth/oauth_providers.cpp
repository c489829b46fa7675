// The OAuth providers Chainlit ships, configured from its OAUTH_* variables (spec D.5), and the
// pure parts of the flow: authorize URL, user-facing redirect URI, token reply, default user.
#include "chainlit/auth/oauth.hpp"

#include "oauth_text.hpp"

#include <algorithm>
#include <cctype>
#include <openssl/crypto.h>

namespace chainlit::auth {
namespace {

using params = std::vector<std::pair<std::string, std::string>>;

std::string env_prefix(std::string_view id) {
    std::string s(id);
    for (auto& c : s)
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string trim_trailing_slashes(std::string s) {
    while (!s.empty() && s.back() == '/')
        s.pop_back();
    return s;
}

// Provider ids become a URL path segment and a cookie-free log field: keep them plain.
bool safe_provider_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

/// Collects one provider's variables and remembers which required ones are missing.
class provider_env {
public:
    provider_env(const env_lookup& env, oauth_env_result& out) : env_(env), out_(out) {}

    std::string required(const std::string& name) {
        auto v = env_(name);
        if (!v || v->empty()) {
            missing_.push_back(name);
            return {};
        }
        any_set_ = true;
        return *v;
    }
    std::string optional(const std::string& name, std::string fallback = {}) {
        auto v = env_(name);
        return v && !v->empty() ? *v : std::move(fallback);
    }
    /// Adds `p` when complete; warns when only some variables are set.
    void finish(oauth_provider p) {
        if (missing_.empty()) {
            if (!safe_provider_id(p.id)) {
                out_.warnings.push_back("OAuth provider name '" + p.id +
                                        "' is not a plain URL segment (letters, digits, '-', "
                                        "'_', '.'): provider off");
                return;
            }
            std::string prompt =
                optional("OAUTH_" + env_prefix(p.id) + "_PROMPT", optional("OAUTH_PROMPT"));
            if (!prompt.empty())
                p.authorize_params.emplace_back("prompt", std::move(prompt));
            out_.providers.push_back(std::move(p));
        } else if (any_set_) {
            std::string list;
            for (const auto& m : missing_)
                list += (list.empty() ? "" : ", ") + m;
            out_.warnings.push_back("OAuth provider " + p.id + " is off: " + list +
                                    (missing_.size() == 1 ? " is" : " are") + " not set");
        }
    }

private:
    const env_lookup& env_;
    oauth_env_result& out_;
    std::vector<std::string> missing_;
    bool any_set_ = false;
};

oauth_provider base(std::string id, provider_env& e, const std::string& prefix) {
    oauth_provider p;
    p.id = std::move(id);
    p.client_id = e.required(prefix + "_CLIENT_ID");
    p.client_secret = e.required(prefix + "_CLIENT_SECRET");
    return p;
}

/// A provider whose endpoints are fixed: whole URLs, or paths on "https://" + its <env>_DOMAIN
/// variable (`on_domain`). The others compute theirs from their variables (add_* below).
struct fixed_provider {
    const char* id = "";
    const char* env = ""; ///< its variables' prefix
    bool on_domain = false;
    const char* authorize_url = "";
    const char* token_url = "";
    const char* userinfo_url = "";
    params authorize_params = {};
    oauth_user_shape shape = oauth_user_shape::claims;
    const char* identifier_claim = "email";
    const char* image_claim = "";
};

const fixed_provider github{.id = "github",
                            .env = "OAUTH_GITHUB",
                            .authorize_url = "https://github.com/login/oauth/authorize",
                            .token_url = "https://github.com/login/oauth/access_token",
                            .userinfo_url = "https://api.github.com/user",
                            .authorize_params = {{"scope", "user:email"}},
                            .shape = oauth_user_shape::github,
                            .identifier_claim = "login",
                            .image_claim = "avatar_url"};
const fixed_provider google{
    .id = "google",
    .env = "OAUTH_GOOGLE",
    .authorize_url = "https://accounts.google.com/o/oauth2/v2/auth",
    .token_url = "https://oauth2.googleapis.com/token",
    .userinfo_url = "https://www.googleapis.com/userinfo/v2/me",
    .authorize_params = {{"scope", "https://www.googleapis.com/auth/userinfo.profile "
                                   "https://www.googleapis.com/auth/userinfo.email"},
                         {"response_type", "code"},
                         {"access_type", "offline"}},
    .image_claim = "picture"};
const fixed_provider descope{
    .id = "descope",
    .env = "OAUTH_DESCOPE",
    .authorize_url = "https://api.descope.com/oauth2/v1/authorize",
    .token_url = "https://api.descope.com/oauth2/v1/token",
    .userinfo_url = "https://api.descope.com/oauth2/v1/userinfo",
    .authorize_params = {{"response_type", "code"},
                         {"scope", "openid profile email"},
                         {"audience", "https://api.descope.com/oauth2/v1/userinfo"}}};
const fixed_provider cognito{
    .id = "aws-cognito", // Chainlit's id, while its variables say COGNITO
    .env = "OAUTH_COGNITO",
    .on_domain = true,
    .authorize_url = "/login",
    .token_url = "/oauth2/token",
    .userinfo_url = "/oauth2/userInfo",
    .authorize_params = {{"response_type", "code"}, {"scope", "openid profile email"}},
    .image_claim = "picture"};
const fixed_provider gitlab{
    .id = "gitlab",
    .env = "OAUTH_GITLAB",
    .on_domain = true,
    .authorize_url = "/oauth/authorize",
    .token_url = "/oauth/token",
    .userinfo_url = "/oauth/userinfo",
    .authorize_params = {{"scope", "openid profile email"}, {"response_type", "code"}},
    .image_claim = "picture"};

void add_fixed(const fixed_provider& f, const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    auto p = base(f.id, e, f.env);
    const std::string root =
        f.on_domain ? "https://" + trim_trailing_slashes(e.required(f.env + std::string("_DOMAIN")))
                    : std::string();
    p.authorize_url = root + f.authorize_url;
    p.token_url = root + f.token_url;
    p.userinfo_url = root + f.userinfo_url;
    p.authorize_params = f.authorize_params;
    p.shape = f.shape;
    p.identifier_claim = f.identifier_claim;
    p.image_claim = f.image_claim;
    e.finish(std::move(p));
}

/// What Chainlit's two Azure AD providers share: the tenant, the login endpoints (multi-tenant
/// unless <prefix>_ENABLE_SINGLE_TENANT is set), Graph's /me and the azure_ad user shape.
/// Returns the tenant, which each puts in its authorize parameters.
std::string azure_endpoints(oauth_provider& p, provider_env& e, const std::string& prefix) {
    std::string tenant = e.required(prefix + "_TENANT_ID");
    // Chainlit signs in through the multi-tenant endpoint unless single tenant is asked for.
    const std::string authority =
        e.optional(prefix + "_ENABLE_SINGLE_TENANT").empty() ? "common" : tenant;
    const std::string root = "https://login.microsoftonline.com/" + authority + "/oauth2/v2.0";
    p.authorize_url = root + "/authorize";
    p.token_url = root + "/token";
    p.userinfo_url = "https://graph.microsoft.com/v1.0/me";
    p.shape = oauth_user_shape::azure_ad;
    p.identifier_claim = "userPrincipalName";
    p.image_claim = "image";
    return tenant;
}

void add_azure_ad(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    auto p = base("azure-ad", e, "OAUTH_AZURE_AD");
    const std::string tenant = azure_endpoints(p, e, "OAUTH_AZURE_AD");
    p.authorize_params = {{"tenant", tenant},
                          {"response_type", "code"},
                          {"scope", "https://graph.microsoft.com/User.Read offline_access"},
                          {"response_mode", "query"}};
    e.finish(std::move(p));
}

// Chainlit's hybrid flow: the code and an id_token come back in a form POST; the user is still
// read from Graph with the access token that the code buys (the id_token is handed to the app
// as raw_user_data["id_token"], unverified, as Chainlit hands it to its callback).
void add_azure_ad_hybrid(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    auto p = base("azure-ad-hybrid", e, "OAUTH_AZURE_AD_HYBRID");
    const std::string tenant = azure_endpoints(p, e, "OAUTH_AZURE_AD_HYBRID");
    p.authorize_params = {
        {"tenant", tenant},
        {"response_type", "code id_token"},
        {"scope", e.optional("OAUTH_AZURE_AD_HYBRID_SCOPES",
                             "https://graph.microsoft.com/User.Read "
                             "https://graph.microsoft.com/openid offline_access")},
        {"response_mode", "form_post"}};
    p.form_post = true;
    p.nonce = true;
    p.provider_label = "azure-ad";
    e.finish(std::move(p));
}

void add_okta(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    auto p = base("okta", e, "OAUTH_OKTA");
    const std::string domain = "https://" + trim_trailing_slashes(e.required("OAUTH_OKTA_DOMAIN"));
    // Okta's default authorization server unless another is named; "false" means the org one.
    const std::string server = e.optional("OAUTH_OKTA_AUTHORIZATION_SERVER_ID");
    const std::string path = server.empty() ? "/default" : server == "false" ? "" : "/" + server;
    const std::string root = domain + "/oauth2" + path + "/v1";
    p.authorize_url = root + "/authorize";
    p.token_url = root + "/token";
    p.userinfo_url = root + "/userinfo";
    p.authorize_params = {
        {"response_type", "code"}, {"scope", "openid profile email"}, {"response_mode", "query"}};
    e.finish(std::move(p));
}

void add_auth0(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    auto p = base("auth0", e, "OAUTH_AUTH0");
    const std::string domain = "https://" + trim_trailing_slashes(e.required("OAUTH_AUTH0_DOMAIN"));
    // A custom domain signs in, but the audience and userinfo stay on the original tenant.
    const std::string original_env = e.optional("OAUTH_AUTH0_ORIGINAL_DOMAIN");
    const std::string original =
        original_env.empty() ? domain : "https://" + trim_trailing_slashes(original_env);
    p.authorize_url = domain + "/authorize";
    p.token_url = domain + "/oauth/token";
    p.userinfo_url = original + "/userinfo";
    p.authorize_params = {{"response_type", "code"},
                          {"scope", "openid profile email"},
                          {"audience", original + "/userinfo"}};
    p.image_claim = "picture";
    e.finish(std::move(p));
}

void add_keycloak(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    std::string id = e.optional("OAUTH_KEYCLOAK_NAME", "keycloak");
    auto p = base(std::move(id), e, "OAUTH_KEYCLOAK");
    const std::string realm = e.required("OAUTH_KEYCLOAK_REALM");
    const std::string base_url = trim_trailing_slashes(e.required("OAUTH_KEYCLOAK_BASE_URL"));
    const std::string root = base_url + "/realms/" + realm + "/protocol/openid-connect";
    p.authorize_url = root + "/auth";
    p.token_url = root + "/token";
    p.userinfo_url = root + "/userinfo";
    p.authorize_params = {{"scope", "profile email openid"}, {"response_type", "code"}};
    p.image_always = false; // Chainlit's Keycloak user has only {provider}
    e.finish(std::move(p));
}

void add_generic(const env_lookup& env, oauth_env_result& out) {
    provider_env e(env, out);
    std::string id = e.optional("OAUTH_GENERIC_NAME", "generic");
    auto p = base(std::move(id), e, "OAUTH_GENERIC");
    p.authorize_url = e.required("OAUTH_GENERIC_AUTH_URL");
    p.token_url = e.required("OAUTH_GENERIC_TOKEN_URL");
    p.userinfo_url = e.required("OAUTH_GENERIC_USER_INFO_URL");
    p.authorize_params = {{"scope", e.required("OAUTH_GENERIC_SCOPES")}, {"response_type", "code"}};
    p.identifier_claim = e.optional("OAUTH_GENERIC_USER_IDENTIFIER", "email");
    p.image_always = false; // Chainlit's generic user has only {provider}
    e.finish(std::move(p));
}

// An absolute path without "..", "//", control characters or a query: safe to put in a URL.
bool clean_path_prefix(std::string_view p) {
    if (p.empty() || p.front() != '/' || p.find("//") != std::string_view::npos ||
        p.find("/..") != std::string_view::npos)
        return false;
    return std::all_of(p.begin(), p.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '\\' && c != '"';
    });
}

std::string first_value(std::string_view v) {
    v = v.substr(0, v.find(','));
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    return std::string(v);
}

} // namespace

oauth_env_result oauth_providers_from_env(const env_lookup& env) {
    oauth_env_result out;
    add_fixed(github, env, out);
    add_fixed(google, env, out);
    add_azure_ad(env, out);
    add_azure_ad_hybrid(env, out);
    add_okta(env, out);
    add_auth0(env, out);
    add_fixed(descope, env, out);
    add_fixed(cognito, env, out);
    add_fixed(gitlab, env, out);
    add_keycloak(env, out);
    add_generic(env, out);
    // Two providers with one id (a *_NAME clash) would make the URL ambiguous: first one wins.
    std::vector<oauth_provider> unique;
    for (auto& p : out.providers) {
        auto same = [&](const oauth_provider& q) { return q.id == p.id; };
        if (std::any_of(unique.begin(), unique.end(), same))
            out.warnings.push_back("two OAuth providers are named '" + p.id +
                                   "': only the first one is on");
        else
            unique.push_back(std::move(p));
    }
    out.providers = std::move(unique);
    return out;
}

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
    return detail::form_encode(fields);
}

std::string authorize_redirect(const oauth_provider& p, std::string_view redirect_uri,
                               std::string_view state, std::string_view nonce) {
    params q{{"client_id", p.client_id},
             {"redirect_uri", std::string(redirect_uri)},
             {"state", std::string(state)}};
    q.insert(q.end(), p.authorize_params.begin(), p.authorize_params.end());
    if (p.nonce && !nonce.empty())
        q.emplace_back("nonce", std::string(nonce));
    const char sep = p.authorize_url.find('?') == std::string::npos ? '?' : '&';
    return p.authorize_url + sep + detail::form_encode(q);
}

bool valid_url_host(std::string_view h) noexcept {
    if (h.empty() || h.size() > 255)
        return false;
    std::string_view port;
    if (h.front() == '[') {
        const auto close = h.find(']');
        if (close == std::string_view::npos || close == 1)
            return false;
        const auto inside = h.substr(1, close - 1);
        if (!std::all_of(inside.begin(), inside.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
            }))
            return false;
        const auto rest = h.substr(close + 1);
        if (!rest.empty() && rest.front() != ':')
            return false;
        port = rest.empty() ? rest : rest.substr(1);
        if (!rest.empty() && port.empty())
            return false;
    } else {
        const auto colon = h.find(':');
        const auto name = h.substr(0, colon);
        if (name.empty() || name.front() == '.' || name.front() == '-' ||
            !std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                       c == '_';
            }))
            return false;
        if (colon != std::string_view::npos) {
            port = h.substr(colon + 1);
            if (port.empty())
                return false;
        }
    }
    return port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c));
           });
}

std::optional<std::string> user_facing_url(const public_url_parts& parts, std::string_view path) {
    std::string root = trim_trailing_slashes(parts.root_path);
    if (!parts.chainlit_url.empty()) {
        std::string base = parts.chainlit_url.substr(0, parts.chainlit_url.find_first_of("?#"));
        base = trim_trailing_slashes(std::move(base));
        // CHAINLIT_URL may already name the root path ("https://x.org/chat"): do not double it.
        if (!root.empty() && base.ends_with(root))
            root.clear();
        return base + root + std::string(path);
    }
    const std::string forwarded = first_value(parts.forwarded_host);
    std::string host = valid_url_host(forwarded) ? forwarded : parts.host;
    if (!valid_url_host(host))
        return std::nullopt;
    std::string prefix = trim_trailing_slashes(first_value(parts.forwarded_prefix));
    if (!prefix.empty() && !clean_path_prefix(prefix))
        prefix.clear();
    const std::string scheme = parts.scheme == "https" ? "https" : "http";
    return scheme + "://" + host + prefix + root + std::string(path);
}

token_reply parse_token_reply(std::string_view body) {
    token_reply r;
    auto str = [](const json::object& o, std::string_view k) -> std::string {
        auto it = o.find(k);
        return it != o.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                        : std::string();
    };
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (!ec) {
        if (const auto* o = v.if_object()) {
            r.access_token = str(*o, "access_token");
            r.error = str(*o, "error");
            r.error_description = str(*o, "error_description");
        }
        return r;
    }
    // GitHub answers form encoding unless asked for JSON.
    for (auto& [k, val] : detail::form_decode(body)) {
        if (k == "access_token" && r.access_token.empty())
            r.access_token = val;
        else if (k == "error" && r.error.empty())
            r.error = val;
        else if (k == "error_description" && r.error_description.empty())
            r.error_description = val;
    }
    return r;
}

std::optional<user> default_oauth_user(const oauth_provider& p, const json::object& raw) {
    auto it = raw.find(p.identifier_claim);
    if (it == raw.end() || !it->value().is_string() || it->value().get_string().empty())
        return std::nullopt;
    user u;
    u.identifier = std::string(it->value().get_string());
    if (!p.image_claim.empty()) {
        auto img = raw.find(p.image_claim);
        if (img != raw.end())
            u.metadata["image"] = img->value();
        else if (p.image_always)
            u.metadata["image"] =
                p.shape == oauth_user_shape::azure_ad ? json::value(nullptr) : json::value("");
    } else if (p.image_always) {
        u.metadata["image"] = "";
    }
    u.metadata["provider"] = !p.provider_label.empty()               ? p.provider_label
                             : p.shape == oauth_user_shape::azure_ad ? "azure-ad"
                                                                     : p.id;
    if (p.shape == oauth_user_shape::azure_ad) {
        auto groups = raw.find("groups");
        u.metadata["groups"] = groups != raw.end() && groups->value().is_array()
                                   ? groups->value()
                                   : json::value(json::array{});
    }
    return u;
}

bool oauth_state_matches(std::string_view cookie_value, std::string_view returned) noexcept {
    if (cookie_value.empty() || cookie_value.size() != returned.size())
        return false;
    return CRYPTO_memcmp(cookie_value.data(), returned.data(), cookie_value.size()) == 0;
}

} // namespace chainlit::auth
