#include "chainlit/chat/persister.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/post.hpp>
#include <future>

namespace chainlit {

persister::persister(std::shared_ptr<data::data_layer> dl) : dl_(std::move(dl)) {}

persister::~persister() {
    pool_.join(); // lets posted flushes finish
    flush_now();
}

void persister::submit(write_op op) {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(op));
    if (!flush_posted_) {
        flush_posted_ = true;
        boost::asio::post(pool_, [this] { flush(); });
    }
}

void persister::flush() {
    std::vector<write_op> ops;
    {
        std::lock_guard lk(mu_);
        ops.swap(queue_);
        flush_posted_ = false;
    }
    if (ops.empty())
        return;
    std::size_t failed = 0;
    auto r = dl_->write_batch([&](data::data_layer& d) -> result<void> {
        failed = 0;
        for (auto& op : ops)
            if (auto e = op(d); !e) {
                ++failed;
                log().error("data layer write failed: {}", e.error().message());
            }
        return {};
    });
    if (!r) {
        // The batch as a whole failed (e.g. the database stayed unreachable): retry each op on
        // its own so one bad op cannot take the others with it, and log what still fails.
        log().error("data layer batch of {} writes failed: {}; retrying one by one", ops.size(),
                    r.error().message());
        for (auto& op : ops)
            if (auto e = op(*dl_); !e)
                log().error("data layer write lost after retry: {}", e.error().message());
    }
}

void persister::flush_now() {
    flush();
}

void persister::drain() {
    // Jobs run in order: this one runs after every flush posted before it, then takes what is
    // still queued.
    if (pool_.get_executor().running_in_this_thread()) {
        flush(); // already on the data thread: waiting for a job behind this one would hang
        return;
    }
    std::promise<void> done;
    boost::asio::post(pool_, [this, &done] {
        flush();
        done.set_value();
    });
    done.get_future().wait();
}

void persister::after_writes(std::function<void()> fn) {
    // Jobs run in order, and every write submitted before this call sits in the queue of a
    // flush posted before this job.
    boost::asio::post(pool_, [fn = std::move(fn)] {
        try {
            fn();
        } catch (const std::exception& e) {
            log().error("data thread job failed: {}", e.what());
        }
    });
}

task<void> persister::sync() {
    // The data thread runs jobs in order: once this no-op runs, every flush posted before it,
    // and so every write submitted before this call, is done.
    co_await boost::asio::co_spawn(
        pool_, []() -> task<void> { co_return; }, boost::asio::use_awaitable);
}

} // namespace chainlit
