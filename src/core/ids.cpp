#include "chainlit/core/ids.hpp"

#include "chainlit/core/random.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace chainlit {

namespace {

// A chat message takes several ids, and RAND_bytes costs thousands of instructions a call (a
// lock and a DRBG round each): ids come from a per-thread pool refilled 4 KB at a time. Ids are
// identifiers, not secrets; session ids and secrets call random_bytes directly.
void id_bytes(std::uint8_t* out, std::size_t n) {
    thread_local std::array<std::uint8_t, 4096> pool;
    thread_local std::size_t used = pool.size();
    if (used + n > pool.size()) {
        random_bytes(pool.data(), pool.size());
        used = 0;
    }
    std::memcpy(out, pool.data() + used, n);
    std::memset(pool.data() + used, 0, n); // handed out once
    used += n;
}

} // namespace

std::string uuid4() {
    std::array<std::uint8_t, 16> b{};
    id_bytes(b.data(), b.size());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(hex[b[i] >> 4]);
        out.push_back(hex[b[i] & 0x0F]);
    }
    return out;
}

bool is_uuid(std::string_view s) noexcept {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash_pos = (i == 8 || i == 13 || i == 18 || i == 23);
        if (dash_pos != (s[i] == '-'))
            return false;
        if (!dash_pos && !std::isxdigit(static_cast<unsigned char>(s[i])))
            return false;
    }
    return true;
}

bool is_uuid4(std::string_view s) noexcept {
    if (!is_uuid(s) || s[14] != '4')
        return false;
    const char v = static_cast<char>(std::tolower(static_cast<unsigned char>(s[19])));
    return v == '8' || v == '9' || v == 'a' || v == 'b';
}

} // namespace chainlit
