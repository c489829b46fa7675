#include "chainlit/auth/user.hpp"

#include "chainlit/auth/error.hpp"

namespace chainlit::auth {

json::object to_json(const user& u) {
    json::object o;
    o["identifier"] = u.identifier;
    // Python's dataclass dict keeps display_name as None, so the key is always present.
    if (u.display_name)
        o["display_name"] = *u.display_name;
    else
        o["display_name"] = nullptr;
    o["metadata"] = u.metadata;
    if (u.id)
        o["id"] = *u.id;
    if (u.created_at)
        o["createdAt"] = *u.created_at;
    return o;
}

result<user> user_from_json(const json::object& o) {
    user u;
    const auto* identifier = o.if_contains("identifier");
    if (!identifier || identifier->is_null())
        return auth_errc::missing_claim;
    if (!identifier->is_string())
        return auth_errc::invalid_claim;
    u.identifier = identifier->get_string();
    if (u.identifier.empty())
        return auth_errc::missing_claim;

    if (const auto* v = o.if_contains("display_name"); v && !v->is_null()) {
        if (!v->is_string())
            return auth_errc::invalid_claim;
        u.display_name = std::string(v->get_string());
    }
    if (const auto* v = o.if_contains("metadata"); v && !v->is_null()) {
        if (!v->is_object())
            return auth_errc::invalid_claim;
        u.metadata = v->get_object();
    }
    if (const auto* v = o.if_contains("id"); v && v->is_string())
        u.id = std::string(v->get_string());
    if (const auto* v = o.if_contains("createdAt"); v && v->is_string())
        u.created_at = std::string(v->get_string());
    return u;
}

} // namespace chainlit::auth
