// OAuth provider configuration from Chainlit's OAUTH_* variables, the authorize URL, the
// user-facing redirect URI, provider replies and the default user.
#include "chainlit/auth/oauth.hpp"

#include <gtest/gtest.h>
#include <map>

namespace auth = chainlit::auth;
namespace json = chainlit::json;

namespace {

auth::env_lookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& k) -> std::optional<std::string> {
        auto it = vars.find(k);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

const auth::oauth_provider* find(const auth::oauth_env_result& r, std::string_view id) {
    for (const auto& p : r.providers)
        if (p.id == id)
            return &p;
    return nullptr;
}

std::string param(const auth::oauth_provider& p, std::string_view key) {
    for (const auto& [k, v] : p.authorize_params)
        if (k == key)
            return v;
    return "<absent>";
}

} // namespace

TEST(OAuthEnv, NothingSetMeansNoProviderAndNoWarning) {
    auto r = auth::oauth_providers_from_env(env_of({}));
    EXPECT_TRUE(r.providers.empty());
    EXPECT_TRUE(r.warnings.empty());
}

TEST(OAuthEnv, GithubNeedsIdAndSecret) {
    auto r = auth::oauth_providers_from_env(
        env_of({{"OAUTH_GITHUB_CLIENT_ID", "id"}, {"OAUTH_GITHUB_CLIENT_SECRET", "s"}}));
    ASSERT_EQ(r.providers.size(), 1u);
    const auto& p = r.providers[0];
    EXPECT_EQ(p.id, "github");
    EXPECT_EQ(p.client_id, "id");
    EXPECT_EQ(p.client_secret, "s");
    EXPECT_EQ(p.authorize_url, "https://github.com/login/oauth/authorize");
    EXPECT_EQ(p.token_url, "https://github.com/login/oauth/access_token");
    EXPECT_EQ(p.userinfo_url, "https://api.github.com/user");
    EXPECT_EQ(param(p, "scope"), "user:email");
    EXPECT_TRUE(r.warnings.empty());
}

TEST(OAuthEnv, PartlyConfiguredProviderIsOffWithAWarningNamingWhatIsMissing) {
    auto r = auth::oauth_providers_from_env(
        env_of({{"OAUTH_GITLAB_CLIENT_ID", "id"}, {"OAUTH_GITLAB_CLIENT_SECRET", ""}}));
    EXPECT_TRUE(r.providers.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("gitlab"), std::string::npos);
    EXPECT_NE(r.warnings[0].find("OAUTH_GITLAB_CLIENT_SECRET"), std::string::npos);
    EXPECT_NE(r.warnings[0].find("OAUTH_GITLAB_DOMAIN"), std::string::npos);
    EXPECT_EQ(r.warnings[0].find("OAUTH_GITLAB_CLIENT_ID"), std::string::npos);
}

TEST(OAuthEnv, DomainProvidersBuildHttpsUrlsWithoutTrailingSlash) {
    auto r = auth::oauth_providers_from_env(env_of({
        {"OAUTH_GITLAB_CLIENT_ID", "g"},
        {"OAUTH_GITLAB_CLIENT_SECRET", "gs"},
        {"OAUTH_GITLAB_DOMAIN", "gitlab.example.test/"},
        {"OAUTH_OKTA_CLIENT_ID", "o"},
        {"OAUTH_OKTA_CLIENT_SECRET", "os"},
        {"OAUTH_OKTA_DOMAIN", "corp.okta.test"},
        {"OAUTH_AUTH0_CLIENT_ID", "a"},
        {"OAUTH_AUTH0_CLIENT_SECRET", "as"},
        {"OAUTH_AUTH0_DOMAIN", "login.corp.test"},
        {"OAUTH_AUTH0_ORIGINAL_DOMAIN", "corp.auth0.test"},
    }));
    ASSERT_EQ(r.providers.size(), 3u);
    const auto* gitlab = find(r, "gitlab");
    ASSERT_TRUE(gitlab);
    EXPECT_EQ(gitlab->authorize_url, "https://gitlab.example.test/oauth/authorize");
    EXPECT_EQ(gitlab->token_url, "https://gitlab.example.test/oauth/token");
    EXPECT_EQ(gitlab->userinfo_url, "https://gitlab.example.test/oauth/userinfo");
    const auto* okta = find(r, "okta");
    ASSERT_TRUE(okta);
    EXPECT_EQ(okta->authorize_url, "https://corp.okta.test/oauth2/default/v1/authorize");
    EXPECT_EQ(okta->userinfo_url, "https://corp.okta.test/oauth2/default/v1/userinfo");
    const auto* auth0 = find(r, "auth0");
    ASSERT_TRUE(auth0);
    EXPECT_EQ(auth0->authorize_url, "https://login.corp.test/authorize");
    EXPECT_EQ(auth0->token_url, "https://login.corp.test/oauth/token");
    EXPECT_EQ(auth0->userinfo_url, "https://corp.auth0.test/userinfo");
    EXPECT_EQ(param(*auth0, "audience"), "https://corp.auth0.test/userinfo");
}

