#include "chainlit/auth/jwt.hpp"

#include "chainlit/auth/base64url.hpp"
#include "chainlit/auth/error.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <optional>
#include <stdexcept>

namespace chainlit::auth {
namespace {

// PyJWT's header bytes (it serialises with sort_keys=True), so our tokens match its byte for byte
// up to the claims.
constexpr std::string_view header_b64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
constexpr std::size_t sha256_size = 32;

/// HMAC-SHA256 with the keyed state kept per thread. OpenSSL's one-shot HMAC() fetches the
/// digest and pads the key on every call: that was 12% of a /protected request's CPU. A thread
/// re-keys only when it sees another secret (tests use several).
class hmac_sha256_cache {
public:
    hmac_sha256_cache() = default;
    hmac_sha256_cache(const hmac_sha256_cache&) = delete;
    hmac_sha256_cache& operator=(const hmac_sha256_cache&) = delete;
    ~hmac_sha256_cache() {
        EVP_MAC_CTX_free(ctx_);
        OPENSSL_cleanse(key_.data(), key_.size());
    }

    std::string sign(std::string_view key, std::string_view data) {
        if (!ctx_ || key != key_)
            rekey(key);
        else if (!EVP_MAC_init(ctx_, nullptr, 0, nullptr)) // same key: reset the state only
            fail();
        unsigned char md[EVP_MAX_MD_SIZE];
        std::size_t md_len = 0;
        if (!EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(data.data()),
                            data.size()) ||
            !EVP_MAC_final(ctx_, md, &md_len, sizeof md))
            fail();
        return std::string(reinterpret_cast<const char*>(md), md_len);
    }

private:
    void rekey(std::string_view key) {
        static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (!hmac)
            throw std::runtime_error("HMAC-SHA256 is not available in OpenSSL");
        if (!ctx_ && !(ctx_ = EVP_MAC_CTX_new(hmac)))
            throw std::bad_alloc();
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_end()};
        // A non-null key pointer even for an empty key: null means "keep the old key".
        static const unsigned char empty_key = 0;
        const auto* k =
            key.empty() ? &empty_key : reinterpret_cast<const unsigned char*>(key.data());
        OPENSSL_cleanse(key_.data(), key_.size());
        key_.clear();
        if (!EVP_MAC_init(ctx_, k, key.size(), params))
            fail();
        key_.assign(key);
    }
    [[noreturn]] void fail() {
        // A failed context is not reused: the next call starts from a fresh one.
        EVP_MAC_CTX_free(ctx_);
        ctx_ = nullptr;
        throw std::runtime_error("HMAC-SHA256 failed");
    }

    EVP_MAC_CTX* ctx_ = nullptr;
    std::string key_;
};

std::string hmac_sha256(std::string_view key, std::string_view data) {
    thread_local hmac_sha256_cache cache;
    return cache.sign(key, data);
}

std::int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

/// `sp` lets the caller keep the parse in a stack buffer: claims are read, then dropped.
std::optional<json::object> parse_object(std::string_view b64, json::storage_ptr sp = {}) {
    auto bytes = base64url_decode(b64);
    if (!bytes)
        return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(*bytes, ec, std::move(sp));
    if (ec || !v.is_object())
        return std::nullopt;
    return std::move(v.get_object());
}

enum class rounding { toward_zero, up };

// A NumericDate as an integer. PyJWT applies int() to exp and nbf (truncation) but compares iat
// raw, so a fractional iat is rounded up to keep "iat > now" equivalent. Out-of-range values
// saturate, which keeps their meaning (an enormous exp never expires).
std::optional<std::int64_t> numeric_date(const json::value& v, rounding r) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    if (v.is_int64())
        return v.get_int64();
    if (v.is_uint64())
        return v.get_uint64() > static_cast<std::uint64_t>(max)
                   ? max
                   : static_cast<std::int64_t>(v.get_uint64());
    if (!v.is_double() || !std::isfinite(v.get_double()))
        return std::nullopt;
    const double d = r == rounding::up ? std::ceil(v.get_double()) : std::trunc(v.get_double());
    if (d >= 9.2e18)
        return max;
    if (d <= -9.2e18)
        return min;
    return static_cast<std::int64_t>(d);
}

} // namespace

