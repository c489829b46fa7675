// The two provider calls of the authorization-code flow, over libcurl (blocking: the app layer
// runs them on the blocking pool). Every failure becomes an oauth_error with a detail that
// names the provider and the step, never a secret.
#include "chainlit/auth/oauth.hpp"

#include "chainlit/core/log.hpp"
#include "oauth_text.hpp"

#include <curl/curl.h>
#include <memory>
#include <mutex>
#include <openssl/evp.h>

namespace chainlit::auth {
namespace {

struct reply {
    long status = 0;
    std::string body;
    std::string content_type;
    bool too_large = false;
    std::size_t limit = 0;
};

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<reply*>(user);
    const std::size_t len = size * n;
    if (r->body.size() + len > r->limit) {
        r->too_large = true;
        return 0; // aborts the transfer
    }
    r->body.append(data, len);
    return len;
}

void global_init() {
    // curl_global_init is not thread-safe; run it once before the first handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct curl_deleter {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct slist_deleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

/// One request. `form` set: POST it urlencoded; else GET.
reply perform(const std::string& provider, std::string_view step, const std::string& url,
              const std::vector<std::string>& headers, const std::string* form,
              const oauth_http_options& o) {
    global_init();
    std::unique_ptr<CURL, curl_deleter> h(curl_easy_init());
    if (!h)
        throw oauth_error(502, "OAuth provider " + provider + ": " + std::string(step) +
                                   " failed: cannot create an HTTP client");
    reply r;
    r.limit = o.max_body;
    std::unique_ptr<curl_slist, slist_deleter> list;
    for (const auto& hd : headers) {
        curl_slist* next = curl_slist_append(list.get(), hd.c_str());
        if (!next)
            throw oauth_error(502, "OAuth provider " + provider + ": out of memory");
        (void)list.release();
        list.reset(next);
    }
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    // Only http(s), no redirects (a token endpoint that redirects is misconfigured), no
    // signals (we run on pool threads), bounded in time and size.
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body));
    curl_easy_setopt(c, CURLOPT_USERAGENT, "chainlit-cpp"); // GitHub's API refuses none
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    if (form) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    // Either our write callback stopped it, or curl did from the Content-Length.
    if (r.too_large || rc == CURLE_FILESIZE_EXCEEDED)
        throw oauth_error(502, "OAuth provider " + provider + ": " + std::string(step) +
                                   " answer is larger than " + std::to_string(o.max_body) +
                                   " bytes");
    if (rc != CURLE_OK)
        throw oauth_error(502, "OAuth provider " + provider + ": " + std::string(step) +
                                   " failed: " + curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    const char* type = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
        r.content_type = type;
    return r;
}

std::string describe(const token_reply& t) {
    return t.error_description.empty() ? t.error : t.error + " (" + t.error_description + ")";
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

json::value parse_json(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    return ec ? json::value(nullptr) : v;
}

/// Chainlit's extras for Microsoft Graph: the photo as a data URL in "image" and the names of
/// the groups the user belongs to in "groups". Both are best effort: a user without a photo,
/// or an app without the permission to list groups, still signs in.
void add_graph_extras(const oauth_provider& p, const std::vector<std::string>& headers,
                      const oauth_http_options& o, json::object& user) {
    const std::string& graph = p.userinfo_url; // Graph's /me
    try {
        // A 48x48 photo is a few KiB; the cap keeps a data URL from bloating the cookie.
        oauth_http_options small = o;
        small.max_body = 64 * 1024;
        const reply photo = perform(p.id, "user photo", graph + "/photos/48x48/$value",
                                    {headers.back()}, nullptr, small);
        if (photo.status == 200 && photo.content_type.starts_with("image/"))
            user["image"] = "data:" + photo.content_type + ";base64," + base64(photo.body);
    } catch (const oauth_error& err) {
        log().debug("{} (no photo)", err.what());
    }
    try {
        const reply groups = perform(p.id, "user groups", graph + "/memberOf", headers, nullptr, o);
        json::value v = parse_json(groups.body);
        const json::value* list = v.is_object() ? v.as_object().if_contains("value") : nullptr;
        json::array names;
        if (groups.status == 200 && list && list->is_array()) {
            for (const auto& g : list->as_array()) {
                const json::value* name =
                    g.is_object() ? g.as_object().if_contains("displayName") : nullptr;
                if (name && name->is_string())
                    names.push_back(*name);
            }
        }
        user["groups"] = std::move(names);
    } catch (const oauth_error& err) {
        log().debug("{} (no groups)", err.what());
    }
}

} // namespace

std::string exchange_code(const oauth_provider& p, std::string_view code,
                          std::string_view redirect_uri, const oauth_http_options& o) {
    const std::string form = detail::form_encode({{"client_id", p.client_id},
                                                  {"client_secret", p.client_secret},
                                                  {"code", std::string(code)},
                                                  {"grant_type", "authorization_code"},
                                                  {"redirect_uri", std::string(redirect_uri)}});
    const std::vector<std::string> headers{"Accept: application/json",
                                           "Content-Type: application/x-www-form-urlencoded"};
    const reply r = perform(p.id, "token exchange", p.token_url, headers, &form, o);
    const token_reply t = parse_token_reply(r.body);
    if (!t.error.empty()) {
        // The provider refused the code (expired, reused, wrong redirect_uri, bad client).
        const int status = r.status >= 500 ? 502 : 401;
        throw oauth_error(status,
                          "OAuth provider " + p.id + " refused the token exchange: " + describe(t));
    }
    if (r.status < 200 || r.status >= 300)
        throw oauth_error(502, "OAuth provider " + p.id + ": token exchange answered HTTP " +
                                   std::to_string(r.status));
    if (t.access_token.empty())
        throw oauth_error(502, "OAuth provider " + p.id + ": token exchange gave no access_token");
    return t.access_token;
}

json::object fetch_user_info(const oauth_provider& p, std::string_view access_token,
                             const oauth_http_options& o) {
    const std::vector<std::string> headers{"Accept: application/json",
                                           "Authorization: Bearer " + std::string(access_token)};
    const reply r = perform(p.id, "user info", p.userinfo_url, headers, nullptr, o);
    if (r.status == 401 || r.status == 403)
        throw oauth_error(401, "OAuth provider " + p.id +
                                   " refused the access token for user "
                                   "info (HTTP " +
                                   std::to_string(r.status) + ")");
    if (r.status < 200 || r.status >= 300)
        throw oauth_error(502, "OAuth provider " + p.id + ": user info answered HTTP " +
                                   std::to_string(r.status));
    json::value v = parse_json(r.body);
    if (!v.is_object())
        throw oauth_error(502, "OAuth provider " + p.id + ": user info is not a JSON object");
    json::object user = std::move(v.as_object());
    if (p.shape == oauth_user_shape::github) {
        // GitHub's primary email is not in /user when it is private: Chainlit adds the list.
        std::string emails_url = p.userinfo_url + "/emails";
        try {
            const reply e = perform(p.id, "user emails", emails_url, headers, nullptr, o);
            json::value list = parse_json(e.body);
            if (e.status >= 200 && e.status < 300 && list.is_array())
                user["emails"] = std::move(list);
        } catch (const oauth_error& err) {
            log().warn("{} (the user's emails are left out)", err.what());
        }
    } else if (p.shape == oauth_user_shape::azure_ad) {
        add_graph_extras(p, headers, o, user);
    }
    return user;
}

} // namespace chainlit::auth
