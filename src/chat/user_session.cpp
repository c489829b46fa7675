#include "chainlit/chat/user_session.hpp"

namespace chainlit {

bool user_session::contains(std::string_view key) const {
    std::lock_guard lk(mu_);
    return data_.contains(key);
}

void user_session::erase(std::string_view key) {
    std::lock_guard lk(mu_);
    if (data_.erase(key))
        ++version_;
}

json::object user_session::snapshot() const {
    std::lock_guard lk(mu_);
    return data_;
}

void user_session::assign(json::object o) {
    std::lock_guard lk(mu_);
    data_ = std::move(o);
    ++version_;
}

std::uint64_t user_session::version() const {
    std::lock_guard lk(mu_);
    return version_;
}

} // namespace chainlit
