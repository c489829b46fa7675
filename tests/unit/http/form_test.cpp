#include "chainlit/http/form.hpp"

#include <gtest/gtest.h>

using namespace chainlit::http;

TEST(urlencoded, decodes_pairs_plus_and_percent) {
    auto f = parse_urlencoded("username=al+ice&password=p%26ss%3D&empty=&flag");
    ASSERT_TRUE(f);
    EXPECT_EQ(*f->get("username"), "al ice");
    EXPECT_EQ(*f->get("password"), "p&ss=");
    EXPECT_EQ(*f->get("empty"), "");
    EXPECT_EQ(*f->get("flag"), "");
    EXPECT_EQ(f->get("missing"), nullptr);
}

TEST(urlencoded, rejects_bad_escapes) {
    EXPECT_FALSE(parse_urlencoded("a=%zz"));
    EXPECT_FALSE(parse_urlencoded("a=%4"));
    EXPECT_FALSE(parse_urlencoded("a=%"));
}

TEST(multipart, parses_fields_and_files) {
    const std::string body =
        "preamble\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"username\"\r\n\r\n"
        "alice\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a;b.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "line1\r\nline2\r\n"
        "--XyZ--\r\nepilogue";
    auto f = parse_multipart(body, "multipart/form-data; boundary=XyZ");
    ASSERT_TRUE(f) << f.error().message();
    EXPECT_EQ(*f->get("username"), "alice");
    const auto* file = f->file("file");
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->filename, "a;b.txt");
    EXPECT_EQ(file->content_type, "text/plain");
    EXPECT_EQ(file->data, "line1\r\nline2");
}

TEST(multipart, quoted_boundary_and_binary_data) {
    std::string data("\0\x01\xff--X", 6);
    const std::string body =
        "--X\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b\"\r\n\r\n" + data +
        "\r\n--X--";
    auto f = parse_multipart(body, "multipart/form-data; boundary=\"X\"");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->file("f")->data, data);
    EXPECT_EQ(f->file("f")->content_type, "application/octet-stream");
}

TEST(multipart, rejects_malformed_bodies) {
    const char* ct = "multipart/form-data; boundary=B";
    EXPECT_FALSE(parse_multipart("", ct));
    EXPECT_FALSE(parse_multipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", ct));
    EXPECT_FALSE(parse_multipart("--B\r\nno-colon-header\r\n\r\nx\r\n--B--", ct));
    EXPECT_FALSE(parse_multipart("--B\r\nContent-Type: a/b\r\n\r\nx\r\n--B--", ct));
    EXPECT_FALSE(parse_multipart("--B--", "multipart/form-data"));
    EXPECT_EQ(parse_multipart("--B--", "text/plain").error(),
              make_error_code(chainlit::errc::invalid_argument));
}

TEST(multipart, bounds_part_count) {
    std::string body;
    for (int i = 0; i < 20; ++i)
        body += "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
    body += "--B--";
    multipart_limits lim;
    lim.max_parts = 10;
    auto f = parse_multipart(body, "multipart/form-data; boundary=B", lim);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error(), make_error_code(chainlit::errc::too_large));
    EXPECT_TRUE(parse_multipart(body, "multipart/form-data; boundary=B"));
}

TEST(percent_decode, plus_only_in_forms) {
    EXPECT_EQ(*percent_decode("a+b%2B", false), "a+b+");
    EXPECT_EQ(*percent_decode("a+b%2B", true), "a b+");
}
