#include "chainlit/chat/runtime.hpp"

#include <algorithm>
#include <thread>

namespace chainlit::detail {

boost::asio::thread_pool& blocking_pool() {
    // Blocking calls are mostly waits on remote services (LLM SDKs), not CPU work: allow many
    // more threads than cores so one slow call never queues the others.
    static boost::asio::thread_pool pool(std::max(8u, 4 * std::thread::hardware_concurrency()));
    return pool;
}

} // namespace chainlit::detail
