#pragma once
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>

namespace chainlit::auth {

/// An authenticated user (spec E.5). Login callbacks build one; a data layer adds `id` and
/// `created_at` when it persists the user, which makes it a Chainlit "PersistedUser".
struct user {
    std::string identifier{};                  ///< login name or email; never empty once decoded
    std::optional<std::string> display_name{}; ///< shown in the UI instead of identifier
    json::object metadata{};                   ///< app-owned, e.g. {image, provider} for OAuth
    std::optional<std::string> id{};           ///< data-layer id; set only when persisted
    std::optional<std::string> created_at{};   ///< ISO-8601, set only when persisted

    bool persisted() const noexcept { return id.has_value(); }
    friend bool operator==(const user&, const user&) = default;
};

/// The wire shape, as Chainlit serialises its dataclass: `{identifier, display_name, metadata}`,
/// `display_name` being null when absent, plus `id` and `createdAt` when persisted.
json::object to_json(const user& u);

/// Reads the wire shape back. Requires a non-empty string `identifier`; `display_name` may be
/// missing or null; `metadata` may be missing (empty) but must otherwise be an object. `id` and
/// `createdAt` are read when they are strings. Other keys are ignored.
/// Errors: auth_errc::missing_claim (no identifier), auth_errc::invalid_claim (wrong types).
result<user> user_from_json(const json::object& o);

} // namespace chainlit::auth
