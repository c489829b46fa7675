#pragma once
#include "chainlit/core/error.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/json.hpp"

#include <string>

namespace chainlit {

/// A button under a message (spec E.4). Clicking it runs the app's callback registered under
/// `name` (`app.on_action(name, ...)`), with this action, `payload` included.
struct action {
    std::string name;
    json::object payload;
    std::string label;
    std::string tooltip;
    std::string icon; ///< a lucide icon name, optional
    std::string id = uuid4();
    std::string for_id; ///< the message it is shown under; set when sent with a message

    json::object to_json() const;
    /// Parses a client's ActionDict. Errors: errc::invalid_argument without a string `name`.
    static result<action> from_json(const json::value& v);
};

} // namespace chainlit
