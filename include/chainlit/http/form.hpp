#pragma once
#include "chainlit/core/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::http {

/// An uploaded file part of a multipart form.
struct form_file {
    std::string field;        ///< the form field name, e.g. "file"
    std::string filename;     ///< as sent by the client; never used as a server path
    std::string content_type; ///< as sent by the client ("application/octet-stream" if absent)
    std::string data;
};

/// A decoded urlencoded or multipart form.
struct form {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<form_file> files;

    /// The first value of field `name`, or nullptr.
    const std::string* get(std::string_view name) const noexcept;
    /// The first file of field `name`, or nullptr.
    const form_file* file(std::string_view name) const noexcept;
};

/// Limits a multipart parse enforces; the body size itself is capped by the server.
struct multipart_limits {
    std::size_t max_parts = 1000;             ///< bounds the work a hostile body can cause
    std::size_t max_part_header_bytes = 8192; ///< per part
};

/// Decodes `a=1&b=%20x` (with + as space). Errors: errc::parse_error on bad percent-encoding.
result<form> parse_urlencoded(std::string_view body);

/// Decodes a multipart/form-data body. `content_type` is the request's header (it carries the
/// boundary). Errors: errc::parse_error with no boundary, a missing closing delimiter or a
/// malformed part; errc::too_large past `limits`.
result<form> parse_multipart(std::string_view body, std::string_view content_type,
                             const multipart_limits& limits = {});

/// Percent-decodes `s`; `plus_is_space` for form bodies and queries. nullopt on bad escapes.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

} // namespace chainlit::http
