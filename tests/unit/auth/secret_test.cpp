#include "chainlit/auth/secret.hpp"

#include "chainlit/auth/error.hpp"

#include <gtest/gtest.h>

using namespace chainlit::auth;

TEST(auth_secret, create_secret_is_64_chars_from_the_alphabet) {
    const auto s = create_secret();
    ASSERT_EQ(s.size(), 64u);
    for (char c : s)
        EXPECT_NE(secret_alphabet.find(c), std::string_view::npos) << c;
    EXPECT_NE(create_secret(), s);
    EXPECT_TRUE(validate_secret(s));
}

TEST(auth_secret, alphabet_matches_chainlit) {
    EXPECT_EQ(secret_alphabet.size(), 26u + 26u + 10u + 15u);
    EXPECT_NE(secret_alphabet.find("$%*,-./:=>?@^_~"), std::string_view::npos);
}

TEST(auth_secret, validate_rejects_missing_and_short) {
    EXPECT_EQ(validate_secret("").error(), auth_errc::secret_missing);
    EXPECT_EQ(validate_secret(std::string(31, 'x')).error(), auth_errc::secret_too_short);
    EXPECT_TRUE(validate_secret(std::string(32, 'x')));
}

TEST(auth_secret, error_messages_point_to_create_secret) {
    EXPECT_NE(validate_secret("").error().message().find("create-secret"), std::string::npos);
    EXPECT_NE(validate_secret("short").error().message().find("create-secret"), std::string::npos);
}
