#pragma once
// Composer commands (Chainlit's `cl.context.emitter.set_commands`): the user picks one by
// typing `/` or with a button, and it reaches `on_message` as `message::command`.
// Header-only: a plain struct and its wire form (spec B.1 `set_commands`).
#include "chainlit/core/json.hpp"

#include <string>
#include <vector>

namespace chainlit {

struct command {
    std::string id;          ///< shown in the composer; what `message::command` holds
    std::string icon;        ///< a Lucide icon name ("globe", "image"); the UI has a fallback
    std::string description; ///< shown beside the id in the picker, and as the button's tooltip
    bool button = false;     ///< also a button in the composer, besides the `/` picker
    bool persistent = false; ///< stays selected after a message is sent with it
};

inline json::object to_json(const command& c) {
    return json::object{{"id", c.id},
                        {"icon", c.icon},
                        {"description", c.description},
                        {"button", c.button},
                        {"persistent", c.persistent}};
}

inline json::array to_json(const std::vector<command>& list) {
    json::array a;
    for (const auto& c : list)
        a.push_back(to_json(c));
    return a;
}

} // namespace chainlit
