#pragma once
// The embedded SQLite data layer. One writer connection behind a (recursive) mutex, so a batch
// can make nested calls from its own thread; one reader connection so reads do not wait for the
// writer (WAL). In-memory databases use the writer for everything.
#include "chainlit/data/data_layer.hpp"
#include "data/sqlite/sqlite_db.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace chainlit::data::detail {

class sqlite_layer final : public data_layer {
public:
    static result<std::unique_ptr<data_layer>> open(const std::string& path,
                                                    const data_options& options);
    ~sqlite_layer() override { close(); }

    std::string_view engine() const noexcept override { return "sqlite"; }
    result<std::optional<persisted_user>> get_user(std::string_view identifier) override;
    result<persisted_user> create_user(const user& u) override;
    result<std::vector<persisted_user>> list_users() override;
    result<bool> delete_user(std::string_view identifier) override;
    result<std::optional<std::string>> user_removed_at(std::string_view identifier) override;
    result<void> set_password_hash(std::string_view identifier, std::string_view hash) override;
    result<std::optional<std::string>> get_password_hash(std::string_view identifier) override;
    result<std::string> upsert_feedback(const feedback& f) override;
    result<bool> delete_feedback(std::string_view feedback_id) override;
    result<void> create_element(const element_dict& e) override;
    result<std::optional<element_dict>> get_element(std::string_view thread_id,
                                                    std::string_view element_id) override;
    result<void> delete_element(std::string_view element_id,
                                std::optional<std::string_view> thread_id) override;
    result<void> create_step(const step_dict& s) override;
    result<void> delete_step(std::string_view step_id,
                             std::optional<std::string_view> thread_id) override;
    result<std::string> get_thread_author(std::string_view thread_id) override;
    result<std::optional<row_owner>> owner_of(row_kind kind, std::string_view id) override;
    result<void> delete_thread(std::string_view thread_id) override;
    result<paginated_threads> list_threads(const pagination& p, const thread_filter& f) override;
    result<std::optional<thread_dict>> get_thread(std::string_view thread_id) override;
    result<void> update_thread(std::string_view thread_id, const thread_update& u) override;
    result<void> write_batch(const std::function<result<void>(data_layer&)>& fn) override;
    void close() override;

private:
    sqlite_layer() = default;

    // Runs `f(db)` in a write transaction (a savepoint inside a batch): all or nothing.
    template <class T, class F> result<T> write(F&& f);
    // Runs `f(db)` on the reader, or on the writer when this thread is inside a batch (so a
    // batch sees its own writes).
    template <class T, class F> result<T> read(F&& f);

    std::recursive_mutex write_mu_;
    // Threads already marked active in the open write transaction: a batch of many steps for
    // one thread touches it once, which halves the cost of a batched step. The value is the
    // updated_at of its latest later step ("" if none), written once before the commit so the
    // thread is dated by its last step, not its first.
    std::unordered_map<std::string, std::string> touched_;
    // Steps written in the open write transaction: a child whose parent is among them needs no
    // placeholder check (one statement less for most steps of a batch). Cleared by deletes.
    std::unordered_set<std::string> written_steps_;
    std::unique_ptr<sqlite_db> writer_;
    int depth_ = 0;
    std::atomic<std::thread::id> owner_{};
    std::mutex read_mu_;
    std::unique_ptr<sqlite_db> reader_;
};

} // namespace chainlit::data::detail
