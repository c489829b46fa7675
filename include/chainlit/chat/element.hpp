#pragma once
#include "chainlit/core/ids.hpp"
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>

namespace chainlit {

/// Something attached to a message or step and shown inline, in the side panel or on its own
/// page (spec E.3). Its bytes (`content`) are never sent over the socket: they are stored for
/// the session and the browser loads them from `/project/file/<chainlitKey>?session_id=...`.
/// A `url` is only ever handed to the browser; the server never fetches it (an SSRF CVE in
/// Chainlit), and there is deliberately no `path` field (a file-read CVE).
struct element {
    std::string id = uuid4();
    std::string type = "file"; ///< image text pdf tasklist audio video file plotly dataframe custom
    std::string name;
    std::string display = "inline"; ///< inline, side or page
    std::string url;                ///< external content, passed to the browser as is
    std::string content;            ///< bytes served by the server
    std::string mime;               ///< inferred from the type when empty
    std::string size;               ///< images: small, medium or large
    std::string language;           ///< text: the highlighting language
    std::optional<int> page;        ///< pdf: the page to open
    bool auto_play = false;         ///< audio and video
    json::value props;              ///< custom elements: the props given to the component
    std::string for_id;             ///< the message or step it belongs to; set on send

    static element text(std::string name, std::string content, std::string display = "inline",
                        std::string language = {});
    static element image(std::string name, std::string bytes, std::string mime,
                         std::string display = "inline", std::string size = "medium");
    static element image_url(std::string name, std::string url, std::string display = "inline");
    static element file(std::string name, std::string bytes, std::string mime,
                        std::string display = "inline");
    static element pdf(std::string name, std::string bytes, std::string display = "side",
                       std::optional<int> page = std::nullopt);
    static element audio(std::string name, std::string bytes, std::string mime,
                         bool auto_play = false);
    static element video(std::string name, std::string bytes, std::string mime);
    /// A Plotly figure (`{data, layout}`), rendered by the UI.
    static element plotly(std::string name, const json::value& figure,
                          std::string display = "inline");
    /// A task list (`{"status": ..., "tasks": [{"title", "status", "forId"?}]}`), shown above
    /// the composer.
    static element tasklist(std::string status, json::array tasks);
    /// A component from `public/elements/<name>.jsx`, given `props`.
    static element custom(std::string name, json::value props, std::string display = "inline");

    /// The MIME type sent to the browser: `mime`, or one inferred from the type.
    std::string effective_mime() const;
};

} // namespace chainlit
