#include "chainlit/http/form.hpp"

namespace chainlit::http {

const std::string* form::get(std::string_view name) const noexcept {
    for (const auto& [k, v] : fields)
        if (k == name)
            return &v;
    return nullptr;
}

const form_file* form::file(std::string_view name) const noexcept {
    for (const auto& f : files)
        if (f.field == name)
            return &f;
    return nullptr;
}

namespace {
int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    // Most paths and values have nothing to decode: one copy, no per-byte appends.
    if (s.find_first_of(plus_is_space ? std::string_view("%+") : std::string_view("%")) ==
        std::string_view::npos)
        return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size())
                return std::nullopt;
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

result<form> parse_urlencoded(std::string_view body) {
    form f;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value)
            return make_error_code(errc::parse_error);
        f.fields.emplace_back(std::move(*key), std::move(*value));
    }
    return f;
}

} // namespace chainlit::http
