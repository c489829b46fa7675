#pragma once
// Database work off the I/O threads, batched (spec E.7 "queue until first interaction" aside,
// which the runtime handles). One data thread runs every data-layer call: writes are queued and
// committed together in one transaction (write_batch), which is what makes tens of thousands
// of steps per second possible; reads run on the same thread and are awaited.
#include "chainlit/chat/element_storage.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/data/data_layer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace chainlit {

class persister {
public:
    using write_op = std::function<result<void>(data::data_layer&)>;

    explicit persister(std::shared_ptr<data::data_layer> dl);
    ~persister(); ///< commits what is queued, then stops the data thread

    data::data_layer& layer() noexcept { return *dl_; }

    /// Where elements' bytes go (local disk under `<app root>/.chainlit/files` unless the app
    /// sets another storage before the server starts). Null: elements keep no bytes past their
    /// session.
    const std::shared_ptr<element_storage>& element_files() const noexcept { return files_; }
    void set_element_storage(std::shared_ptr<element_storage> s) { files_ = std::move(s); }

    /// Queues a write; it is committed with the others queued meanwhile. Thread-safe, never
    /// blocks. A failed batch is retried once alone per op, then logged with its error: nothing
    /// is dropped silently.
    void submit(write_op op);
    /// Completes once every write submitted before the call is committed (or has failed and
    /// been logged). The runtime awaits this before `task_end`, so a message whose task_end the
    /// client saw is durable.
    task<void> sync();
    /// Runs `fn` on the data thread once every write submitted before the call is committed
    /// (or has failed and been logged), outside any transaction. Never blocks. For clean-up
    /// that queued writes depend on (a session's files, linked by element writes).
    void after_writes(std::function<void()> fn);
    /// Runs `fn(layer)` on the data thread and resumes the caller with its result.
    template <class F> auto read(F fn) -> task<decltype(fn(std::declval<data::data_layer&>()))> {
        using R = decltype(fn(std::declval<data::data_layer&>()));
        // Named, not a temporary inside the co_await: GCC 12 destroys such a lambda twice.
        auto job = [this, f = std::move(fn)]() mutable -> task<R> { co_return f(*dl_); };
        co_return co_await boost::asio::co_spawn(pool_, std::move(job), boost::asio::use_awaitable);
    }
    /// Commits the queue now, on the calling thread (shutdown).
    void flush_now();
    /// Blocks until every write submitted before the call is committed, on the data thread.
    /// For shutdown, before session files go (an element's write links its bytes from there).
    /// On the data thread itself it just commits the queue.
    void drain();

private:
    void flush();

    std::shared_ptr<data::data_layer> dl_;
    std::shared_ptr<element_storage> files_;
    boost::asio::thread_pool pool_{1};
    std::mutex mu_;
    std::vector<write_op> queue_;
    bool flush_posted_ = false;
};

} // namespace chainlit
