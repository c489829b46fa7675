#include "chainlit/auth/bearer.hpp"

#include "chainlit/auth/error.hpp"

#include <gtest/gtest.h>

using namespace chainlit::auth;

TEST(auth_bearer, extracts_token) {
    EXPECT_EQ(parse_bearer("Bearer abc.def.ghi").value(), "abc.def.ghi");
    EXPECT_EQ(parse_bearer("bearer tok").value(), "tok");
    EXPECT_EQ(parse_bearer("BEARER tok").value(), "tok");
    EXPECT_EQ(parse_bearer("  Bearer \t tok  ").value(), "tok");
}

TEST(auth_bearer, missing_header) {
    EXPECT_EQ(parse_bearer(std::nullopt).error(), auth_errc::header_missing);
    EXPECT_EQ(parse_bearer("").error(), auth_errc::header_missing);
}

TEST(auth_bearer, wrong_scheme) {
    EXPECT_EQ(parse_bearer("Basic dXNlcjpwYXNz").error(), auth_errc::bad_scheme);
    EXPECT_EQ(parse_bearer("Bearers tok").error(), auth_errc::bad_scheme);
    EXPECT_EQ(parse_bearer("Token tok").error(), auth_errc::bad_scheme);
}

TEST(auth_bearer, wrong_format) {
    for (const char* bad : {"Bearer", "Bearer ", "   ", "Bearer a b", "Basic a b c d"})
        EXPECT_EQ(parse_bearer(bad).error(), auth_errc::bad_header_format) << bad;
}

TEST(auth_bearer, messages_are_the_protocol_details) {
    EXPECT_EQ(parse_bearer(std::nullopt).error().message(), "Authorization header missing");
    EXPECT_EQ(parse_bearer("Basic x").error().message(),
              "Invalid authentication scheme. Please use Bearer");
    EXPECT_EQ(parse_bearer("Bearer").error().message(), "Invalid authorization header format");
}

TEST(auth_bearer, huge_header_is_a_format_error) {
    const std::string header = "Bearer " + std::string(100'000, 'a') + " " + std::string(10, 'b');
    EXPECT_EQ(parse_bearer(header).error(), auth_errc::bad_header_format);
}
