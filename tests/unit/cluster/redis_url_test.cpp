// CHAINLIT_REDIS_URL parsing: what redis-cli accepts, and a clear error for the rest.
#include "cluster/redis_url.hpp"

#include <gtest/gtest.h>

using chainlit::cluster::parse_redis_url;

TEST(RedisUrl, DefaultsAndFullForm) {
    std::string err;
    auto a = parse_redis_url("redis://127.0.0.1", err);
    ASSERT_TRUE(a) << err;
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 6379);
    EXPECT_EQ(a->db, 0);
    EXPECT_TRUE(a->password.empty());

    auto b = parse_redis_url("redis://app:s3cret@10.0.0.5:6380/3", err);
    ASSERT_TRUE(b) << err;
    EXPECT_EQ(b->user, "app");
    EXPECT_EQ(b->password, "s3cret");
    EXPECT_EQ(b->port, 6380);
    EXPECT_EQ(b->db, 3);
    EXPECT_EQ(b->display(), "10.0.0.5:6380/3"); // never the password
}

TEST(RedisUrl, PasswordOnlyAndIpv6) {
    std::string err;
    auto a = parse_redis_url("redis://:pw@localhost:7000/1", err);
    ASSERT_TRUE(a) << err;
    EXPECT_TRUE(a->user.empty());
    EXPECT_EQ(a->password, "pw");
    auto b = parse_redis_url("redis://pw@localhost", err); // redis-cli reads it as a password
    ASSERT_TRUE(b) << err;
    EXPECT_TRUE(b->user.empty());
    EXPECT_EQ(b->password, "pw");
    auto c = parse_redis_url("redis://[::1]:6390/2", err);
    ASSERT_TRUE(c) << err;
    EXPECT_EQ(c->host, "::1");
    EXPECT_EQ(c->display(), "[::1]:6390/2");
}

TEST(RedisUrl, BadInputSaysWhat) {
    std::string err;
    EXPECT_FALSE(parse_redis_url("not a url", err));
    EXPECT_NE(err.find("not a URL"), std::string::npos);
    EXPECT_FALSE(parse_redis_url("http://127.0.0.1", err));
    EXPECT_EQ(err, "the scheme must be redis://");
    EXPECT_FALSE(parse_redis_url("rediss://127.0.0.1", err));
    EXPECT_NE(err.find("TLS"), std::string::npos);
    EXPECT_FALSE(parse_redis_url("redis://127.0.0.1:0", err));
    EXPECT_NE(err.find("bad port"), std::string::npos);
    EXPECT_FALSE(parse_redis_url("redis://127.0.0.1/x", err));
    EXPECT_EQ(err, "bad database number 'x'");
    EXPECT_FALSE(parse_redis_url("redis://127.0.0.1/-1", err));
    EXPECT_FALSE(parse_redis_url("redis://127.0.0.1/1/2", err));
}
