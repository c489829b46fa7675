#include "chainlit/http/request.hpp"

#include "chainlit/http/cookie.hpp"

#include <algorithm>
#include <cctype>
#include <strings.h>

namespace chainlit::http {

request::request(http::method m, std::string target, header_list headers, std::string body)
    : method_(m), target_(std::move(target)), headers_(std::move(headers)), body_(std::move(body)) {
    const auto q = target_.find('?');
    if (q != std::string::npos)
        query_ = std::string_view(target_).substr(q + 1);
    // The router-visible path defaults to the decoded target path; the server overrides it
    // when a root path is configured.
    auto decoded = percent_decode(std::string_view(target_).substr(0, q), false);
    path_ = decoded ? std::move(*decoded) : target_.substr(0, q);
}

std::string_view request::path_param(std::string_view name) const noexcept {
    for (const auto& [k, v] : params_)
        if (k == name)
            return v;
    return {};
}

const std::vector<std::pair<std::string, std::string>>& request::query_params() const {
    if (!query_cache_) {
        auto parsed = parse_urlencoded(query_);
        // A malformed query is treated as empty rather than failing the whole request; handlers
        // that need a parameter will answer 4xx for its absence.
        query_cache_ =
            parsed ? std::move(parsed->fields) : std::vector<std::pair<std::string, std::string>>{};
    }
    return *query_cache_;
}

std::optional<std::string> request::query_param(std::string_view name) const {
    for (const auto& [k, v] : query_params())
        if (k == name)
            return v;
    return std::nullopt;
}

std::optional<std::string_view> request::header(std::string_view name) const noexcept {
    for (const auto& [k, v] : headers_)
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0)
            return std::string_view(v);
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> request::cookies() const {
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& [k, v] : headers_) {
        if (k == "cookie") {
            auto part = parse_cookie_header(v);
            all.insert(all.end(), std::make_move_iterator(part.begin()),
                       std::make_move_iterator(part.end()));
        }
    }
    return all;
}

std::optional<std::string> request::cookie(std::string_view name) const {
    for (auto& [k, v] : cookies())
        if (k == name)
            return std::move(v);
    return std::nullopt;
}

result<json::value> request::json() const {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 64; // bounded recursion for hostile bodies
    auto v = json::parse(body_, ec, {}, opts);
    if (ec)
        return make_error_code(errc::parse_error);
    return v;
}

result<http::form> request::form() const {
    const auto ct = header("content-type").value_or("");
    std::string lowered(ct.substr(0, ct.find(';')));
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lowered == "application/x-www-form-urlencoded")
        return parse_urlencoded(body_);
    if (lowered == "multipart/form-data")
        return parse_multipart(body_, ct);
    return make_error_code(errc::invalid_argument);
}

std::string request::scheme() const {
    if (auto p = header("x-forwarded-proto")) {
        std::string_view v = p->substr(0, p->find(','));
        while (!v.empty() && v.back() == ' ')
            v.remove_suffix(1);
        if (v == "https" || v == "http")
            return std::string(v);
    }
    return "http";
}

} // namespace chainlit::http
