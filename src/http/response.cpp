#include "chainlit/http/response.hpp"

#include <fstream>
#include <sstream>
#include <strings.h>

namespace chainlit::http {

response response::text(std::string body, int status) {
    return bytes(std::move(body), "text/plain; charset=utf-8", status);
}

response response::html(std::string body, int status) {
    return bytes(std::move(body), "text/html; charset=utf-8", status);
}

response response::json(const json::value& v, int status) {
    return bytes(json::serialize(v), "application/json", status);
}

response response::error(int status, std::string_view detail) {
    return json(json::object{{"detail", detail}}, status);
}

response response::bytes(std::string data, std::string content_type, int status) {
    response r(status);
    r.body_ = std::move(data);
    r.headers_.emplace_back("Content-Type", std::move(content_type));
    return r;
}

response response::file(const std::filesystem::path& path, std::string content_type) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(path, ec))
        return error(404, "Not Found");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (content_type.empty())
        content_type = std::string(mime_type_for(path.filename().string()));
    return bytes(std::move(ss).str(), std::move(content_type));
}

response response::redirect(std::string location, int status) {
    response r(status);
    r.headers_.emplace_back("Location", std::move(location));
    return r;
}

response response::stream(std::string content_type, producer fn) {
    response r(200);
    r.headers_.emplace_back("Content-Type", std::move(content_type));
    r.producer_ = std::move(fn);
    return r;
}

response response::sse(std::function<task<void>(sse_writer&)> fn) {
    response r = stream("text/event-stream", [fn = std::move(fn)](body_writer& w) -> task<void> {
        sse_writer s(w);
        co_await fn(s);
    });
    // Proxies (nginx) buffer responses unless told not to; events must arrive as sent.
    r.set_header("Cache-Control", "no-cache");
    r.set_header("X-Accel-Buffering", "no");
    return r;
}

response& response::set_header(std::string name, std::string value) {
    for (auto& [k, v] : headers_) {
        if (strcasecmp(k.c_str(), name.c_str()) == 0) {
            v = std::move(value);
            return *this;
        }
    }
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
}

response& response::add_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
}

response& response::delete_cookie(std::string_view name, std::string path) {
    cookie c{.name = std::string(name), .value = "", .path = std::move(path), .max_age = 0};
    return set_cookie(c);
}

std::string_view response::header(std::string_view name) const noexcept {
    for (const auto& [k, v] : headers_)
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0)
            return v;
    return {};
}

task<bool> sse_writer::send(std::string_view data, std::string_view event, std::string_view id) {
    std::string frame;
    if (!id.empty())
        frame.append("id: ").append(id).append("\n");
    if (!event.empty())
        frame.append("event: ").append(event).append("\n");
    std::size_t start = 0;
    do {
        const auto nl = data.find('\n', start);
        frame.append("data: ").append(data.substr(start, nl - start)).append("\n");
        start = nl == std::string_view::npos ? data.size() + 1 : nl + 1;
    } while (start <= data.size());
    frame.append("\n");
    co_return co_await w_.write(frame);
}

task<bool> sse_writer::comment(std::string_view text) {
    co_return co_await w_.write(std::string(": ").append(text).append("\n\n"));
}

std::string_view mime_type_for(std::string_view filename) noexcept {
    const auto dot = filename.rfind('.');
    if (dot == std::string_view::npos)
        return "application/octet-stream";
    std::string ext(filename.substr(dot + 1));
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    struct entry {
        const char* ext;
        const char* type;
    };
    static constexpr entry table[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"jsx", "text/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"txt", "text/plain; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"csv", "text/csv"},
        {"xml", "application/xml"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"avif", "image/avif"},
        {"pdf", "application/pdf"},
        {"wasm", "application/wasm"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"mp3", "audio/mpeg"},
        {"wav", "audio/wav"},
        {"ogg", "audio/ogg"},
        {"m4a", "audio/mp4"},
        {"mp4", "video/mp4"},
        {"webm", "video/webm"},
        {"mov", "video/quicktime"},
        {"zip", "application/zip"},
    };
    for (const auto& e : table)
        if (ext == e.ext)
            return e.type;
    return "application/octet-stream";
}

} // namespace chainlit::http
