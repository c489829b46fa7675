#pragma once
// The PostgreSQL data layer on the official Chainlit schema (spec E.8), through libpq.
#include "chainlit/data/data_layer.hpp"
#include "data/postgres/pg_conn.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace chainlit::data::detail {

class pg_layer final : public data_layer {
public:
    static result<std::unique_ptr<data_layer>> open(const std::string& conninfo,
                                                    const data_options& options);
    ~pg_layer() override { close(); }

    std::string_view engine() const noexcept override { return "postgresql"; }
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
    pg_layer() = default;

    // Runs `f(conn)` as one transaction (a savepoint inside a batch). Outside a batch, a lost
    // connection is re-established and the transaction replayed; inside one, the loss is
    // recorded and write_batch replays the whole batch.
    template <class T, class F> result<T> write(F&& f);
    // Runs `f(conn)`, replaying it after a reconnect when the connection was lost.
    template <class T, class F> result<T> read(F&& f);
    template <class T, class F> result<T> with_retry(F&& f);

    // One connection: PostgreSQL does the concurrency; the mutex keeps libpq single-threaded.
    // Recursive so calls made inside write_batch's function re-enter from the same thread.
    std::recursive_mutex mu_;
    std::unique_ptr<pg_connection> conn_;
    int depth_ = 0;
    bool batch_lost_ = false;
    // Inside write_batch: threads whose row this batch already wrote, with the updatedAt still
    // to write at commit ("" if none). Updating one row per step in one transaction grows its
    // version chain with every step, which made large batches quadratic.
    bool in_batch_ = false;
    std::unordered_map<std::string, std::string> batch_touched_;
    data_options options_;
};

} // namespace chainlit::data::detail
