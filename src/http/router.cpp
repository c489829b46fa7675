#include "chainlit/http/router.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <stdexcept>

namespace chainlit::http {
namespace {

// Inline room for typical paths: matching allocates nothing per request.
using path_parts = boost::container::small_vector<std::string_view, 12>;

path_parts split_path(std::string_view path) {
    path_parts parts;
    if (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    // "/" and "" both mean the root: zero segments. A trailing slash keeps an empty last
    // segment, so "/a/" and "/a" are different paths (Socket.IO uses both).
    if (path.empty())
        return parts;
    std::size_t start = 0;
    while (true) {
        const auto slash = path.find('/', start);
        parts.push_back(path.substr(start, slash - start));
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return parts;
}

} // namespace

std::vector<router::segment> router::parse_pattern(std::string_view pattern) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
    std::vector<segment> segs;
    auto parts = split_path(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string_view p = parts[i];
        if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
            std::string_view name = p.substr(1, p.size() - 2);
            segment::kind k = segment::param;
            if (const auto colon = name.find(':'); colon != std::string_view::npos) {
                if (name.substr(colon + 1) != "path" || i + 1 != parts.size())
                    throw std::invalid_argument("only a last {name:path} segment is allowed: " +
                                                std::string(pattern));
                k = segment::rest;
                name = name.substr(0, colon);
            }
            if (name.empty())
                throw std::invalid_argument("empty parameter name in " + std::string(pattern));
            segs.push_back({k, std::string(name)});
        } else if (p.find_first_of("{}") != std::string_view::npos) {
            throw std::invalid_argument("malformed segment '" + std::string(p) + "' in " +
                                        std::string(pattern));
        } else {
            segs.push_back({segment::literal, std::string(p)});
        }
    }
    return segs;
}

void router::add(method m, std::string_view pattern, handler h, route_priority p, route_doc doc) {
    auto segs = parse_pattern(pattern);
    for (const auto& r : routes_) {
        if (r.m != m || r.priority != p || r.segments.size() != segs.size())
            continue;
        const bool same_shape = std::equal(
            segs.begin(), segs.end(), r.segments.begin(), [](const segment& a, const segment& b) {
                return a.type == b.type && (a.type != segment::literal || a.text == b.text);
            });
        if (same_shape)
            throw std::invalid_argument("route conflict: " + std::string(to_string(m)) + " " +
                                        std::string(pattern) + " overlaps " + r.pattern);
    }
    routes_.push_back({m, p, std::move(segs), std::string(pattern), std::move(h), std::move(doc)});
}

std::vector<router::route_info> router::routes() const {
    std::vector<route_info> out;
    out.reserve(routes_.size());
    for (const auto& r : routes_)
        out.push_back({r.m, r.priority, r.pattern, r.doc});
    return out;
}

bool router::describe(method m, std::string_view pattern, route_doc doc) {
    for (auto& r : routes_)
        if (r.m == m && r.pattern == pattern) {
            r.doc = std::move(doc);
            return true;
        }
    return false;
}

bool router::match_route(const route& r, std::span<const std::string_view> parts,
                         std::vector<std::pair<std::string, std::string>>* params, int* score) {
    // Score: earlier literal segments weigh more, so "/a/{x}" beats "/{y}/b" for "/a/b".
    int s = 0;
    const auto& segs = r.segments;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto& seg = segs[i];
        if (seg.type == segment::rest) {
            if (params) {
                std::string rest;
                for (std::size_t j = i; j < parts.size(); ++j) {
                    if (j > i)
                        rest.push_back('/');
                    rest.append(parts[j]);
                }
                params->emplace_back(seg.text, std::move(rest));
            }
            *score = s;
            return true;
        }
        if (i >= parts.size())
            return false;
        s *= 3;
        if (seg.type == segment::literal) {
            if (seg.text != parts[i])
                return false;
            s += 2;
        } else {
            if (parts[i].empty())
                return false;
            s += 1;
            if (params)
                params->emplace_back(seg.text, std::string(parts[i]));
        }
    }
    if (segs.size() != parts.size())
        return false;
    *score = s + 1; // an exact-length match beats a rest-parameter with the same prefix
    return true;
}

router::match_result router::match(method m, std::string_view path) const {
    match_result res;
    const auto parts = split_path(path);
    // Methods seen on the path, as bits: turned into `allowed` only for a 404 or 405.
    unsigned allowed_bits = 0;
    std::vector<method> allowed_order; // first-seen order, kept for the Allow header
    for (auto prio : {route_priority::app, route_priority::builtin, route_priority::fallback}) {
        const route* best = nullptr;
        int best_score = -1;
        bool path_seen = false;
        for (const auto& r : routes_) {
            if (r.priority != prio)
                continue;
            int score = 0;
            if (!match_route(r, parts, nullptr, &score))
                continue;
            path_seen = true;
            const unsigned bit = 1u << static_cast<unsigned>(r.m);
            if (!(allowed_bits & bit)) {
                allowed_bits |= bit;
                if (r.m != m) // a matched method never needs listing: no 405 then
                    allowed_order.push_back(r.m);
            }
            const bool method_ok = r.m == m || (m == method::head && r.m == method::get);
            // An exact HEAD route beats GET serving HEAD at the same score.
            if (method_ok && (score > best_score || (score == best_score && r.m == m))) {
                best = &r;
                best_score = score;
            }
        }
        if (best) {
            res.status = 200;
            res.target = &best->h;
            int ignored = 0;
            match_route(*best, parts, &res.params, &ignored);
            return res;
        }
        if (path_seen && res.status == 404)
            res.status = 405;
    }
    res.allowed = std::move(allowed_order);
    return res;
}

namespace {
task<response> ready(response r) {
    co_return r;
}
} // namespace

// Not a coroutine itself: a matched request goes straight to its handler's coroutine, which
// saves a frame allocation per request on the hot path.
task<response> router::dispatch(request& req) const {
    auto m = match(req.method(), req.path());
    if (m.status == 200) {
        req.set_params(std::move(m.params));
        return (*m.target)(req);
    }
    std::string allow;
    for (auto a : m.allowed) {
        if (!allow.empty())
            allow += ", ";
        allow += to_string(a);
    }
    if (m.status == 405 && req.method() == method::options) {
        response r(204);
        r.set_header("Allow", allow + ", OPTIONS");
        return ready(std::move(r));
    }
    if (m.status == 405) {
        auto r = response::error(405, "Method Not Allowed");
        r.set_header("Allow", allow);
        return ready(std::move(r));
    }
    return ready(response::error(404, "Not Found"));
}

} // namespace chainlit::http
