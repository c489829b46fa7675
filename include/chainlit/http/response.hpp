#pragma once
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/cookie.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::http {

/// Writes chunks of a streamed (chunked) body. Valid only inside the producer's task.
class body_writer {
public:
    virtual ~body_writer() = default;
    /// Sends one chunk. Returns false once the client has gone away: stop producing then.
    virtual task<bool> write(std::string_view chunk) = 0;
};

/// Writes Server-Sent Events on top of a chunked body.
class sse_writer {
public:
    explicit sse_writer(body_writer& w) : w_(w) {}
    /// Sends one event; multi-line data is split into several `data:` lines as SSE requires.
    task<bool> send(std::string_view data, std::string_view event = {}, std::string_view id = {});
    /// A comment line, e.g. a keep-alive.
    task<bool> comment(std::string_view text);

private:
    body_writer& w_;
};

/// Thrown by a handler, or by anything it calls, to answer `status` with the protocol's error
/// shape `{"detail": what()}` instead of a 500 (FastAPI's HTTPException). Logged at info level.
class http_error : public std::runtime_error {
public:
    http_error(int status, const std::string& detail)
        : std::runtime_error(detail), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

/// An HTTP response. Build one with the named constructors; adjust with the setters.
class response {
public:
    using producer = std::function<task<void>(body_writer&)>;

    explicit response(int status = 200) : status_(status) {}

    static response text(std::string body, int status = 200);
    static response html(std::string body, int status = 200);
    static response json(const json::value& v, int status = 200);
    static response json(int status, const json::value& v) { return json(v, status); }
    /// The protocol's error shape: `{"detail": detail}`.
    static response error(int status, std::string_view detail);
    static response bytes(std::string data, std::string content_type, int status = 200);
    /// A file's content with a content type from its extension, or 404 JSON if unreadable.
    static response file(const std::filesystem::path& path, std::string content_type = {});
    static response redirect(std::string location, int status = 302);
    /// A chunked body produced by `fn` after the headers are sent.
    static response stream(std::string content_type, producer fn);
    /// A `text/event-stream` body; `fn` sends events through an sse_writer.
    static response sse(std::function<task<void>(sse_writer&)> fn);

    int status() const noexcept { return status_; }
    response& set_status(int s) noexcept {
        status_ = s;
        return *this;
    }
    /// Sets (replaces) a header.
    response& set_header(std::string name, std::string value);
    /// Adds a header, keeping existing ones of that name.
    response& add_header(std::string name, std::string value);
    response& set_cookie(const cookie& c) { return add_header("Set-Cookie", c.to_header()); }
    /// Deletes a cookie in the browser (Max-Age=0 on `path`).
    response& delete_cookie(std::string_view name, std::string path = "/");

    const std::string& body() const noexcept { return body_; }
    std::string& body() noexcept { return body_; }
    const std::vector<std::pair<std::string, std::string>>& headers() const noexcept {
        return headers_;
    }
    std::string_view header(std::string_view name) const noexcept;
    const producer& stream_producer() const noexcept { return producer_; }
    bool is_stream() const noexcept { return static_cast<bool>(producer_); }

private:
    int status_;
    std::string body_;
    std::vector<std::pair<std::string, std::string>> headers_;
    producer producer_;
};

/// The content type for a file name's extension ("application/octet-stream" if unknown).
std::string_view mime_type_for(std::string_view filename) noexcept;

} // namespace chainlit::http
