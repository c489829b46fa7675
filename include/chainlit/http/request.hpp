#pragma once
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/http/form.hpp"
#include "chainlit/http/method.hpp"

#include <any>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <utility>
#include <vector>

namespace chainlit::http {

/// An HTTP request as handlers see it: plain std types, no Beast. The server fills it; a
/// handler receives it by reference, valid until the handler's task completes.
class request {
public:
    using header_list = std::vector<std::pair<std::string, std::string>>;

    request() = default;
    request(http::method m, std::string target, header_list headers, std::string body);

    http::method method() const noexcept { return method_; }
    /// The raw request target, e.g. "/hello?x=1" (root path included).
    const std::string& target() const noexcept { return target_; }
    /// The decoded path the router matched, with the root path removed.
    const std::string& path() const noexcept { return path_; }
    /// The raw query string after '?', or empty.
    std::string_view query_string() const noexcept { return query_; }

    /// A `{name}` parameter of the matched route; empty if the route has none by that name.
    std::string_view path_param(std::string_view name) const noexcept;
    /// The first query parameter `name`, decoded; nullopt if absent.
    std::optional<std::string> query_param(std::string_view name) const;
    /// Every decoded query parameter, in order.
    const std::vector<std::pair<std::string, std::string>>& query_params() const;

    /// A header by case-insensitive name (first occurrence); nullopt if absent.
    std::optional<std::string_view> header(std::string_view name) const noexcept;
    /// All headers, names lower-cased, in arrival order.
    const header_list& headers() const noexcept { return headers_; }
    /// A cookie by exact name (first occurrence); nullopt if absent.
    std::optional<std::string> cookie(std::string_view name) const;
    /// Every cookie pair in order, duplicates kept.
    std::vector<std::pair<std::string, std::string>> cookies() const;

    const std::string& body() const noexcept { return body_; }
    /// The body parsed as JSON. Errors: errc::parse_error if it is not valid JSON.
    result<json::value> json() const;
    /// The body as a urlencoded or multipart form, by Content-Type. Errors: errc::parse_error,
    /// errc::too_large, errc::invalid_argument for another content type.
    result<http::form> form() const;

    /// The peer's address ("127.0.0.1", "::1").
    const std::string& client_address() const noexcept { return client_address_; }
    /// The id the access log uses for this request.
    const std::string& request_id() const noexcept { return request_id_; }
    /// The scheme the user-facing URL uses: "https" behind a TLS proxy (X-Forwarded-Proto).
    std::string scheme() const;

    /// Per-request values that layers attach (the auth layer stores the user here). Typed by T.
    template <class T> void set_local(T value) {
        locals_[std::type_index(typeid(T))] = std::move(value);
    }
    template <class T> const T* local() const noexcept {
        auto it = locals_.find(std::type_index(typeid(T)));
        return it == locals_.end() ? nullptr : std::any_cast<T>(&it->second);
    }

    /// An opaque value the server's prepare hook attaches to every request (an app puts its
    /// chat runtime here). A plain field, not a local: it is set on every request, so it must
    /// not allocate.
    void set_app_data(std::shared_ptr<void> p) noexcept { app_data_ = std::move(p); }
    const std::shared_ptr<void>& app_data() const noexcept { return app_data_; }

    // Set by the server and router.
    void set_path(std::string path) { path_ = std::move(path); }
    void set_params(std::vector<std::pair<std::string, std::string>> p) { params_ = std::move(p); }
    void set_client_address(std::string a) { client_address_ = std::move(a); }
    void set_request_id(std::string id) { request_id_ = std::move(id); }

private:
    http::method method_ = http::method::get;
    std::string target_;
    std::string path_;
    std::string query_;
    header_list headers_;
    std::string body_;
    std::string client_address_;
    std::string request_id_;
    std::vector<std::pair<std::string, std::string>> params_;
    mutable std::optional<std::vector<std::pair<std::string, std::string>>> query_cache_;
    std::map<std::type_index, std::any> locals_;
    std::shared_ptr<void> app_data_;
};

} // namespace chainlit::http
