#pragma once
#include "chainlit/core/task.hpp"
#include "chainlit/http/method.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/http/route_doc.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::http {

using handler = std::function<task<response>(request&)>;

/// Which table a route lives in. App routes always win over built-in ones, and both over the
/// UI's catch-all (Chainlit users lost custom routes to that catch-all).
enum class route_priority { app = 0, builtin = 1, fallback = 2 };

/// Maps (method, path) to handlers. Patterns are `/`-separated segments: a literal, `{name}`
/// (one segment) or, as the last segment, `{name:path}` (the rest of the path, may be empty).
/// At each segment a literal beats a parameter, which beats a rest-parameter.
///
/// Routes are added before the server starts; matching is then lock-free and read-only.
class router {
public:
    struct match_result {
        int status = 404;                ///< 200 matched, 404 no path, 405 path but not method
        const handler* target = nullptr; ///< set when status == 200
        std::vector<std::pair<std::string, std::string>> params;
        std::vector<method> allowed; ///< for 405 and OPTIONS
    };

    /// Adds a route. Throws std::invalid_argument for a malformed pattern, or when a route with
    /// the same method and shape already exists at the same priority.
    /// `doc`: what /openapi.json says about it.
    void add(method m, std::string_view pattern, handler h, route_priority p = route_priority::app,
             route_doc doc = {});

    /// A route as registered, for documentation (/openapi.json).
    struct route_info {
        method m;
        route_priority priority;
        const std::string& pattern;
        const route_doc& doc;
    };
    /// Every route, in the order added.
    std::vector<route_info> routes() const;
    /// Sets the documentation of a route added earlier; false when there is no such route.
    bool describe(method m, std::string_view pattern, route_doc doc);

    /// Finds the handler. HEAD falls back to GET. Never throws.
    match_result match(method m, std::string_view path) const;

    /// Dispatches a request: 404/405 as `{"detail": ...}`, OPTIONS answered with Allow.
    task<response> dispatch(request& req) const;

    std::size_t size() const noexcept { return routes_.size(); }
    /// Drops every route (and what their handlers hold). Only while no server dispatches.
    void clear() noexcept { routes_.clear(); }

private:
    struct segment {
        enum kind { literal, param, rest } type;
        std::string text; // literal text or parameter name
    };
    struct route {
        method m;
        route_priority priority;
        std::vector<segment> segments;
        std::string pattern;
        handler h;
        route_doc doc;
    };
    static std::vector<segment> parse_pattern(std::string_view pattern);
    static bool match_route(const route& r, std::span<const std::string_view> parts,
                            std::vector<std::pair<std::string, std::string>>* params, int* score);

    std::vector<route> routes_;
};

} // namespace chainlit::http
