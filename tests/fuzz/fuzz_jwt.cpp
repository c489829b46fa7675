// libFuzzer target for the JWT decoder and its base64url layer.
// - Input starting with '{' is taken as a claims object, signed with the fuzz secret and
//   decoded: the fuzzer cannot forge an HMAC, so this is how it reaches claim validation.
// - Anything else is decoded as a token as received from a cookie or Bearer header.
// Invariants checked: no crash or UB; strict base64url decoding is canonical (re-encoding gives
// the input back, minus padding); an accepted token's user survives create -> decode unchanged.
#include "chainlit/auth/base64url.hpp"
#include "chainlit/auth/jwt.hpp"

#include <cstdint>
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string>
#include <string_view>

using namespace chainlit;

namespace {

constexpr std::string_view secret = "fuzz-secret-0123456789abcdef0123456789";
const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}};

void check(bool ok) {
    if (!ok)
        std::abort();
}

std::string sign_claims(std::string_view claims) {
    auto input = auth::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                 auth::base64url_encode(claims);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return input + "." + auth::base64url_encode({reinterpret_cast<const char*>(mac), len});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto bytes = auth::base64url_decode(input)) {
        auto canonical = input;
        while (!canonical.empty() && canonical.back() == '=')
            canonical.remove_suffix(1);
        check(auth::base64url_encode(*bytes) == canonical);
    }

    const auto token =
        !input.empty() && input.front() == '{' ? sign_claims(input) : std::string(input);
    auto u = auth::decode_jwt(token, secret, now);
    if (!u)
        return 0;
    check(!u->identifier.empty() && !u->id && !u->created_at);
    check(token.size() <= auth::max_token_size);
    // Re-signing adds display_name/iat and may re-escape strings, so a token near the cap can
    // grow past it; only compare when the new token is decodable at all.
    const auto resigned = auth::create_jwt(*u, secret, std::chrono::seconds{60}, now);
    if (resigned.size() > auth::max_token_size)
        return 0;
    auto again = auth::decode_jwt(resigned, secret, now);
    // Equal up to how the JSON library prints numbers: 1111111111111111111111111 becomes a
    // double whose shortest printed form need not read back as the very same double.
    auto expected = *u;
    expected.metadata = json::parse(json::serialize(u->metadata)).as_object();
    check(again && (*again == *u || *again == expected));
    return 0;
}
