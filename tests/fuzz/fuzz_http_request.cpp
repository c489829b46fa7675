// libFuzzer target for the request path: raw bytes -> Beast's request parser (with the server's
// header and body limits) -> the chainlit::http::request facade built as src/http/connection.cpp
// builds it -> root path, CORS and router dispatch to handlers that read every facade accessor
// (query, cookies, JSON, forms). Invariants: no crash, UB or leak; parser errors map to the
// statuses the server answers; every dispatched response has a valid status.
#include "chainlit/http/request.hpp"
#include "chainlit/http/router.hpp"
#include "http/cors.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace chainlit;
namespace bhttp = boost::beast::http;

namespace {

// Small limits so the fuzzer reaches the 431/413 paths within -max_len; the server's real
// defaults (16 KiB, 64 MiB) exercise the same code.
constexpr std::uint32_t header_limit = 2048;
constexpr std::uint64_t body_limit = 8192;
const std::string root_path = "/root";
const std::vector<std::string> allow_origins{"https://a.example", "http://localhost:5173"};

void check(bool ok) {
    if (!ok)
        std::abort();
}

// Reads everything a handler might: the accessors must hold up on any parsed request.
task<http::response> inspect(http::request& req) {
    std::size_t n = req.path_param("id").size() + req.path_param("rest").size();
    n += req.query_param("q").value_or("").size();
    for (const auto& [k, v] : req.query_params())
        n += k.size() + v.size();
    for (const auto& [k, v] : req.cookies())
        n += k.size() + v.size();
    n += req.cookie("access_token").value_or("").size();
    n += req.scheme().size();
    if (auto j = req.json())
        n += j->is_object() ? j->as_object().size() : 1;
    if (auto f = req.form()) {
        n += f->fields.size() + f->files.size();
        for (const auto& file : f->files)
            n += file.data.size();
    }
    co_return http::response::json(json::object{{"n", n}});
}

http::router make_router() {
    http::router r;
    r.add(http::method::get, "/hello", [](http::request&) -> task<http::response> {
        co_return http::response::html("Hello World");
    });
    r.add(http::method::get, "/items/{id}", inspect);
    r.add(http::method::put, "/items/{id}", inspect);
    r.add(http::method::get, "/items/{id}/tags/{tag}", inspect);
    r.add(http::method::post, "/echo", inspect);
    r.add(http::method::get, "/files/{rest:path}", inspect, http::route_priority::builtin);
    r.add(http::method::get, "/{rest:path}", inspect, http::route_priority::fallback);
    return r;
}

// As connection.cpp's apply_root_path: strip the prefix; false if the path lies outside it.
bool apply_root_path(http::request& req) {
    const std::string& p = req.path();
    if (p.compare(0, root_path.size(), root_path) != 0 ||
        (p.size() > root_path.size() && p[root_path.size()] != '/'))
        return false;
    req.set_path(p.size() == root_path.size() ? "/" : p.substr(root_path.size()));
    return true;
}

int dispatch(const http::router& routes, http::request& req) {
    boost::asio::io_context io;
    int status = 0;
    boost::asio::co_spawn(
        io,
        [&]() -> task<void> {
            // As connection.cpp's call_handler: a throwing handler becomes a 500.
            http::response res(500);
            try {
                res = co_await routes.dispatch(req);
            } catch (const std::exception&) {
            }
            http::apply_cors(allow_origins, req, res);
            status = res.status();
        },
        boost::asio::detached);
    io.run();
    return status;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const http::router routes = make_router();

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(header_limit);
    parser.body_limit(body_limit);
    parser.eager(true);
    boost::system::error_code ec;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    while (!ec && !parser.is_done() && !rest.empty()) {
        const auto used = parser.put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
        if (ec == bhttp::error::need_more) {
            ec = {};
            if (used == 0)
                break; // the rest is an incomplete message: the server would wait, then time out
        }
        rest.remove_prefix(used);
    }
    if (ec) {
        // The server's answers: 431 and 413 for the limits, 400 for anything else.
        return 0;
    }
    if (!parser.is_done())
        return 0;

    auto& raw = parser.get();
    const auto m = http::method_from_string(raw.method_string());
    http::request::header_list headers;
    for (const auto& f : raw) {
        std::string name(f.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        headers.emplace_back(std::move(name), std::string(f.value()));
    }
    check(raw.body().size() <= body_limit);
    http::request req(m.value_or(http::method::get), std::string(raw.target()), std::move(headers),
                      std::move(raw.body()));
    req.set_client_address("127.0.0.1");
    req.set_request_id("00000001");

    if (!m || raw.target().empty() || raw.target().front() != '/')
        return 0; // 405 / 400 before routing
    // Targets under /root take the root-path branch; the rest are routed as they are.
    if (raw.target().starts_with(root_path) && !apply_root_path(req))
        return 0; // 404
    if (auto pre = http::cors_preflight(allow_origins, req)) {
        // Starlette's answers: 200 for an allowed Origin, 400 for any other.
        check(pre->status() ==
              (http::origin_allowed(allow_origins, *req.header("origin")) ? 200 : 400));
        return 0;
    }
    const int status = dispatch(routes, req);
    check(status >= 100 && status <= 599);
    return 0;
}
