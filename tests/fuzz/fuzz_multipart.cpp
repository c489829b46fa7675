// libFuzzer target for the form decoders: multipart/form-data, urlencoded and percent-decoding.
// The first byte gives the boundary's length, the next bytes the boundary, the rest the body,
// so the fuzzer controls both and matching delimiters are easy to reach.
// Invariants: no crash, UB or leak; a parsed form respects the part limit; percent_decode is
// the inverse of a plain percent-encoding.
#include "chainlit/http/form.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace chainlit;

namespace {

void check(bool ok) {
    if (!ok)
        std::abort();
}

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t boundary_len = std::min<std::size_t>(data[0] % 72, input.size() - 1);
    const std::string_view boundary = input.substr(1, boundary_len);
    const std::string_view body = input.substr(1 + boundary_len);

    // Both the quoted and the bare form of the parameter, as browsers and curl send them.
    const std::string quoted = "multipart/form-data; boundary=\"" + std::string(boundary) + "\"";
    const std::string bare = "Multipart/Form-Data;charset=utf-8; boundary=" + std::string(boundary);
    const http::multipart_limits limits{.max_parts = 16, .max_part_header_bytes = 512};
    for (const auto& ct : {quoted, bare}) {
        if (auto f = http::parse_multipart(body, ct, limits)) {
            check(f->fields.size() + f->files.size() <= limits.max_parts);
            for (const auto& file : f->files)
                check(file.data.size() <= body.size());
        }
    }

    if (auto f = http::parse_urlencoded(body)) {
        for (const auto& [k, v] : f->fields)
            check(k.size() + v.size() <= body.size());
    }
    const auto plain = http::percent_decode(body, false);
    http::percent_decode(body, true);
    if (plain)
        check(plain->size() <= body.size());
    const auto round = http::percent_decode(percent_encode(body), false);
    check(round && *round == body);
    return 0;
}
