#include "chainlit/core/error.hpp"

namespace chainlit {
namespace {
class category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "chainlit"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::ok:
            return "ok";
        case errc::invalid_argument:
            return "invalid argument";
        case errc::not_found:
            return "not found";
        case errc::unauthorized:
            return "unauthorized";
        case errc::forbidden:
            return "forbidden";
        case errc::conflict:
            return "conflict";
        case errc::too_large:
            return "too large";
        case errc::timeout:
            return "timed out";
        case errc::unavailable:
            return "unavailable";
        case errc::parse_error:
            return "parse error";
        }
        return "unknown chainlit error";
    }
};
} // namespace

const boost::system::error_category& chainlit_category() noexcept {
    static const category cat;
    return cat;
}

} // namespace chainlit
