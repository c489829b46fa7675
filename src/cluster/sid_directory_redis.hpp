#pragma once
// Internal: realtime::sid_directory over Redis. `chainlit:eio:<sid>` holds the owner's address;
// set before the handshake answer, deleted when the session ends, and expiring after a day in
// case the owner died without deleting it (a dead owner's address is then refused at connect,
// and the client starts a new session).
#include "chainlit/realtime/sid_directory.hpp"
#include "redis_client.hpp"

#include <memory>
#include <mutex>

namespace chainlit::cluster {

class redis_sid_directory : public realtime::sid_directory {
public:
    explicit redis_sid_directory(std::shared_ptr<redis_client> redis);
    void set_address(std::string address);

    task<void> claim(std::string sid) override;
    void release(std::string sid) override;
    task<std::optional<std::string>> owner(std::string sid) override;

private:
    std::string address() const;
    std::shared_ptr<redis_client> redis_;
    mutable std::mutex mu_;
    std::string address_;
};

} // namespace chainlit::cluster
