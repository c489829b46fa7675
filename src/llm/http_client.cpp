#include "http_client.hpp"

#include "chainlit/chat/context.hpp" // task_cancelled
#include "chainlit/core/version.hpp"
#include "chainlit/llm/types.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>

namespace chainlit::llm::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// After a failed operation: the user's Stop (the hook's cancellation) wins over the error.
task<void> throw_if_cancelled() {
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none)
        throw task_cancelled();
}

std::chrono::milliseconds until(std::chrono::steady_clock::time_point deadline,
                                std::chrono::milliseconds cap) {
    if (deadline == std::chrono::steady_clock::time_point::max())
        return cap;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(std::chrono::milliseconds(1), std::min(left, cap));
}

std::string describe(const boost::system::error_code& ec) {
    if (ec == beast::error::timeout)
        return "timed out";
    return ec.message();
}

/// The exchange after the connection is up; the same for TCP and TLS.
template <class Stream>
task<http_head> exchange(Stream& stream, beast::tcp_stream& tcp_layer,
                         bhttp::request<bhttp::string_body>& req, const http_limits& limits,
                         const body_sink& sink) {
    tcp_layer.expires_after(until(limits.deadline, limits.read_timeout));
    if (auto [ec, n] = co_await bhttp::async_write(stream, req, use_tuple); ec) {
        co_await throw_if_cancelled();
        throw transport_error{"sending the request failed: " + describe(ec)};
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::buffer_body> parser;
    parser.body_limit(limits.max_body);
    parser.header_limit(64 * 1024);
    tcp_layer.expires_after(until(limits.deadline, limits.read_timeout));
    if (auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple); ec) {
        co_await throw_if_cancelled();
        throw transport_error{"no answer: " + describe(ec)};
    }
    http_head head;
    head.status = static_cast<int>(parser.get().result_int());
    head.content_type = std::string(parser.get()[bhttp::field::content_type]);
    head.retry_after = std::string(parser.get()[bhttp::field::retry_after]);
    for (const auto& f : parser.get()) {
        std::string name(f.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        head.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    char chunk[16 * 1024];
    while (!parser.is_done()) {
        parser.get().body().data = chunk;
        parser.get().body().size = sizeof chunk;
        tcp_layer.expires_after(until(limits.deadline, limits.read_timeout));
        // read_some, not read: a streamed answer must reach the sink as soon as it arrives,
        // not once 16 KiB have piled up.
        auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, use_tuple);
        if (ec == bhttp::error::need_buffer)
            ec = {};
        if (ec) {
            co_await throw_if_cancelled();
            if (ec == bhttp::error::body_limit)
                throw transport_error{"the answer is larger than " +
                                          std::to_string(limits.max_body) + " bytes",
                                      true};
            throw transport_error{"the answer broke off: " + describe(ec), true};
        }
        const std::size_t got = sizeof chunk - parser.get().body().size;
        if (got)
            co_await sink(head, std::string_view(chunk, got));
    }
    co_return head;
}

} // namespace

endpoint parse_endpoint(std::string_view base_url) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed)
        throw error("the LLM base URL \"" + std::string(base_url) + "\" is not a URL");
    const auto& u = *parsed;
    endpoint ep;
    const std::string scheme(u.scheme());
    if (scheme == "https")
        ep.tls = true;
    else if (scheme != "http")
        throw error("the LLM base URL must start with http:// or https:// (got \"" +
                    std::string(base_url) + "\")");
    ep.host = std::string(u.encoded_host_address());
    if (ep.host.size() > 2 && ep.host.front() == '[' && ep.host.back() == ']')
        ep.host = ep.host.substr(1, ep.host.size() - 2); // an IPv6 literal
    if (ep.host.empty())
        throw error("the LLM base URL \"" + std::string(base_url) + "\" has no host");
    ep.port = u.has_port() ? std::string(u.port()) : (ep.tls ? "443" : "80");
    ep.path = std::string(u.encoded_path());
    while (!ep.path.empty() && ep.path.back() == '/')
        ep.path.pop_back();
    return ep;
}

std::shared_ptr<asio::ssl::context> make_tls_context(bool verify, const std::string& ca_file) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3);
    boost::system::error_code ec;
    if (ca_file.empty())
        ctx->set_default_verify_paths(ec);
    else
        ctx->load_verify_file(ca_file, ec);
    if (ec)
        throw error("cannot load the TLS certificates" +
                    (ca_file.empty() ? std::string() : " from " + ca_file) + ": " + ec.message());
    ctx->set_verify_mode(verify ? asio::ssl::verify_peer : asio::ssl::verify_none);
    return ctx;
}

std::string http_head::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (n == name)
            return v;
    return {};
}

task<http_head> post(const endpoint& ep, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers, std::string body,
                     http_limits limits, std::shared_ptr<asio::ssl::context> tls, body_sink sink) {
    return send("POST", ep, std::move(target), std::move(headers), std::move(body), limits,
                std::move(tls), std::move(sink));
}

task<http_head> send(std::string method, const endpoint& ep, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers, std::string body,
                     http_limits limits, std::shared_ptr<asio::ssl::context> tls, body_sink sink,
                     address_check check) {
    const auto exec = co_await asio::this_coro::executor;
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, ep.host);
    req.set(bhttp::field::user_agent, std::string("chainlit-cpp/") + chainlit::version);
    if (!body.empty())
        req.set(bhttp::field::content_type, "application/json");
    for (auto& [name, value] : headers)
        req.set(name, value);
    req.body() = std::move(body);
    req.prepare_payload();

    tcp::resolver resolver(exec);
    auto [rec, resolved] = co_await resolver.async_resolve(ep.host, ep.port, use_tuple);
    if (rec) {
        co_await throw_if_cancelled();
        throw transport_error{"cannot resolve " + ep.host + ": " + rec.message()};
    }
    std::vector<tcp::endpoint> targets;
    std::string refused;
    for (const auto& r : resolved) {
        auto why = check ? check(r.endpoint().address().to_string()) : std::nullopt;
        if (why)
            refused = *why;
        else
            targets.push_back(r.endpoint());
    }
    if (targets.empty())
        throw transport_error{refused.empty() ? "no address for " + ep.host : refused, false, true};
    beast::tcp_stream tcp_stream(exec);
    tcp_stream.expires_after(until(limits.deadline, limits.connect_timeout));
    if (auto [ec, where] = co_await tcp_stream.async_connect(targets, use_tuple); ec) {
        co_await throw_if_cancelled();
        throw transport_error{"cannot connect to " + ep.label() + ": " + describe(ec)};
    }
    boost::system::error_code ignored;
    tcp_stream.socket().set_option(tcp::no_delay(true), ignored);
    if (!ep.tls)
        co_return co_await exchange(tcp_stream, tcp_stream, req, limits, sink);

    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), *tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), ep.host.c_str()))
        throw transport_error{"cannot set the TLS server name " + ep.host};
    stream.set_verify_callback(asio::ssl::host_name_verification(ep.host));
    beast::get_lowest_layer(stream).expires_after(until(limits.deadline, limits.connect_timeout));
    if (auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
        ec) {
        co_await throw_if_cancelled();
        // An OpenSSL error (a refused certificate) stays; a reset mid-handshake may not.
        const bool refused = ec.category() == asio::error::get_ssl_category();
        throw transport_error{"the TLS handshake with " + ep.label() + " failed: " + describe(ec),
                              false, refused};
    }
    co_return co_await exchange(stream, beast::get_lowest_layer(stream), req, limits, sink);
}

} // namespace chainlit::llm::detail