TEST(OAuthEnv, OktaAuthorizationServerChoice) {
    std::map<std::string, std::string> vars{{"OAUTH_OKTA_CLIENT_ID", "o"},
                                            {"OAUTH_OKTA_CLIENT_SECRET", "s"},
                                            {"OAUTH_OKTA_DOMAIN", "corp.okta.test"},
                                            {"OAUTH_OKTA_AUTHORIZATION_SERVER_ID", "false"}};
    auto org = auth::oauth_providers_from_env(env_of(vars));
    ASSERT_EQ(org.providers.size(), 1u);
    EXPECT_EQ(org.providers[0].token_url, "https://corp.okta.test/oauth2/v1/token");
    vars["OAUTH_OKTA_AUTHORIZATION_SERVER_ID"] = "aus1";
    auto custom = auth::oauth_providers_from_env(env_of(vars));
    EXPECT_EQ(custom.providers[0].token_url, "https://corp.okta.test/oauth2/aus1/v1/token");
}

TEST(OAuthEnv, AzureAdUsesCommonUnlessSingleTenant) {
    std::map<std::string, std::string> vars{{"OAUTH_AZURE_AD_CLIENT_ID", "a"},
                                            {"OAUTH_AZURE_AD_CLIENT_SECRET", "s"},
                                            {"OAUTH_AZURE_AD_TENANT_ID", "t1"}};
    auto multi = auth::oauth_providers_from_env(env_of(vars));
    ASSERT_EQ(multi.providers.size(), 1u);
    EXPECT_EQ(multi.providers[0].id, "azure-ad");
    EXPECT_EQ(multi.providers[0].authorize_url,
              "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
    EXPECT_EQ(param(multi.providers[0], "tenant"), "t1");
    vars["OAUTH_AZURE_AD_ENABLE_SINGLE_TENANT"] = "true";
    auto single = auth::oauth_providers_from_env(env_of(vars));
    EXPECT_EQ(single.providers[0].token_url,
              "https://login.microsoftonline.com/t1/oauth2/v2.0/token");
}

TEST(OAuthEnv, KeycloakAndGenericTakeTheirNamesAndUrls) {
    auto r = auth::oauth_providers_from_env(env_of({
        {"OAUTH_KEYCLOAK_CLIENT_ID", "k"},
        {"OAUTH_KEYCLOAK_CLIENT_SECRET", "ks"},
        {"OAUTH_KEYCLOAK_REALM", "staff"},
        {"OAUTH_KEYCLOAK_BASE_URL", "https://sso.corp.test/"},
        {"OAUTH_KEYCLOAK_NAME", "corp-sso"},
        {"OAUTH_GENERIC_CLIENT_ID", "g"},
        {"OAUTH_GENERIC_CLIENT_SECRET", "gs"},
        {"OAUTH_GENERIC_AUTH_URL", "https://idp.test/authorize"},
        {"OAUTH_GENERIC_TOKEN_URL", "https://idp.test/token"},
        {"OAUTH_GENERIC_USER_INFO_URL", "https://idp.test/userinfo"},
        {"OAUTH_GENERIC_SCOPES", "openid email"},
        {"OAUTH_GENERIC_USER_IDENTIFIER", "preferred_username"},
    }));
    ASSERT_EQ(r.providers.size(), 2u);
    const auto* kc = find(r, "corp-sso");
    ASSERT_TRUE(kc);
    EXPECT_EQ(kc->authorize_url, "https://sso.corp.test/realms/staff/protocol/openid-connect/auth");
    EXPECT_EQ(kc->token_url, "https://sso.corp.test/realms/staff/protocol/openid-connect/token");
    const auto* generic = find(r, "generic");
    ASSERT_TRUE(generic);
    EXPECT_EQ(generic->token_url, "https://idp.test/token");
    EXPECT_EQ(param(*generic, "scope"), "openid email");
    EXPECT_EQ(generic->identifier_claim, "preferred_username");
}

TEST(OAuthEnv, GenericNeedsEveryVariable) {
    auto r = auth::oauth_providers_from_env(env_of({
        {"OAUTH_GENERIC_CLIENT_ID", "g"},
        {"OAUTH_GENERIC_CLIENT_SECRET", "gs"},
        {"OAUTH_GENERIC_AUTH_URL", "https://idp.test/authorize"},
        {"OAUTH_GENERIC_TOKEN_URL", "https://idp.test/token"},
        {"OAUTH_GENERIC_USER_INFO_URL", "https://idp.test/userinfo"},
    }));
    EXPECT_TRUE(r.providers.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("OAUTH_GENERIC_SCOPES"), std::string::npos);
}

TEST(OAuthEnv, UnsafeNameIsRefused) {
    auto r = auth::oauth_providers_from_env(env_of({
        {"OAUTH_KEYCLOAK_CLIENT_ID", "k"},
        {"OAUTH_KEYCLOAK_CLIENT_SECRET", "ks"},
        {"OAUTH_KEYCLOAK_REALM", "r"},
        {"OAUTH_KEYCLOAK_BASE_URL", "https://sso.test"},
        {"OAUTH_KEYCLOAK_NAME", "../evil?x"},
    }));
    EXPECT_TRUE(r.providers.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("not a plain URL segment"), std::string::npos);
}

TEST(OAuthEnv, AzureAdHybridAsksForCodeAndIdTokenByFormPost) {
    std::map<std::string, std::string> vars{{"OAUTH_AZURE_AD_HYBRID_CLIENT_ID", "h"},
                                            {"OAUTH_AZURE_AD_HYBRID_CLIENT_SECRET", "s"},
                                            {"OAUTH_AZURE_AD_HYBRID_TENANT_ID", "t2"},
                                            {"OAUTH_AZURE_AD_HYBRID_PROMPT", "consent"}};
    auto multi = auth::oauth_providers_from_env(env_of(vars));
    ASSERT_EQ(multi.providers.size(), 1u);
    const auto& p = multi.providers[0];
    EXPECT_EQ(p.id, "azure-ad-hybrid");
    EXPECT_EQ(p.authorize_url, "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
    EXPECT_EQ(p.token_url, "https://login.microsoftonline.com/common/oauth2/v2.0/token");
    EXPECT_EQ(p.userinfo_url, "https://graph.microsoft.com/v1.0/me");
    EXPECT_EQ(param(p, "tenant"), "t2");
    EXPECT_EQ(param(p, "response_type"), "code id_token");
    EXPECT_EQ(param(p, "response_mode"), "form_post");
    EXPECT_EQ(param(p, "scope"), "https://graph.microsoft.com/User.Read "
                                 "https://graph.microsoft.com/openid offline_access");
    EXPECT_EQ(param(p, "prompt"), "consent");
    EXPECT_TRUE(p.form_post);
    EXPECT_TRUE(p.nonce);

    vars["OAUTH_AZURE_AD_HYBRID_ENABLE_SINGLE_TENANT"] = "1";
    vars["OAUTH_AZURE_AD_HYBRID_SCOPES"] = "openid User.Read";
    auto single = auth::oauth_providers_from_env(env_of(vars));
    ASSERT_EQ(single.providers.size(), 1u);
    EXPECT_EQ(single.providers[0].authorize_url,
              "https://login.microsoftonline.com/t2/oauth2/v2.0/authorize");
    EXPECT_EQ(param(single.providers[0], "scope"), "openid User.Read");

    vars.erase("OAUTH_AZURE_AD_HYBRID_TENANT_ID");
    auto partial = auth::oauth_providers_from_env(env_of(vars));
    EXPECT_TRUE(partial.providers.empty());
    ASSERT_EQ(partial.warnings.size(), 1u);
    EXPECT_NE(partial.warnings[0].find("OAUTH_AZURE_AD_HYBRID_TENANT_ID"), std::string::npos);
}

TEST(OAuthAuthorize, HybridRedirectCarriesTheNonceOthersDoNot) {
    auto r = auth::oauth_providers_from_env(env_of({{"OAUTH_AZURE_AD_HYBRID_CLIENT_ID", "h"},
                                                    {"OAUTH_AZURE_AD_HYBRID_CLIENT_SECRET", "s"},
                                                    {"OAUTH_AZURE_AD_HYBRID_TENANT_ID", "t"}}));
    ASSERT_EQ(r.providers.size(), 1u);
    const auto url = auth::authorize_redirect(r.providers[0], "https://app.test/cb", "st", "n0");
    EXPECT_NE(url.find("&nonce=n0"), std::string::npos) << url;
    EXPECT_NE(url.find("response_type=code%20id_token"), std::string::npos) << url;
    EXPECT_NE(url.find("response_mode=form_post"), std::string::npos) << url;
    auth::oauth_provider plain;
    plain.authorize_url = "https://idp.test/authorize";
    EXPECT_EQ(auth::authorize_redirect(plain, "https://app.test/cb", "st", "n0").find("nonce"),
              std::string::npos);
}

TEST(OAuthUser, HybridUsersAreAzureAdUsersWithTheirGroups) {
    auto r = auth::oauth_providers_from_env(env_of({{"OAUTH_AZURE_AD_HYBRID_CLIENT_ID", "h"},
                                                    {"OAUTH_AZURE_AD_HYBRID_CLIENT_SECRET", "s"},
                                                    {"OAUTH_AZURE_AD_HYBRID_TENANT_ID", "t"}}));
    ASSERT_EQ(r.providers.size(), 1u);
    json::object raw{{"userPrincipalName", "ana@corp.test"}, {"groups", json::array{"staff"}}};
    auto u = auth::default_oauth_user(r.providers[0], raw);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "ana@corp.test");
    EXPECT_EQ(u->metadata.at("provider"), "azure-ad");
    EXPECT_EQ(u->metadata.at("groups"), (json::array{"staff"}));
    EXPECT_FALSE(auth::default_oauth_user(r.providers[0], json::object{{"mail", "x@y.test"}}));
}

TEST(OAuthEnv, PromptPerProviderWinsOverGlobal) {
    auto r = auth::oauth_providers_from_env(env_of({
        {"OAUTH_GOOGLE_CLIENT_ID", "g"},
        {"OAUTH_GOOGLE_CLIENT_SECRET", "s"},
        {"OAUTH_AZURE_AD_CLIENT_ID", "a"},
        {"OAUTH_AZURE_AD_CLIENT_SECRET", "s"},
        {"OAUTH_AZURE_AD_TENANT_ID", "t"},
        {"OAUTH_PROMPT", "login"},
        {"OAUTH_AZURE_AD_PROMPT", "select_account"},
    }));
    ASSERT_EQ(r.providers.size(), 2u);
    EXPECT_EQ(param(*find(r, "google"), "prompt"), "login");
    EXPECT_EQ(param(*find(r, "azure-ad"), "prompt"), "select_account");
}

TEST(OAuthAuthorize, CarriesClientRedirectStateAndProviderParamsEncoded) {
    auth::oauth_provider p;
    p.authorize_url = "https://idp.test/authorize";
    p.client_id = "my client";
    p.authorize_params = {{"scope", "openid email"}, {"response_type", "code"}};
    const auto url = auth::authorize_redirect(p, "https://app.test/auth/oauth/x/callback", "S1");
    EXPECT_EQ(url, "https://idp.test/authorize?client_id=my%20client&redirect_uri=https%3A%2F%2F"
                   "app.test%2Fauth%2Foauth%2Fx%2Fcallback&state=S1&scope=openid%20email&"
                   "response_type=code");
    p.authorize_url = "https://idp.test/authorize?tenant=a";
    EXPECT_TRUE(auth::authorize_redirect(p, "r", "s")
                    .starts_with("https://idp.test/authorize?tenant=a&client_id="));
}

TEST(OAuthRedirectUri, PlainRequest) {
    auth::public_url_parts parts;
    parts.host = "127.0.0.1:8000";
    EXPECT_EQ(auth::user_facing_url(parts, "/auth/oauth/github/callback"),
              "http://127.0.0.1:8000/auth/oauth/github/callback");
}

TEST(OAuthRedirectUri, RootPath) {
    auth::public_url_parts parts;
    parts.host = "localhost:8000";
    parts.root_path = "/chat/";
    EXPECT_EQ(auth::user_facing_url(parts, "/login"), "http://localhost:8000/chat/login");
}

TEST(OAuthRedirectUri, ForwardedHeaders) {
    auth::public_url_parts parts;
    parts.scheme = "https";
    parts.host = "10.0.0.5:8000";
    parts.forwarded_host = "chat.example.test, proxy.internal";
    parts.forwarded_prefix = "/team/";
    parts.root_path = "/chat";
    EXPECT_EQ(auth::user_facing_url(parts, "/auth/oauth/google/callback"),
              "https://chat.example.test/team/chat/auth/oauth/google/callback");
}

TEST(OAuthRedirectUri, BadForwardedValuesAreIgnored) {
    auth::public_url_parts parts;
    parts.host = "app.test";
    parts.forwarded_host = "evil.test/path@x";
    parts.forwarded_prefix = "//evil.test";
    EXPECT_EQ(auth::user_facing_url(parts, "/x"), "http://app.test/x");
    parts.forwarded_prefix = "/a/../b";
    EXPECT_EQ(auth::user_facing_url(parts, "/x"), "http://app.test/x");
}

TEST(OAuthRedirectUri, ChainlitUrlWins) {
    auth::public_url_parts parts;
    parts.chainlit_url = "https://chat.example.test/?q=1";
    parts.host = "10.0.0.5";
    parts.forwarded_host = "other.test";
    EXPECT_EQ(auth::user_facing_url(parts, "/auth/oauth/gitlab/callback"),
              "https://chat.example.test/auth/oauth/gitlab/callback");
    parts.root_path = "/chat";
    EXPECT_EQ(auth::user_facing_url(parts, "/login"), "https://chat.example.test/chat/login");
    parts.chainlit_url = "https://chat.example.test/chat";
    EXPECT_EQ(auth::user_facing_url(parts, "/login"), "https://chat.example.test/chat/login");
}

TEST(OAuthRedirectUri, NoUsableHost) {
    auth::public_url_parts parts;
    EXPECT_FALSE(auth::user_facing_url(parts, "/x"));
    parts.host = "bad host";
    EXPECT_FALSE(auth::user_facing_url(parts, "/x"));
}

TEST(OAuthRedirectUri, HostValidation) {
    EXPECT_TRUE(auth::valid_url_host("example.test"));
    EXPECT_TRUE(auth::valid_url_host("127.0.0.1:8000"));
    EXPECT_TRUE(auth::valid_url_host("[::1]:8000"));
    EXPECT_FALSE(auth::valid_url_host(""));
    EXPECT_FALSE(auth::valid_url_host("a/b"));
    EXPECT_FALSE(auth::valid_url_host("user@host"));
    EXPECT_FALSE(auth::valid_url_host("host:"));
    EXPECT_FALSE(auth::valid_url_host("host:123456"));
    EXPECT_FALSE(auth::valid_url_host("[::1"));
    EXPECT_FALSE(auth::valid_url_host("-host"));
}

TEST(OAuthTokenReply, JsonFormAndGarbage) {
    auto ok = auth::parse_token_reply(R"({"access_token":"t1","token_type":"bearer"})");
    EXPECT_EQ(ok.access_token, "t1");
    EXPECT_TRUE(ok.error.empty());
    auto err =
        auth::parse_token_reply(R"({"error":"invalid_grant","error_description":"code expired"})");
    EXPECT_EQ(err.error, "invalid_grant");
    EXPECT_EQ(err.error_description, "code expired");
    auto form = auth::parse_token_reply("access_token=gho_x%2By&scope=user%3Aemail");
    EXPECT_EQ(form.access_token, "gho_x+y");
    auto bad = auth::parse_token_reply("\x01\x02<html>");
    EXPECT_TRUE(bad.access_token.empty());
    auto wrong_type = auth::parse_token_reply(R"({"access_token": 5})");
    EXPECT_TRUE(wrong_type.access_token.empty());
}

TEST(OAuthDefaultUser, GithubShape) {
    auto r = auth::oauth_providers_from_env(
        env_of({{"OAUTH_GITHUB_CLIENT_ID", "id"}, {"OAUTH_GITHUB_CLIENT_SECRET", "s"}}));
    json::object raw{{"login", "octo"}, {"avatar_url", "https://img.test/o.png"}};
    auto u = auth::default_oauth_user(r.providers.at(0), raw);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "octo");
    EXPECT_EQ(u->metadata.at("image"), "https://img.test/o.png");
    EXPECT_EQ(u->metadata.at("provider"), "github");
}

