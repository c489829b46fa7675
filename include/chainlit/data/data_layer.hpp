#pragma once
// The data layer of spec E.7: users, threads, steps, elements and feedback, with the cursor
// pagination of E.6. Two engines implement it: SQLite (the embedded default) and PostgreSQL
// (the schema of the official Chainlit data layer, spec E.8, so an existing Chainlit database
// works as it is).
//
// Threading contract: every member function is synchronous and thread-safe. They block on disk
// or network, so the server calls them from its data executor, never from an I/O thread. An
// implementation serialises writes internally; reads may run concurrently with writes.
//
// Ownership (docs/SECURITY.md): a write that names an existing row never moves it, and never
// touches a row of another thread. A step or element write names its thread; if its id, its
// parent step or its `for_id` step already lives in another thread, nothing is written and the
// call fails with errc::conflict. A feedback id stays on its step, and a thread's owner, once
// set, never changes. Which user may write to which thread is the caller's check (owner_of
// tells it where an id lives); this layer makes sure no write crosses a thread.
//
// Errors: expected failures come back as result errors with chainlit::errc:
//   - invalid_argument: a bad value (unknown step type, empty id, no thread id, ...);
//   - not_found: a referenced row is missing (feedback for an unknown step, ...);
//   - conflict: the id is taken by a row of another thread (or another step, for feedback),
//     or the thread belongs to another user (see Ownership);
//   - unavailable: the database cannot be reached (after the retries described below) or
//     failed in a way the caller cannot fix; the cause is logged through chainlit::log().
// Nothing throws across this interface.
//
// Durability: a write is durable when its call returns success (or, inside write_batch, when
// write_batch returns success). SQLite runs in WAL mode with synchronous=NORMAL: a committed
// transaction survives a process crash (kill -9); a power loss may lose the last transactions
// but never corrupts the database.
#include "chainlit/core/error.hpp"
#include "chainlit/data/model.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::data {

/// The kinds of row an id can name (owner_of).
enum class row_kind { thread, step, element, feedback };

/// Where a row lives: its thread and that thread's owner.
struct row_owner {
    std::string thread_id; ///< "" when the row has no thread (feedback whose step is gone)
    std::string author;    ///< the owner's identifier; "" when the thread has no owner
};

class data_layer {
public:
    virtual ~data_layer() = default;
    data_layer() = default;
    data_layer(const data_layer&) = delete;
    data_layer& operator=(const data_layer&) = delete;

    /// "sqlite" or "postgresql".
    virtual std::string_view engine() const noexcept = 0;

    // ---- users (spec E.5) ----------------------------------------------------------------

    /// The user with this identifier, or nullopt.
    virtual result<std::optional<persisted_user>> get_user(std::string_view identifier) = 0;
    /// Upsert by identifier: a new user gets a uuid4 id; an existing one keeps id and createdAt
    /// and gets the new metadata (and display_name when given).
    virtual result<persisted_user> create_user(const user& u) = 0;
    /// All users, ordered by identifier (CLI `user list`).
    virtual result<std::vector<persisted_user>> list_users() = 0;
    /// Deletes the user; their threads stay, without an owner. False if there was none. The
    /// removal is recorded (user_removed_at): tokens issued before it stay void even if a user
    /// of that name is created again, so removing a user revokes their tokens.
    virtual result<bool> delete_user(std::string_view identifier) = 0;
    /// When a user of this identifier was last removed (ISO-8601 UTC), nullopt if never.
    virtual result<std::optional<std::string>> user_removed_at(std::string_view identifier) = 0;
    /// Stores the password hash the app computed (argon2id elsewhere; never a clear password).
    /// An empty hash clears it. errc::not_found if the user does not exist.
    virtual result<void> set_password_hash(std::string_view identifier, std::string_view hash) = 0;
    /// The stored hash, nullopt if none; errc::not_found if the user does not exist.
    virtual result<std::optional<std::string>> get_password_hash(std::string_view identifier) = 0;

    // ---- feedback (spec E.4) -------------------------------------------------------------

    /// Upsert by id (a new uuid4 when absent or empty); returns the id. The step `for_id` must
    /// exist (errc::not_found otherwise). An existing feedback id stays on its step: naming it
    /// with another `for_id` is errc::conflict and changes nothing.
    virtual result<std::string> upsert_feedback(const feedback& f) = 0;
    /// True if a feedback was deleted.
    virtual result<bool> delete_feedback(std::string_view feedback_id) = 0;

    // ---- elements (spec E.3) -------------------------------------------------------------

    /// Upserts the element's metadata row (bytes go to file storage, not here). Skipped (ok)
    /// when `for_id` is absent, as in Chainlit. `thread_id` is required (invalid_argument). A
    /// missing thread or step is created as a placeholder (a `run` step). errc::conflict when
    /// the element id or the `for_id` step belongs to another thread.
    virtual result<void> create_element(const element_dict& e) = 0;
    virtual result<std::optional<element_dict>> get_element(std::string_view thread_id,
                                                            std::string_view element_id) = 0;
    /// Deletes the element; when `thread_id` is given, only if it belongs to that thread.
    virtual result<void> delete_element(std::string_view element_id,
                                        std::optional<std::string_view> thread_id = {}) = 0;

    // ---- steps (spec E.2, E.8 upsert rules) ----------------------------------------------

