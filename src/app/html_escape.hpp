#pragma once
// Internal: text put into the HTML pages the server writes (the UI's index, /docs).
#include <string>
#include <string_view>

namespace chainlit {

/// `s` with & < > " ' escaped, safe in element text and quoted attributes.
inline std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace chainlit
