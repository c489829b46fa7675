#include "chainlit/auth/base64url.hpp"

#include <gtest/gtest.h>

using namespace chainlit::auth;

TEST(auth_base64url, rfc4648_vectors_without_padding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(auth_base64url, uses_url_alphabet) {
    // 0xfb 0xff encodes to "+/8" in standard base64.
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
}

TEST(auth_base64url, round_trips_every_byte_and_length) {
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes.push_back(static_cast<char>(i));
    for (std::size_t n = 0; n <= bytes.size(); n += 7) {
        const auto slice = bytes.substr(bytes.size() - n);
        EXPECT_EQ(base64url_decode(base64url_encode(slice)), slice) << n;
    }
}

TEST(auth_base64url, accepts_exact_padding) {
    EXPECT_EQ(base64url_decode("Zg=="), "f");
    EXPECT_EQ(base64url_decode("Zm8="), "fo");
    EXPECT_EQ(base64url_decode("Zm9v"), "foo");
}

TEST(auth_base64url, rejects_wrong_padding) {
    EXPECT_FALSE(base64url_decode("Zg="));   // padding without full length
    EXPECT_FALSE(base64url_decode("Zm8==")); // too much padding
    EXPECT_FALSE(base64url_decode("Zm9v===="));
    EXPECT_FALSE(base64url_decode("===="));
    EXPECT_FALSE(base64url_decode("Z=g="));
}

TEST(auth_base64url, rejects_invalid_characters) {
    for (const char* bad : {"Zm+v", "Zm/v", "Zm9v\n", "Zm 9v", "Zm9*", "Zm9v.", "\xc3\xa9Zm9"})
        EXPECT_FALSE(base64url_decode(bad)) << bad;
    EXPECT_FALSE(base64url_decode(std::string("Zm\0v", 4)));
}

TEST(auth_base64url, rejects_impossible_length) {
    EXPECT_FALSE(base64url_decode("Z"));
    EXPECT_FALSE(base64url_decode("Zm9vY"));
}

TEST(auth_base64url, rejects_non_zero_trailing_bits) {
    // "Zh" and "Zg" both carry 'f' in lenient decoders; only the canonical form is accepted.
    EXPECT_FALSE(base64url_decode("Zh"));
    EXPECT_FALSE(base64url_decode("Zm9"));
    EXPECT_EQ(base64url_decode("Zm8"), "fo");
}
