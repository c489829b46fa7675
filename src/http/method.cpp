#include "chainlit/http/method.hpp"

namespace chainlit::http {

std::string_view to_string(method m) noexcept {
    switch (m) {
    case method::get:
        return "GET";
    case method::head:
        return "HEAD";
    case method::post:
        return "POST";
    case method::put:
        return "PUT";
    case method::patch:
        return "PATCH";
    case method::del:
        return "DELETE";
    case method::options:
        return "OPTIONS";
    }
    return "GET";
}

std::optional<method> method_from_string(std::string_view s) noexcept {
    if (s == "GET")
        return method::get;
    if (s == "HEAD")
        return method::head;
    if (s == "POST")
        return method::post;
    if (s == "PUT")
        return method::put;
    if (s == "PATCH")
        return method::patch;
    if (s == "DELETE")
        return method::del;
    if (s == "OPTIONS")
        return method::options;
    return std::nullopt;
}

} // namespace chainlit::http
