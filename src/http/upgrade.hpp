#pragma once
// Internal: what the http layer hands to another layer (realtime) when a request asks for a
// websocket upgrade. Holds Beast types, so it lives under src/, never in public headers.
#include "chainlit/http/request.hpp"
#include "chainlit/http/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>

namespace chainlit::http {

struct upgrade_context {
    /// The connection's socket, on its own strand (or the only I/O thread). The handler owns
    /// it from now on.
    boost::asio::ip::tcp::socket& stream;
    /// The upgrade request as Beast parsed it (pass it to websocket::stream::async_accept).
    boost::beast::http::request<boost::beast::http::string_body>& raw;
    /// Bytes read after the request (normally empty; a websocket client waits for 101).
    boost::beast::flat_buffer& buffer;
    /// The same request through the public facade (cookies, query, client address).
    http::request& req;
    /// Keeps the connection counted as live for graceful shutdown. The connection coroutine
    /// ends when the handler returns (freeing its read buffer and frame), so a handler that
    /// goes on serving the socket elsewhere keeps a copy until it is done.
    std::shared_ptr<void> live;
};

} // namespace chainlit::http
