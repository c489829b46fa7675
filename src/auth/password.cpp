#include "chainlit/auth/password.hpp"

#include "chainlit/auth/error.hpp"

#include <sodium.h>
#include <stdexcept>

namespace chainlit::auth {
namespace {

void ensure_sodium() {
    // sodium_init() is thread-safe and idempotent; the static runs it once per process.
    static const int rc = sodium_init();
    if (rc < 0)
        throw std::runtime_error("libsodium initialisation failed");
}

} // namespace

result<std::string> hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return auth_errc::hash_failed;
    return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
    ensure_sodium();
    // libsodium wants a NUL-terminated string that fits its buffer size.
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    const std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

} // namespace chainlit::auth
