#include "chainlit/auth/jwt.hpp"

#include "chainlit/auth/base64url.hpp"
#include "chainlit/auth/error.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace chainlit;
using namespace chainlit::auth;
using namespace std::chrono_literals;

namespace {

const std::string secret = "test-secret-0123456789-0123456789-abcdef";
const auto t0 = std::chrono::system_clock::time_point{1'700'000'000s};

std::string mac(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return {reinterpret_cast<const char*>(out), len};
}

// A token with arbitrary header and claims, validly signed: lets each test break one rule only.
std::string sign(std::string_view header, std::string_view claims, std::string_view key = secret,
                 const EVP_MD* md = EVP_sha256()) {
    auto input = base64url_encode(header) + "." + base64url_encode(claims);
    return input + "." + base64url_encode(mac(md, key, input));
}

constexpr std::string_view hs256 = R"({"alg":"HS256","typ":"JWT"})";

std::string claims(std::string_view extra = "") {
    return std::string(R"({"identifier":"alice","display_name":null,"metadata":{},"exp":)") +
           "1700000100" + std::string(extra) + "}";
}

json::object segment(const std::string& token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i)
        start = token.find('.', start) + 1;
    const auto end = token.find('.', start);
    return json::parse(*base64url_decode(token.substr(start, end - start))).as_object();
}

auth_errc code(const result<user>& r) {
    EXPECT_FALSE(r);
    return r ? auth_errc::ok : static_cast<auth_errc>(r.error().value());
}

} // namespace

TEST(auth_jwt, matches_pyjwt_byte_for_byte) {
    // jwt.encode({...same claims...}, secret, algorithm="HS256") with PyJWT 2.6.
    const std::string pyjwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZGVudGlmaWVyIjoiYWRtaW4iLCJkaXNwbGF5X25hbWUiOm51"
        "bGwsIm1ldGFkYXRhIjp7InJvbGUiOiJhZG1pbiIsInByb3ZpZGVyIjoiY3JlZGVudGlhbHMifSwiZXhwIjoyMDAw"
        "MDAwMDAwLCJpYXQiOjE3MDAwMDAwMDB9.OIM9c_QjDD1v8WbYdf144xAnlaxVOBFmIZCPvgdfjf0";
    user u{.identifier = "admin", .metadata = {{"role", "admin"}, {"provider", "credentials"}}};
    EXPECT_EQ(create_jwt(u, secret, 300'000'000s, t0), pyjwt);
}

TEST(auth_jwt, decodes_pyjwt_token_with_unicode_escapes_and_persisted_fields) {
    const std::string pyjwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZGVudGlmaWVyIjoiXHUwMGU5bWlsZSIsImRpc3BsYXlfbmF"
        "tZSI6Ilx1MDBjOW1pbGUiLCJtZXRhZGF0YSI6e30sImlkIjoidS0xIiwiY3JlYXRlZEF0IjoiMjAyNC0wMS0wMVQw"
        "MDowMDowMC4wMDAwMDBaIiwiZXhwIjoyMDAwMDAwMDAwLCJpYXQiOjE3MDAwMDAwMDB9.hSnjJBJug50HAN1AGVH"
        "y0BOqj3IGZUmW7kzMUEpFWC0";
    auto u = decode_jwt(pyjwt, secret, t0);
    ASSERT_TRUE(u) << u.error().message();
    EXPECT_EQ(u->identifier, "\xc3\xa9mile");
    EXPECT_EQ(u->display_name, "\xc3\x89mile");
    // Chainlit builds a plain User from the token: persisted fields come from the data layer.
    EXPECT_FALSE(u->id);
    EXPECT_FALSE(u->created_at);
}

