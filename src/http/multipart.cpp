// multipart/form-data (RFC 7578) decoding. The body is already bounded by the server's body
// limit; this parser additionally bounds the number of parts and the size of part headers so
// that a hostile body cannot make it do unbounded work.
#include "chainlit/http/form.hpp"

#include "ows.hpp"

#include <algorithm>
#include <cctype>

namespace chainlit::http {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// The value of parameter `name` in a header like `form-data; name="a"; filename="b"`.
std::optional<std::string> header_param(std::string_view header, std::string_view name) {
    std::size_t pos = header.find(';');
    while (pos != std::string_view::npos) {
        std::string_view rest = header.substr(pos + 1);
        std::size_t end = 0;
        bool in_quotes = false;
        for (; end < rest.size(); ++end) {
            if (rest[end] == '"' && (end == 0 || rest[end - 1] != '\\'))
                in_quotes = !in_quotes;
            else if (rest[end] == ';' && !in_quotes)
                break;
        }
        std::string_view param = trim_ows(rest.substr(0, end));
        const auto eq = param.find('=');
        if (eq != std::string_view::npos && lower(trim_ows(param.substr(0, eq))) == name) {
            std::string_view v = trim_ows(param.substr(eq + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
                v = v.substr(1, v.size() - 2);
            std::string out;
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (v[i] == '\\' && i + 1 < v.size())
                    ++i;
                out.push_back(v[i]);
            }
            return out;
        }
        pos = end < rest.size() ? pos + 1 + end : std::string_view::npos;
    }
    return std::nullopt;
}

} // namespace

result<form> parse_multipart(std::string_view body, std::string_view content_type,
                             const multipart_limits& limits) {
    if (lower(trim_ows(content_type.substr(0, content_type.find(';')))) != "multipart/form-data")
        return make_error_code(errc::invalid_argument);
    const auto boundary = header_param(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 200)
        return make_error_code(errc::parse_error);

    const std::string delimiter = "--" + *boundary;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string_view::npos)
        return make_error_code(errc::parse_error);
    pos += delimiter.size();

    form f;
    const std::string next_delimiter = "\r\n" + delimiter;
    for (std::size_t parts = 0;; ++parts) {
        if (body.substr(pos, 2) == "--")
            return f; // closing delimiter; the epilogue is ignored
        if (parts >= limits.max_parts)
            return make_error_code(errc::too_large);
        if (body.substr(pos, 2) != "\r\n")
            return make_error_code(errc::parse_error);
        pos += 2;
        const auto header_end = body.find("\r\n\r\n", pos);
        if (header_end == std::string_view::npos)
            return make_error_code(errc::parse_error);
        if (header_end - pos > limits.max_part_header_bytes)
            return make_error_code(errc::too_large);
        std::string_view headers = body.substr(pos, header_end - pos);
        const auto data_start = header_end + 4;
        const auto data_end = body.find(next_delimiter, data_start);
        if (data_end == std::string_view::npos)
            return make_error_code(errc::parse_error);

        std::optional<std::string> name, filename;
        std::string part_type;
        bool has_disposition = false;
        while (!headers.empty()) {
            const auto eol = headers.find("\r\n");
            std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos)
                return make_error_code(errc::parse_error);
            const std::string key = lower(trim_ows(line.substr(0, colon)));
            const std::string_view value = trim_ows(line.substr(colon + 1));
            if (key == "content-disposition") {
                has_disposition = true;
                name = header_param(value, "name");
                filename = header_param(value, "filename");
            } else if (key == "content-type") {
                part_type = std::string(value);
            }
        }
        if (!has_disposition || !name)
            return make_error_code(errc::parse_error);
        std::string data(body.substr(data_start, data_end - data_start));
        if (filename) {
            f.files.push_back(
                form_file{std::move(*name), std::move(*filename),
                          part_type.empty() ? "application/octet-stream" : std::move(part_type),
                          std::move(data)});
        } else {
            f.fields.emplace_back(std::move(*name), std::move(data));
        }
        pos = data_end + next_delimiter.size();
    }
}

} // namespace chainlit::http
