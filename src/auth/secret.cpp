#include "chainlit/auth/secret.hpp"

#include "chainlit/auth/error.hpp"
#include "chainlit/core/random.hpp"

namespace chainlit::auth {

std::string create_secret() {
    return random_string(64, secret_alphabet);
}

result<void> validate_secret(std::string_view secret) {
    if (secret.empty())
        return auth_errc::secret_missing;
    if (secret.size() < min_secret_size)
        return auth_errc::secret_too_short;
    return {};
}

} // namespace chainlit::auth
