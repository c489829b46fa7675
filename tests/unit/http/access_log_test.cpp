// The access log never prints an OAuth code or state, or a token sent in the query.
#include "http/access_log.hpp"

#include <gtest/gtest.h>

using chainlit::http::loggable_target;

TEST(access_log, targets_without_a_query_are_printed_as_they_are) {
    EXPECT_EQ(loggable_target("/hello"), "/hello");
    EXPECT_EQ(loggable_target("/"), "/");
}

TEST(access_log, oauth_code_and_state_are_redacted) {
    EXPECT_EQ(loggable_target("/auth/oauth/github/callback?code=abc123&state=xyz"),
              "/auth/oauth/github/callback?code=[redacted]&state=[redacted]");
}

TEST(access_log, other_parameters_and_their_order_are_kept) {
    EXPECT_EQ(loggable_target("/ws/socket.io/?EIO=4&transport=polling&token=t0k&t=PQx"),
              "/ws/socket.io/?EIO=4&transport=polling&token=[redacted]&t=PQx");
    EXPECT_EQ(loggable_target("/x?a=1&&b&Access_Token=s3cret&"),
              "/x?a=1&&b&Access_Token=[redacted]&");
}

TEST(access_log, names_that_only_contain_a_secret_name_are_kept) {
    EXPECT_EQ(loggable_target("/x?zipcode=123&statement=ok"), "/x?zipcode=123&statement=ok");
}
