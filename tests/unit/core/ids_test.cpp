#include "chainlit/core/ids.hpp"

#include <gtest/gtest.h>
#include <set>

using namespace chainlit;

TEST(ids, uuid4_has_canonical_v4_shape) {
    for (int i = 0; i < 100; ++i) {
        const auto id = uuid4();
        ASSERT_EQ(id.size(), 36u);
        EXPECT_TRUE(is_uuid4(id)) << id;
    }
}

TEST(ids, uuid4_values_are_distinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(uuid4());
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(ids, is_uuid4_rejects_other_versions_and_garbage) {
    EXPECT_TRUE(is_uuid4("123e4567-e89b-42d3-a456-426614174000"));
    EXPECT_TRUE(is_uuid4("123E4567-E89B-42D3-A456-426614174000"));
    EXPECT_FALSE(is_uuid4("123e4567-e89b-12d3-a456-426614174000")); // v1
    EXPECT_FALSE(is_uuid4("123e4567-e89b-42d3-c456-426614174000")); // bad variant
    EXPECT_FALSE(is_uuid4("123e4567e89b42d3a456426614174000"));
    EXPECT_FALSE(is_uuid4(""));
    EXPECT_FALSE(is_uuid4("zzze4567-e89b-42d3-a456-426614174000"));
    EXPECT_TRUE(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
}