TEST(auth_jwt, claims_have_chainlit_shape) {
    user u{.identifier = "alice", .metadata = {{"image", "a.png"}}};
    const auto token = create_jwt(u, secret, 3600s, t0 + 999ms);
    EXPECT_EQ(segment(token, 0), json::parse(hs256).as_object());
    const auto c = segment(token, 1);
    EXPECT_EQ(c.size(), 5u);
    EXPECT_EQ(c.at("identifier"), "alice");
    EXPECT_TRUE(c.at("display_name").is_null());
    EXPECT_EQ(c.at("metadata").at("image"), "a.png");
    // Integer NumericDates, fraction of a second dropped.
    EXPECT_EQ(c.at("iat"), json::value(1'700'000'000));
    EXPECT_EQ(c.at("exp"), json::value(1'700'003'600));
}

TEST(auth_jwt, persisted_user_claims_include_id_and_created_at) {
    user u{.identifier = "bob", .display_name = "Bob", .id = "42", .created_at = "2024-01-01Z"};
    const auto c = segment(create_jwt(u, secret, 60s, t0), 1);
    EXPECT_EQ(c.at("id"), "42");
    EXPECT_EQ(c.at("createdAt"), "2024-01-01Z");
    EXPECT_EQ(c.at("display_name"), "Bob");
}

TEST(auth_jwt, round_trip) {
    user u{.identifier = "alice",
           .display_name = "Alice",
           .metadata = {{"provider", "github"}, {"nested", {{"a", json::array{1, 2}}}}}};
    const auto token = create_jwt(u, secret, default_session_lifetime, t0);
    auto back = decode_jwt(token, secret, t0 + 14 * 24h);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, u);
}

TEST(auth_jwt, expiry_boundary) {
    const auto token = create_jwt(user{.identifier = "a"}, secret, 60s, t0);
    EXPECT_TRUE(decode_jwt(token, secret, t0 + 59s + 999ms));
    EXPECT_EQ(code(decode_jwt(token, secret, t0 + 60s)), auth_errc::expired);
    EXPECT_EQ(code(decode_jwt(token, secret, t0 + 24h)), auth_errc::expired);
}

TEST(auth_jwt, create_rejects_empty_secret) {
    EXPECT_THROW(create_jwt(user{.identifier = "a"}, "", 60s, t0), std::invalid_argument);
    const auto token = create_jwt(user{.identifier = "a"}, secret, 60s, t0);
    EXPECT_EQ(code(decode_jwt(token, "", t0)), auth_errc::secret_missing);
}

TEST(auth_jwt_rejects, alg_none) {
    const auto unsigned_token =
        base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(claims()) + ".";
    EXPECT_EQ(code(decode_jwt(unsigned_token, secret, t0)), auth_errc::unsupported_alg);
    // Even with a valid HS256 MAC attached, "none" is refused.
    EXPECT_EQ(code(decode_jwt(sign(R"({"alg":"none"})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
}

TEST(auth_jwt_rejects, other_algorithms) {
    EXPECT_EQ(
        code(decode_jwt(sign(R"({"alg":"HS512","typ":"JWT"})", claims(), secret, EVP_sha512()),
                        secret, t0)),
        auth_errc::unsupported_alg);
    EXPECT_EQ(code(decode_jwt(sign(R"({"alg":"RS256","typ":"JWT"})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
    EXPECT_EQ(code(decode_jwt(sign(R"({"alg":"hs256"})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
    EXPECT_EQ(code(decode_jwt(sign(R"({"typ":"JWT"})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
    EXPECT_EQ(code(decode_jwt(sign(R"({"alg":["HS256"]})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
    EXPECT_EQ(code(decode_jwt(sign(R"({"alg":"HS256","crit":["exp"]})", claims()), secret, t0)),
              auth_errc::unsupported_alg);
}

TEST(auth_jwt_rejects, forged_signature) {
    auto token = sign(hs256, claims());
    ASSERT_TRUE(decode_jwt(token, secret, t0));
    const auto dot = token.rfind('.');
    const auto forged = token.substr(0, dot + 1) + base64url_encode(std::string(32, 'x'));
    EXPECT_EQ(code(decode_jwt(forged, secret, t0)), auth_errc::bad_signature);
    // Flipping one signature character (not the last, whose low bits are unused).
    auto flipped = token;
    flipped[dot + 5] = flipped[dot + 5] == 'A' ? 'B' : 'A';
    EXPECT_EQ(code(decode_jwt(flipped, secret, t0)), auth_errc::bad_signature);
}

TEST(auth_jwt_rejects, wrong_secret) {
    const auto token =
        create_jwt(user{.identifier = "a"}, "another-secret-entirely-1234567890", 60s, t0);
    EXPECT_EQ(code(decode_jwt(token, secret, t0)), auth_errc::bad_signature);
}

TEST(auth_jwt_rejects, tampered_payload) {
    const auto token = create_jwt(user{.identifier = "alice"}, secret, 60s, t0);
    const auto dot1 = token.find('.');
    const auto dot2 = token.rfind('.');
    auto c = segment(token, 1);
    c["identifier"] = "admin";
    const auto tampered =
        token.substr(0, dot1 + 1) + base64url_encode(json::serialize(c)) + token.substr(dot2);
    EXPECT_EQ(code(decode_jwt(tampered, secret, t0)), auth_errc::bad_signature);
}

TEST(auth_jwt_rejects, signature_of_wrong_length) {
    auto token = sign(hs256, claims());
    token.resize(token.rfind('.') + 1);
    EXPECT_EQ(code(decode_jwt(token + base64url_encode(std::string(31, 'x')), secret, t0)),
              auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(token, secret, t0)), auth_errc::malformed_token);
}

TEST(auth_jwt_rejects, expired) {
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims()), secret, t0 + 100s)), auth_errc::expired);
    const auto token = create_jwt(user{.identifier = "a"}, secret, -1s, t0);
    EXPECT_EQ(code(decode_jwt(token, secret, t0)), auth_errc::expired);
}

TEST(auth_jwt_rejects, nbf_or_iat_in_the_future) {
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims(R"(,"nbf":1700000001)")), secret, t0)),
              auth_errc::not_yet_valid);
    EXPECT_TRUE(decode_jwt(sign(hs256, claims(R"(,"nbf":1700000000)")), secret, t0));
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims(R"(,"iat":1700000001)")), secret, t0)),
              auth_errc::not_yet_valid);
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims(R"(,"iat":1700000000.5)")), secret, t0)),
              auth_errc::not_yet_valid);
    EXPECT_TRUE(decode_jwt(sign(hs256, claims(R"(,"iat":1699999999.5)")), secret, t0));
}

TEST(auth_jwt_rejects, broken_base64) {
    auto token = sign(hs256, claims());
    const auto dot1 = token.find('.');
    auto bad_payload = token;
    bad_payload[dot1 + 3] = '*';
    EXPECT_EQ(code(decode_jwt(bad_payload, secret, t0)), auth_errc::bad_signature);
    auto bad_header = token;
    bad_header[2] = '+';
    EXPECT_EQ(code(decode_jwt(bad_header, secret, t0)), auth_errc::malformed_token);
    auto bad_signature = token;
    bad_signature[token.rfind('.') + 1] = '/';
    EXPECT_EQ(code(decode_jwt(bad_signature, secret, t0)), auth_errc::malformed_token);
    // A payload that is not base64url at all, but "signed": the MAC passes, decoding fails.
    const auto input = base64url_encode(hs256) + ".%%%";
    const auto signed_garbage = input + "." + base64url_encode(mac(EVP_sha256(), secret, input));
    EXPECT_EQ(code(decode_jwt(signed_garbage, secret, t0)), auth_errc::malformed_token);
}

TEST(auth_jwt_rejects, wrong_segment_count) {
    const auto token = sign(hs256, claims());
    EXPECT_EQ(code(decode_jwt("", secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt("abc", secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(token.substr(0, token.rfind('.')), secret, t0)),
              auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(token + ".", secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(token + ".x", secret, t0)), auth_errc::malformed_token);
}

TEST(auth_jwt_rejects, non_object_or_non_json) {
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"(["identifier","alice"])"), secret, t0)),
              auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(sign(hs256, "not json"), secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(sign(hs256, "\"string\""), secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(sign("[]", claims()), secret, t0)), auth_errc::malformed_token);
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims() + "x"), secret, t0)),
              auth_errc::malformed_token);
}

TEST(auth_jwt_rejects, missing_or_bad_claims) {
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":"a"})"), secret, t0)),
              auth_errc::missing_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":"a","exp":null})"), secret, t0)),
              auth_errc::missing_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"metadata":{},"exp":1700000100})"), secret, t0)),
              auth_errc::missing_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":"a","exp":"1700000100"})"), secret, t0)),
              auth_errc::invalid_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":"a","exp":true})"), secret, t0)),
              auth_errc::invalid_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims(R"(,"nbf":"soon")")), secret, t0)),
              auth_errc::invalid_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, claims(R"(,"aud":"other-app")")), secret, t0)),
              auth_errc::invalid_claim);
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":7,"exp":1700000100})"), secret, t0)),
              auth_errc::invalid_claim);
}

