#include "chainlit/auth/error.hpp"

namespace chainlit::auth {
namespace {
class category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "chainlit.auth"; }
    std::string message(int ev) const override {
        switch (static_cast<auth_errc>(ev)) {
        case auth_errc::ok:
            return "ok";
        case auth_errc::malformed_token:
            return "malformed token";
        case auth_errc::token_too_large:
            return "token too large";
        case auth_errc::unsupported_alg:
            return "unsupported token algorithm (only HS256)";
        case auth_errc::bad_signature:
            return "token signature mismatch";
        case auth_errc::expired:
            return "token expired";
        case auth_errc::not_yet_valid:
            return "token not yet valid";
        case auth_errc::missing_claim:
            return "token lacks a required claim";
        case auth_errc::invalid_claim:
            return "token claim has an invalid value";
        case auth_errc::missing_token:
            return "no authentication token";
        case auth_errc::ambiguous_cookie:
            return "auth cookie sent several times with different values";
        // These three are the exact `detail` texts of spec C.1 (POST /auth/jwt).
        case auth_errc::header_missing:
            return "Authorization header missing";
        case auth_errc::bad_scheme:
            return "Invalid authentication scheme. Please use Bearer";
        case auth_errc::bad_header_format:
            return "Invalid authorization header format";
        case auth_errc::secret_missing:
            return "CHAINLIT_AUTH_SECRET is not set, and login is required. Run `create-secret` "
                   "to generate one and set it in the environment";
        case auth_errc::secret_too_short:
            return "CHAINLIT_AUTH_SECRET is shorter than 32 bytes. Run `create-secret` to "
                   "generate a strong one";
        case auth_errc::invalid_setting:
            return "invalid auth setting";
        case auth_errc::hash_failed:
            return "password hashing failed";
        }
        return "unknown auth error";
    }
};
} // namespace

const boost::system::error_category& auth_category() noexcept {
    static const category cat;
    return cat;
}

} // namespace chainlit::auth
