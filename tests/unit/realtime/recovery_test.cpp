// Connection state recovery's pieces: the sent-event log, offsets, recoverable reasons.
#include "realtime/recovery.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace chainlit::realtime::detail;

namespace {

std::vector<std::uint64_t> offsets_after(const sent_log& log, std::uint64_t from) {
    std::vector<std::uint64_t> out;
    for (const auto& [o, w] : log.after(from))
        out.push_back(o);
    return out;
}

} // namespace

TEST(SentLog, KeepsEventsInOrderAndReturnsThoseAfterAnOffset) {
    sent_log log;
    log.append(1, "42[\"a\",\"1\"]");
    log.append(2, "42[\"bb\",\"2\"]");
    log.append(3, "42[\"ccc\",\"3\"]");
    EXPECT_EQ(log.size(), 3u);
    auto after1 = log.after(1);
    ASSERT_EQ(after1.size(), 2u);
    EXPECT_EQ(after1[0], (std::pair<std::uint64_t, std::string>{2, "42[\"bb\",\"2\"]"}));
    EXPECT_EQ(after1[1].second, "42[\"ccc\",\"3\"]");
    EXPECT_EQ(offsets_after(log, 0), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_TRUE(log.after(3).empty());
}

TEST(SentLog, TrimThroughDropsWhatTheClientHas) {
    sent_log log;
    for (std::uint64_t i = 1; i <= 10; ++i)
        log.append(i, "42[\"e\",\"" + std::to_string(i) + "\"]");
    log.trim_through(4);
    EXPECT_EQ(log.size(), 6u);
    EXPECT_EQ(offsets_after(log, 0), (std::vector<std::uint64_t>{5, 6, 7, 8, 9, 10}));
    EXPECT_EQ(log.after(5).front().second, "42[\"e\",\"6\"]"); // text intact after compaction
    log.trim_through(10);
    EXPECT_EQ(log.size(), 0u);
    EXPECT_EQ(log.bytes(), 0u);
    log.append(11, "x");
    EXPECT_EQ(log.after(0).front().second, "x");
}

TEST(SentLog, CapDropsTheOldestAndSaysHowFar) {
    sent_log log;
    for (std::uint64_t i = 1; i <= 5; ++i)
        log.append(i, std::string(100, char('a' + i)));
    EXPECT_EQ(log.bytes(), 500u);
    EXPECT_EQ(log.cap(500), 0u); // within the bound: nothing dropped
    EXPECT_EQ(log.cap(250), 3u); // 1..3 go, 200 bytes left
    EXPECT_EQ(log.bytes(), 200u);
    EXPECT_EQ(offsets_after(log, 0), (std::vector<std::uint64_t>{4, 5}));
    EXPECT_EQ(log.after(0)[0].second, std::string(100, 'e'));
}

TEST(SentLog, ManyAppendsAndTrimsStayConsistent) {
    sent_log log;
    std::uint64_t next = 1, trimmed = 0;
    for (int round = 0; round < 200; ++round) {
        for (int i = 0; i < 37; ++i, ++next)
            log.append(next, "42[\"t\",\"" + std::to_string(next) + "\"]");
        trimmed += 29;
        log.trim_through(trimmed);
        const auto left = log.after(0);
        ASSERT_EQ(left.size(), next - 1 - trimmed);
        ASSERT_EQ(left.front().first, trimmed + 1);
        ASSERT_EQ(left.front().second, "42[\"t\",\"" + std::to_string(trimmed + 1) + "\"]");
        ASSERT_EQ(left.back().first, next - 1);
    }
}

TEST(Recovery, ParsesOnlyItsOwnDecimalOffsets) {
    EXPECT_EQ(parse_offset("0"), 0u);
    EXPECT_EQ(parse_offset("18446744073709551615"), 18446744073709551615ull);
    EXPECT_FALSE(parse_offset(""));
    EXPECT_FALSE(parse_offset("-1"));
    EXPECT_FALSE(parse_offset("12a"));
    EXPECT_FALSE(parse_offset("18446744073709551616")); // out of range
    EXPECT_FALSE(parse_offset("Title"));                // a string argument is not an offset
}

TEST(Recovery, OnlyTransportLossIsRecoverable) {
    for (const char* r : {"transport close", "transport error", "ping timeout",
                          "client not reading", "replaced by a reconnect"})
        EXPECT_TRUE(recoverable_reason(r)) << r;
    for (const char* r : {"client namespace disconnect", "server namespace disconnect",
                          "parse error", "unknown event", "server shutting down"})
        EXPECT_FALSE(recoverable_reason(r)) << r;
}