TEST(OAuthDefaultUser, GenericUsesItsIdentifierClaimAndNeedsIt) {
    auth::oauth_provider p;
    p.id = "corp";
    p.identifier_claim = "preferred_username";
    p.image_always = false;
    auto u = auth::default_oauth_user(p, json::object{{"preferred_username", "bob"}});
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "bob");
    EXPECT_EQ(u->metadata, (json::object{{"provider", "corp"}}));
    EXPECT_FALSE(auth::default_oauth_user(p, json::object{{"email", "bob@x.test"}}));
    EXPECT_FALSE(auth::default_oauth_user(p, json::object{{"preferred_username", 7}}));
    EXPECT_FALSE(auth::default_oauth_user(p, json::object{{"preferred_username", ""}}));
}

TEST(OAuthState, ConstantTimeCompare) {
    EXPECT_TRUE(auth::oauth_state_matches("abc", "abc"));
    EXPECT_FALSE(auth::oauth_state_matches("abc", "abd"));
    EXPECT_FALSE(auth::oauth_state_matches("abc", "abcd"));
    EXPECT_FALSE(auth::oauth_state_matches("", ""));
}

TEST(OAuthDefaultUser, AzureAdShapeCarriesGroups) {
    auto r = auth::oauth_providers_from_env(env_of({{"OAUTH_AZURE_AD_CLIENT_ID", "a"},
                                                    {"OAUTH_AZURE_AD_CLIENT_SECRET", "s"},
                                                    {"OAUTH_AZURE_AD_TENANT_ID", "t"}}));
    const auto& p = r.providers.at(0);
    auto u = auth::default_oauth_user(
        p, json::object{{"userPrincipalName", "ann@corp.test"}, {"groups", json::array{"staff"}}});
    ASSERT_TRUE(u);
    EXPECT_EQ(u->identifier, "ann@corp.test");
    EXPECT_EQ(u->metadata.at("provider"), "azure-ad");
    EXPECT_EQ(u->metadata.at("groups"), (json::array{"staff"}));
    EXPECT_TRUE(u->metadata.at("image").is_null()); // no photo
    auto bare = auth::default_oauth_user(p, json::object{{"userPrincipalName", "bob@corp.test"}});
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->metadata.at("groups"), json::array{});
}