    /// Upsert. Creates the thread, or a placeholder `run` parent step, when missing. On
    /// conflict: absent or empty input/output keep the stored ones, an incoming `run` type
    /// never overwrites the stored type, the start time becomes the earlier of the two, other
    /// given keys overwrite. `type` defaults to `undefined` for a new step; an unknown type is
    /// errc::invalid_argument, and so is a step without `thread_id`. errc::conflict when the id
    /// or the parent step belongs to another thread. Steps of a thread keep the order of their
    /// creation when their start times are equal.
    virtual result<void> create_step(const step_dict& s) = 0;
    /// Same upsert as create_step (as in the official layer).
    virtual result<void> update_step(const step_dict& s) { return create_step(s); }
    /// Deletes the step, its child steps, and their elements and feedback; when `thread_id` is
    /// given, only if the step belongs to that thread.
    virtual result<void> delete_step(std::string_view step_id,
                                     std::optional<std::string_view> thread_id = {}) = 0;

    // ---- threads (spec E.1, E.6) ---------------------------------------------------------

    /// The identifier of the thread's owner; "" when the thread has no owner;
    /// errc::not_found when the thread does not exist.
    virtual result<std::string> get_thread_author(std::string_view thread_id) = 0;
    /// The thread an id's row lives in, and that thread's owner; nullopt when no such row.
    /// The ownership guard of the chat and HTTP routes asks this before letting a caller name
    /// an existing id.
    virtual result<std::optional<row_owner>> owner_of(row_kind kind, std::string_view id) = 0;
    /// Deletes the thread with its steps, elements and feedback. Ok if it did not exist.
    virtual result<void> delete_thread(std::string_view thread_id) = 0;
    /// Threads by updatedAt descending (ties by id descending), `first` per page (1..1000,
    /// clamped), starting after the thread `cursor`. `search` is a case-insensitive literal
    /// substring match on the name (`%` and `_` are not wildcards). Rows carry empty steps,
    /// elements and tags, and createdAt = updatedAt, as in Chainlit.
    virtual result<paginated_threads> list_threads(const pagination& p, const thread_filter& f) = 0;
    /// The thread with its steps (ordered by start time, then creation order, each with its
    /// latest feedback) and elements; nullopt if it does not exist.
    virtual result<std::optional<thread_dict>> get_thread(std::string_view thread_id) = 0;
    /// Upsert. Metadata is merged into the stored metadata (null values delete keys); the name
    /// is truncated to 255 code points, and taken from metadata.name when not given; tags are
    /// replaced. Updates updatedAt. Does nothing if the thread exists and nothing is given.
    /// `user_id` sets the owner of a thread that has none; naming another user for a thread
    /// that has an owner is errc::conflict and changes nothing.
    virtual result<void> update_thread(std::string_view thread_id, const thread_update& u) = 0;

    // ---- batching and lifetime -----------------------------------------------------------

    /// Runs `fn` with every data-layer call it makes, on this thread, grouped into one
    /// transaction: this is how the server reaches tens of thousands of steps per second.
    /// The batch commits when `fn` returns success and rolls back when it returns an error
    /// (which write_batch returns). A call that fails inside `fn` does not spoil the batch:
    /// `fn` may go on; at most the placeholder thread or parent step that call created
    /// remains. A nested write_batch joins the enclosing one. Calls inside `fn` see the
    /// batch's own writes. Other
    /// threads' calls wait until the batch ends, so keep batches short (a few ms of work).
    /// PostgreSQL: if the connection is lost during the batch, the transaction is replayed
    /// from the start once reconnected, so `fn` may run more than once and must have no side
    /// effects besides data-layer calls (upserts make the replay harmless).
    virtual result<void> write_batch(const std::function<result<void>(data_layer&)>& fn) = 0;

    /// Closes connections. Every later call fails with errc::unavailable. Idempotent.
    virtual void close() = 0;
};

/// Options common to the engines; every default has a reason.
struct data_options {
    /// SQLite: how long a writer waits for another process's lock before failing. Long enough
    /// to ride out a checkpoint, short enough to surface a stuck lock.
    std::chrono::milliseconds busy_timeout{5000};
    /// PostgreSQL: reconnect attempts after the connection is lost, with exponential backoff
    /// (~16 s in total with the defaults: a server restart fits); the interrupted call is then
    /// replayed (up to 3 times in all) before errc::unavailable.
    int max_retries = 8;
    /// First backoff delay; doubles up to `max_backoff`.
    std::chrono::milliseconds initial_backoff{100};
    std::chrono::milliseconds max_backoff{5000};
    /// PostgreSQL connect timeout (libpq `connect_timeout`, whole seconds, >= 2 as libpq wants).
    std::chrono::seconds connect_timeout{5};
};

/// Opens the data layer a URL names:
///   - `sqlite:///abs/path.db` (absolute), `sqlite://rel/path.db` (relative to the current
///     directory), `sqlite::memory:` (private in-memory database, for tests). Parent
///     directories are created.
///   - `postgresql://...` or `postgres://...` (any libpq URI).
/// Creates or migrates the schema. errc::invalid_argument for an unknown scheme or malformed
/// URL; errc::unavailable when the database cannot be opened or reached (the libpq or SQLite
/// message is logged, with the password masked).
result<std::unique_ptr<data_layer>> make_data_layer(std::string_view url,
                                                    const data_options& options = {});

/// Engine-specific openers behind make_data_layer.
result<std::unique_ptr<data_layer>> open_sqlite(const std::string& path,
                                                const data_options& options = {});
result<std::unique_ptr<data_layer>> open_postgres(const std::string& conninfo,
                                                  const data_options& options = {});

/// The URL with its password replaced by `***`, for logs and error messages.
std::string redact_url(std::string_view url);

} // namespace chainlit::data
