#include "chainlit/core/random.hpp"

#include <gtest/gtest.h>
#include <set>

using namespace chainlit;

TEST(random, string_uses_only_alphabet_and_length) {
    const std::string alphabet = "ab$";
    const auto s = random_string(500, alphabet);
    ASSERT_EQ(s.size(), 500u);
    std::set<char> seen(s.begin(), s.end());
    EXPECT_EQ(seen, (std::set<char>{'a', 'b', '$'}));
}

TEST(random, rejects_empty_alphabet) {
    EXPECT_THROW(random_string(4, ""), std::invalid_argument);
}
