#include "chainlit/auth/password.hpp"

#include <gtest/gtest.h>

using namespace chainlit::auth;

TEST(auth_password, hash_then_verify) {
    auto h = hash_password("correct horse battery staple");
    ASSERT_TRUE(h) << h.error().message();
    EXPECT_TRUE(h->starts_with("$argon2id$")) << *h;
    EXPECT_TRUE(verify_password(*h, "correct horse battery staple"));
    EXPECT_FALSE(verify_password(*h, "correct horse battery stapler"));
    EXPECT_FALSE(verify_password(*h, ""));
}

TEST(auth_password, salted_hashes_differ) {
    auto a = hash_password("same");
    auto b = hash_password("same");
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(verify_password(*b, "same"));
}

TEST(auth_password, empty_and_binary_passwords) {
    auto e = hash_password("");
    ASSERT_TRUE(e);
    EXPECT_TRUE(verify_password(*e, ""));
    EXPECT_FALSE(verify_password(*e, " "));
    const std::string binary("a\0b", 3);
    auto b = hash_password(binary);
    ASSERT_TRUE(b);
    EXPECT_TRUE(verify_password(*b, binary));
    EXPECT_FALSE(verify_password(*b, "a"));
}

TEST(auth_password, malformed_hash_is_false) {
    EXPECT_FALSE(verify_password("", "x"));
    EXPECT_FALSE(verify_password("plaintext", "plaintext"));
    EXPECT_FALSE(verify_password(std::string(1000, '$'), "x"));
    auto h = hash_password("pw");
    ASSERT_TRUE(h);
    auto tampered = *h;
    // Inside the hash part, away from the final character's unused bits.
    char& c = tampered[tampered.size() - 10];
    c = c == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_password(tampered, "pw"));
}
