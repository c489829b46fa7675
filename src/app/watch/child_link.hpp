#pragma once
// The app side of watch mode (docs/guide/watch.md): what a process that `run --watch` started
// does besides serving. It tells the supervisor when it accepts connections, shows the
// supervisor's build failures to every browser, and, when the supervisor replaces it with a
// new build (SIGUSR1), stops accepting, asks its browsers to reload, and stops gracefully.
#include "chainlit/core/json.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace chainlit::http {
class server;
}
namespace chainlit::realtime {
class io_server;
}

namespace chainlit::watch {

class child_link : public std::enable_shared_from_this<child_link> {
public:
    /// `fd`: this process's end of the supervisor's control socket (owned from now on).
    child_link(int fd, http::server& server, realtime::io_server& io);
    ~child_link();
    child_link(const child_link&) = delete;
    child_link& operator=(const child_link&) = delete;

    /// Once the server accepts: reports ready, then reads the supervisor's messages and waits
    /// for SIGUSR1. The supervisor going away (its socket closes) stops the server.
    void start();
    /// `build_status` for a browser that connects now: the last failed build, if the last
    /// build failed (chat_runtime::greeting).
    std::optional<std::pair<std::string, json::value>> greeting() const;

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

/// The supervisor's control messages, one JSON object per line. Parsed strictly: the
/// supervisor is this program, but a line that is not what it sends is ignored, never trusted.
struct control_message {
    /// `{"build_status": {"ok": bool, "error": string, "target": string}}`: shown to browsers.
    std::optional<json::object> build_status;
};
std::optional<control_message> parse_control_line(std::string_view line);

} // namespace chainlit::watch