std::string create_jwt(const user& u, std::string_view secret, std::chrono::seconds lifetime,
                       std::chrono::system_clock::time_point now) {
    if (secret.empty())
        throw std::invalid_argument("create_jwt: empty secret");
    json::object claims = to_json(u);
    const auto iat = epoch_seconds(now);
    claims["exp"] = iat + lifetime.count();
    claims["iat"] = iat;

    std::string token(header_b64);
    token += '.';
    token += base64url_encode(json::serialize(claims));
    const auto signature = hmac_sha256(secret, token);
    token += '.';
    token += base64url_encode(signature);
    return token;
}

result<user> decode_jwt(std::string_view token, std::string_view secret,
                        std::chrono::system_clock::time_point now) {
    auto v = verify_jwt(token, secret, now);
    if (!v)
        return v.error();
    return std::move(v->u);
}

bool issued_before_removal(std::optional<std::int64_t> issued_at,
                           std::chrono::system_clock::time_point removed_at) noexcept {
    if (!issued_at)
        return true;
    const auto removed_s =
        std::chrono::duration_cast<std::chrono::seconds>(removed_at.time_since_epoch()).count();
    return *issued_at <= removed_s;
}

result<verified_token> verify_jwt(std::string_view token, std::string_view secret,
                                  std::chrono::system_clock::time_point now) {
    if (token.size() > max_token_size)
        return auth_errc::token_too_large;
    if (secret.empty())
        return auth_errc::secret_missing;

    const auto dot1 = token.find('.');
    if (dot1 == std::string_view::npos)
        return auth_errc::malformed_token;
    const auto dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return auth_errc::malformed_token;
    const auto header_part = token.substr(0, dot1);
    const auto payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const auto signature_part = token.substr(dot2 + 1);

    // Our own (and PyJWT's) header spelling needs no parse: it says HS256 and nothing else.
    if (header_part != header_b64) {
        const auto header = parse_object(header_part);
        if (!header)
            return auth_errc::malformed_token;
        const auto* alg = header->if_contains("alg");
        if (!alg || !alg->is_string() || alg->get_string() != "HS256")
            return auth_errc::unsupported_alg;
        // RFC 7515 §4.1.11: a recipient must reject extensions it does not understand.
        if (header->contains("crit"))
            return auth_errc::unsupported_alg;
    }

    // Check the signature before reading claims: nothing attacker-chosen beyond the header is
    // interpreted unless the token is ours.
    const auto signature = base64url_decode(signature_part);
    if (!signature || signature->size() != sha256_size)
        return auth_errc::malformed_token;
    const auto expected = hmac_sha256(secret, token.substr(0, dot2));
    if (CRYPTO_memcmp(expected.data(), signature->data(), sha256_size) != 0)
        return auth_errc::bad_signature;

    // Claims live only until the user is built: a stack buffer spares the allocator (a larger
    // payload spills to the heap).
    alignas(std::max_align_t) unsigned char claims_buffer[2048];
    json::monotonic_resource claims_memory(claims_buffer, sizeof claims_buffer);
    const auto claims = parse_object(payload_part, &claims_memory);
    if (!claims)
        return auth_errc::malformed_token;

    const auto now_s = epoch_seconds(now);
    const auto* exp = claims->if_contains("exp");
    if (!exp || exp->is_null())
        return auth_errc::missing_claim;
    const auto exp_s = numeric_date(*exp, rounding::toward_zero);
    if (!exp_s)
        return auth_errc::invalid_claim;
    if (*exp_s <= now_s)
        return auth_errc::expired;
    if (const auto* nbf = claims->if_contains("nbf")) {
        const auto nbf_s = numeric_date(*nbf, rounding::toward_zero);
        if (!nbf_s)
            return auth_errc::invalid_claim;
        if (*nbf_s > now_s)
            return auth_errc::not_yet_valid;
    }
    std::optional<std::int64_t> issued_at;
    if (const auto* iat = claims->if_contains("iat")) {
        const auto iat_s = numeric_date(*iat, rounding::up);
        if (!iat_s)
            return auth_errc::invalid_claim;
        if (*iat_s > now_s)
            return auth_errc::not_yet_valid;
        issued_at = numeric_date(*iat, rounding::toward_zero);
    }
    // PyJWT refuses any token with an audience when the caller expects none, as Chainlit does.
    if (const auto* aud = claims->if_contains("aud")) {
        const bool empty = aud->is_null() || (aud->is_string() && aud->get_string().empty()) ||
                           (aud->is_array() && aud->get_array().empty());
        if (!empty)
            return auth_errc::invalid_claim;
    }

    auto u = user_from_json(*claims);
    if (!u)
        return u.error();
    u->id.reset();
    u->created_at.reset();
    return verified_token{std::move(*u), issued_at};
}

} // namespace chainlit::auth
