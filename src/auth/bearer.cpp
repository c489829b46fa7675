#include "chainlit/auth/bearer.hpp"

#include "chainlit/auth/error.hpp"

#include <algorithm>
#include <array>

namespace chainlit::auth {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        return lower(x) == lower(y);
    });
}

} // namespace

result<std::string> parse_bearer(std::optional<std::string_view> authorization) {
    // Chainlit tests `if not auth_header`: only an absent or empty value counts as missing; a
    // blank one fails the split below, as in Python.
    if (!authorization || authorization->empty())
        return auth_errc::header_missing;
    // Python's str.split(): words separated by runs of whitespace. Three words are enough to
    // know the format is wrong, so a huge header costs no more than a scan.
    std::array<std::string_view, 3> words;
    std::size_t count = 0;
    const auto s = *authorization;
    std::size_t i = 0;
    while (i < s.size() && count < words.size()) {
        while (i < s.size() && is_space(s[i]))
            ++i;
        const auto start = i;
        while (i < s.size() && !is_space(s[i]))
            ++i;
        if (i > start)
            words[count++] = s.substr(start, i - start);
    }
    if (count != 2)
        return auth_errc::bad_header_format;
    if (!iequals(words[0], "bearer"))
        return auth_errc::bad_scheme;
    return std::string(words[1]);
}

} // namespace chainlit::auth
