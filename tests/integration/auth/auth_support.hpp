#pragma once
// Helpers for the auth integration tests: an app on port 0 with a scratch app root, env
// variables set for one test, cookies from responses, and hand-made JWTs.
#include "chainlit/app/app.hpp"
#include "chainlit/auth/base64url.hpp"

#include "support/http_client.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

// Not chainlit::test: that namespace's `response` (Beast's) would clash with chainlit::response
// in test files that use both.
namespace chainlit::auth_test {

namespace fs = std::filesystem;
namespace bhttp = test::bhttp;
using test::http_client;
using test::raw_exchange;
using http_response = test::response;

inline constexpr const char* test_secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";

/// Sets environment variables for a scope and restores them after (tests of one binary may run
/// in one process).
class env_guard {
public:
    env_guard& set(const std::string& name, const std::string& value) {
        remember(name);
        ::setenv(name.c_str(), value.c_str(), 1);
        return *this;
    }
    env_guard& unset(const std::string& name) {
        remember(name);
        ::unsetenv(name.c_str());
        return *this;
    }
    ~env_guard() {
        for (auto& [k, v] : saved_) {
            if (v)
                ::setenv(k.c_str(), v->c_str(), 1);
            else
                ::unsetenv(k.c_str());
        }
    }

private:
    void remember(const std::string& name) {
        if (saved_.count(name))
            return;
        const char* v = std::getenv(name.c_str());
        saved_[name] = v ? std::optional<std::string>(v) : std::nullopt;
    }
    std::map<std::string, std::optional<std::string>> saved_;
};

/// A scratch app root, removed at the end.
struct temp_root {
    fs::path path;
    explicit temp_root(const std::string& tag) {
        path =
            fs::temp_directory_path() / ("cl_auth_" + tag + "_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_root() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

inline run_options test_options(const fs::path& root) {
    run_options o;
    o.port = 0;
    o.threads = 2;
    o.app_root = root;
    o.access_log = false;
    return o;
}

/// A started app, stopped at the end of the scope.
class running_app {
public:
    running_app(app& a, const fs::path& root) : a_(a) { a_.start(test_options(root)); }
    running_app(app& a, const run_options& o) : a_(a) { a_.start(o); }
    ~running_app() {
        a_.stop();
        a_.wait();
    }
    unsigned short port() const { return a_.port(); }

private:
    app& a_;
};

/// Sends raw bytes on a fresh connection and reads until the server closes, tolerating a server
/// that stops reading and closes first (a 431 for an oversized header): write errors are not
/// fatal, and the answer may then be lost to a reset. Returns what was read.
inline std::string raw_exchange_lenient(unsigned short port, std::string_view bytes) {
    test::asio::io_context ioc;
    test::asio::ip::tcp::socket s(ioc);
    s.connect({test::asio::ip::make_address("127.0.0.1"), port});
    test::set_receive_timeout(s, std::chrono::seconds(10));
    boost::system::error_code ec;
    test::asio::write(s, test::asio::buffer(bytes.data(), bytes.size()), ec);
    std::string out;
    char buf[4096];
    for (;;) {
        std::size_t n = s.read_some(test::asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec)
            break;
    }
    return out;
}

inline std::vector<std::string> set_cookies(const http_response& r) {
    std::vector<std::string> out;
    for (auto it = r.find(bhttp::field::set_cookie);
         it != r.end() && it->name() == bhttp::field::set_cookie; ++it)
        out.emplace_back(it->value());
    return out;
}

/// The Set-Cookie header for cookie `name`, or empty.
inline std::string set_cookie_for(const http_response& r, const std::string& name) {
    for (auto& c : set_cookies(r))
        if (c.rfind(name + "=", 0) == 0)
            return c;
    return {};
}

/// The value a Set-Cookie sets.
inline std::string cookie_value(const std::string& set_cookie) {
    auto eq = set_cookie.find('=');
    auto semi = set_cookie.find(';');
    return set_cookie.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
}

/// `name=value; ...` for every non-deleting Set-Cookie of `r`, as a browser would send back.
inline std::string cookie_header_from(const http_response& r) {
    std::string out;
    for (auto& c : set_cookies(r)) {
        if (c.find("Max-Age=0") != std::string::npos)
            continue;
        if (!out.empty())
            out += "; ";
        out += c.substr(0, c.find(';'));
    }
    return out;
}

inline std::string hmac_b64(const EVP_MD* md, const std::string& key, const std::string& data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    return auth::base64url_encode(std::string(reinterpret_cast<char*>(mac), len));
}

/// A JWT made by hand: any header, any claims, signed with `md` (nullptr: empty signature).
inline std::string make_jwt(const std::string& header_json, const std::string& claims_json,
                            const std::string& key, const EVP_MD* md = EVP_sha256()) {
    std::string signing =
        auth::base64url_encode(header_json) + "." + auth::base64url_encode(claims_json);
    return signing + "." + (md ? hmac_b64(md, key, signing) : std::string());
}

inline long long now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline std::string urlencoded_login(const std::string& user, const std::string& pass) {
    return "grant_type=password&username=" + user + "&password=" + pass;
}

inline std::vector<std::pair<std::string, std::string>> form_headers() {
    return {{"Content-Type", "application/x-www-form-urlencoded"}};
}

} // namespace chainlit::auth_test
