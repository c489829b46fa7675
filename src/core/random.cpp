#include "chainlit/core/random.hpp"

#include <limits>
#include <openssl/rand.h>
#include <stdexcept>

namespace chainlit {

void random_bytes(void* out, std::size_t n) {
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(n)) != 1)
        throw std::runtime_error("CSPRNG failure (RAND_bytes)");
}

std::string random_string(std::size_t n, std::string_view alphabet) {
    if (alphabet.empty() || alphabet.size() > 256)
        throw std::invalid_argument("random_string: alphabet must have 1..256 characters");
    // Reject bytes at or above the largest multiple of the alphabet size to avoid modulo bias.
    const unsigned limit = 256 - (256 % alphabet.size());
    std::string out;
    out.reserve(n);
    unsigned char buf[64];
    while (out.size() < n) {
        random_bytes(buf, sizeof buf);
        for (unsigned char c : buf) {
            if (c < limit && out.size() < n)
                out.push_back(alphabet[c % alphabet.size()]);
        }
    }
    return out;
}

} // namespace chainlit