TEST(auth_jwt, numeric_date_edge_cases_are_accepted_like_pyjwt) {
    EXPECT_TRUE(decode_jwt(sign(hs256, R"({"identifier":"a","exp":1700000100.9})"), secret, t0));
    EXPECT_TRUE(
        decode_jwt(sign(hs256, R"({"identifier":"a","exp":18446744073709551615})"), secret, t0));
    EXPECT_TRUE(decode_jwt(sign(hs256, R"({"identifier":"a","exp":1e300})"), secret, t0));
    EXPECT_EQ(code(decode_jwt(sign(hs256, R"({"identifier":"a","exp":-1e300})"), secret, t0)),
              auth_errc::expired);
    EXPECT_TRUE(decode_jwt(sign(hs256, claims(R"(,"aud":"")")), secret, t0));
}

TEST(auth_jwt_rejects, oversized_token_before_parsing) {
    // 100 KB of garbage: must fail on size alone, and a validly signed huge token too.
    EXPECT_EQ(code(decode_jwt(std::string(100'000, 'a'), secret, t0)), auth_errc::token_too_large);
    const std::string big = claims(R"(,"pad":")" + std::string(100'000, 'x') + "\"");
    EXPECT_EQ(code(decode_jwt(sign(hs256, big), secret, t0)), auth_errc::token_too_large);
    // Just under the cap still works.
    const std::string ok = claims(R"(,"pad":")" + std::string(10'000, 'x') + "\"");
    const auto token = sign(hs256, ok);
    ASSERT_LE(token.size(), max_token_size);
    EXPECT_TRUE(decode_jwt(token, secret, t0));
}

TEST(auth_jwt, errors_are_in_the_auth_category) {
    auto r = decode_jwt("x.y.z", secret, t0);
    ASSERT_FALSE(r);
    EXPECT_EQ(&r.error().category(), &auth_category());
    EXPECT_FALSE(r.error().message().empty());
}

TEST(auth_jwt, verify_keeps_the_issue_time_in_whole_seconds) {
    user u;
    u.identifier = "alice";
    auto v = verify_jwt(create_jwt(u, secret, 60s, t0), secret, t0 + 1s);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->u.identifier, "alice");
    EXPECT_EQ(v->issued_at, 1'700'000'000);
    auto fractional = verify_jwt(
        sign(hs256, R"({"identifier":"a","exp":1700000100,"iat":1699999990.7})"), secret, t0);
    ASSERT_TRUE(fractional);
    EXPECT_EQ(fractional->issued_at, 1'699'999'990) << "a fraction never dates a token later";
    auto undated = verify_jwt(sign(hs256, R"({"identifier":"a","exp":1700000100})"), secret, t0);
    ASSERT_TRUE(undated);
    EXPECT_FALSE(undated->issued_at);
}

TEST(auth_jwt, a_token_issued_up_to_its_users_removal_second_is_void) {
    const auto removed = t0 + 500ms; // removed half-way through second t0
    EXPECT_TRUE(issued_before_removal(1'699'999'999, removed));
    EXPECT_TRUE(issued_before_removal(1'700'000'000, removed)) << "same second: refused";
    EXPECT_FALSE(issued_before_removal(1'700'000'001, removed)) << "a token made after";
    EXPECT_TRUE(issued_before_removal(std::nullopt, removed)) << "undated: refused";
}
