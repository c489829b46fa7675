#include "chainlit/core/time.hpp"

#include <charconv>

namespace chainlit {

using namespace std::chrono;

namespace {
// Writes `v` as exactly `width` decimal digits (zero-padded); several timestamps per chat
// message made snprintf's format parsing show up in profiles.
char* put_digits(char* out, long v, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return out + width;
}
} // namespace

std::string to_iso(sys_time t) {
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    const int y = int(ymd.year());
    if (y < 0 || y > 9999)
        return "0000-01-01T00:00:00.000000Z"; // outside what the format can say
    char buf[27];
    char* p = put_digits(buf, y, 4);
    *p++ = '-';
    p = put_digits(p, unsigned(ymd.month()), 2);
    *p++ = '-';
    p = put_digits(p, unsigned(ymd.day()), 2);
    *p++ = 'T';
    p = put_digits(p, hms.hours().count(), 2);
    *p++ = ':';
    p = put_digits(p, hms.minutes().count(), 2);
    *p++ = ':';
    p = put_digits(p, hms.seconds().count(), 2);
    *p++ = '.';
    p = put_digits(p, hms.subseconds().count(), 6);
    *p++ = 'Z';
    return std::string(buf, p);
}

std::string iso_now() {
    return to_iso(time_point_cast<microseconds>(system_clock::now()));
}

namespace {
bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size())
        return false;
    for (std::size_t i = pos; i < pos + len; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return true;
}
} // namespace

std::optional<sys_time> parse_iso(std::string_view s) noexcept {
    int y, mo, d, h, mi, sec;
    if (!read_int(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
        s[7] != '-' || !read_int(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !read_int(s, 11, 2, h) || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' ||
        !read_int(s, 17, 2, sec))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    std::size_t pos = 19;
    long micros = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 6)
                micros = micros * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return std::nullopt;
        for (int i = digits; i < 6; ++i)
            micros *= 10;
    }
    minutes offset{0};
    if (pos < s.size()) {
        if (s[pos] == 'Z' || s[pos] == 'z') {
            ++pos;
        } else if (s[pos] == '+' || s[pos] == '-') {
            int oh, om;
            if (!read_int(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
                !read_int(s, pos + 4, 2, om) || oh > 23 || om > 59)
                return std::nullopt;
            offset = hours{oh} + minutes{om};
            if (s[pos] == '-')
                offset = -offset;
            pos += 6;
        }
    }
    if (pos != s.size())
        return std::nullopt;
    sys_time t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + microseconds{micros};
    return t - offset;
}

} // namespace chainlit
