#pragma once
#include "chainlit/core/json.hpp"

#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit {

/// Per-session key/value storage for the app (Chainlit's `cl.user_session`). Values are JSON,
/// with typed access through Boost.JSON's value_from/value_to, so any type with a tag_invoke
/// conversion works. `id`, `env`, `user`, `chat_profile`, `chat_settings` and `client_type`
/// are always there. Persisted into the thread's metadata at disconnect and restored on
/// resume. In a cluster, also written into the session directory after each hook, so that
/// another node can take the chat over (docs/SCALING.md). Thread-safe.
class user_session {
public:
    /// The value under `key` converted to T; nullopt if absent or not convertible.
    template <class T> std::optional<T> get(std::string_view key) const {
        std::lock_guard lk(mu_);
        auto it = data_.find(key);
        if (it == data_.end())
            return std::nullopt;
        auto r = json::try_value_to<T>(it->value());
        if (!r)
            return std::nullopt;
        return std::move(*r);
    }
    template <class T> void set(std::string_view key, const T& value) {
        json::value v = json::value_from(value);
        std::lock_guard lk(mu_);
        data_[key] = std::move(v);
        ++version_;
    }
    bool contains(std::string_view key) const;
    void erase(std::string_view key);
    /// A copy of everything (for persistence).
    json::object snapshot() const;
    /// Replaces everything (on resume).
    void assign(json::object o);
    /// Counts the changes: the cluster writes the values again only when this moved.
    std::uint64_t version() const;

private:
    mutable std::mutex mu_;
    json::object data_;
    std::uint64_t version_ = 0;
};

} // namespace chainlit
