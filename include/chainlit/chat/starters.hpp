#pragma once
// Starters, starter categories and chat profiles (Chainlit's `@cl.set_starters`,
// `@cl.set_starter_categories` / `@cl.set_chat_profiles`), sent to
// the browser in `/project/settings` (spec C.2.1). Header-only: two plain structs and their
// wire form.
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainlit {

namespace detail {
/// A list of the structs below as a JSON array of their wire forms (found by ADL when used).
template <class T> json::array wire_list(const std::vector<T>& list) {
    json::array a;
    for (const auto& item : list)
        a.push_back(to_json(item));
    return a;
}
} // namespace detail

/// A suggested first message shown before the chat starts; clicking it sends `message`
/// (as `command` when set).
struct starter {
    std::string label;
    std::string message;
    std::optional<std::string> icon{}; ///< an image URL (absolute, data: or under /public)
    std::optional<std::string> command{};
};

/// A group of starters under one label (Chainlit's `StarterCategory`): the welcome screen
/// shows the labels and, once one is picked, its starters.
struct starter_category {
    std::string label;
    std::optional<std::string> icon{};
    std::vector<starter> starters{};
};

/// A chat profile the user picks before chatting; the choice reaches the session as
/// `session().chat_profile()` / user_session "chat_profile".
struct chat_profile {
    std::string name;
    std::string markdown_description;
    std::optional<std::string> icon{};
    std::optional<std::string> display_name{};
    bool is_default = false; ///< `default` on the wire
    std::optional<std::vector<starter>> starters{};
    /// Chainlit's `config_overrides`: "ui" and "features" tables merged key by key over the
    /// config.toml ones in the settings the UI gets while this profile is chosen
    /// (`/project/settings?chat_profile=NAME`), and "project" for `user_env` and
    /// `mask_user_env`. Never sent in the profile list.
    json::object config_overrides{};
};

inline json::object to_json(const starter& s) {
    json::object o{{"label", s.label}, {"message", s.message}};
    if (s.icon)
        o["icon"] = *s.icon;
    if (s.command)
        o["command"] = *s.command;
    return o;
}

inline json::array to_json(const std::vector<starter>& list) {
    return detail::wire_list(list);
}

inline json::object to_json(const starter_category& c) {
    json::object o{{"label", c.label}, {"starters", to_json(c.starters)}};
    if (c.icon)
        o["icon"] = *c.icon;
    return o;
}

inline json::array to_json(const std::vector<starter_category>& list) {
    return detail::wire_list(list);
}

inline json::object to_json(const chat_profile& p) {
    json::object o{{"name", p.name},
                   {"markdown_description", p.markdown_description},
                   {"default", p.is_default}};
    if (p.icon)
        o["icon"] = *p.icon;
    if (p.display_name)
        o["display_name"] = *p.display_name;
    if (p.starters)
        o["starters"] = to_json(*p.starters);
    return o;
}

inline json::array to_json(const std::vector<chat_profile>& list) {
    return detail::wire_list(list);
}

} // namespace chainlit
