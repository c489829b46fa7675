#include "chainlit/core/time.hpp"

#include <gtest/gtest.h>

using namespace chainlit;

TEST(time, iso_now_has_fraction_and_z) {
    const auto s = iso_now();
    ASSERT_EQ(s.size(), 27u) << s;
    EXPECT_EQ(s[19], '.');
    EXPECT_EQ(s.back(), 'Z');
    EXPECT_TRUE(parse_iso(s).has_value());
}

TEST(time, round_trips) {
    const auto t = parse_iso("2024-02-29T23:59:58.123456Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(to_iso(*t), "2024-02-29T23:59:58.123456Z");
}

TEST(time, accepts_client_and_datalayer_forms) {
    EXPECT_EQ(to_iso(*parse_iso("2024-01-02T03:04:05.678Z")), "2024-01-02T03:04:05.678000Z");
    EXPECT_EQ(to_iso(*parse_iso("2024-01-02T03:04:05")), "2024-01-02T03:04:05.000000Z");
    EXPECT_EQ(to_iso(*parse_iso("2024-01-02 03:04:05.5")), "2024-01-02T03:04:05.500000Z");
    EXPECT_EQ(to_iso(*parse_iso("2024-01-02T03:04:05+02:00")), "2024-01-02T01:04:05.000000Z");
    EXPECT_EQ(to_iso(*parse_iso("2024-01-02T03:04:05.1234567891Z")), "2024-01-02T03:04:05.123456Z");
}

TEST(time, rejects_garbage) {
    for (const char* bad : {"", "2024", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                            "2024-01-01T25:00:00Z", "2024-01-01T00:00:00.Z",
                            "2024-01-01T00:00:00Zjunk", "2024-01-01T00:00:00+2:00", "abcd-ef"})
        EXPECT_FALSE(parse_iso(bad).has_value()) << bad;
}
