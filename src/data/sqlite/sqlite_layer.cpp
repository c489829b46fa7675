#include "data/sqlite/sqlite_layer.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "data/sqlite/sqlite_schema.hpp"

namespace chainlit::data::detail {
namespace {

const std::string user_cols = "id, identifier, display_name, metadata, created_at";
const std::string thread_cols = "t.id, t.created_at, t.name, t.user_id, u.identifier, "
                                "t.metadata, t.tags";
const std::string element_cols = "id, thread_id, step_id, metadata, mime, name, object_key, url, "
                                 "chainlit_key, display, size, language, page, props";

const std::string ensure_thread_sql =
    "INSERT INTO threads (id, created_at, updated_at) VALUES (?1, ?2, ?2) "
    "ON CONFLICT (id) DO NOTHING";
// A step marks its thread as recently active, so list_threads shows live chats first.
const std::string touch_thread_sql =
    "INSERT INTO threads (id, created_at, updated_at) VALUES (?1, ?2, ?2) "
    "ON CONFLICT (id) DO UPDATE SET updated_at = max(updated_at, excluded.updated_at)";
const std::string ensure_step_sql =
    "INSERT INTO steps (id, thread_id, type, created_at, start_time, end_time) "
    "VALUES (?1, ?2, 'run', ?3, ?3, ?3) ON CONFLICT (id) DO NOTHING";

// The E.8 upsert rules, with ?n reused in the SET clause so "not given" (NULL) stays distinct
// from the defaults a new row gets. Ownership: the row is written only when its parent (if
// any) is not in another thread, and an existing row only when it is in this thread; zero
// changes means the id is taken elsewhere (errc::conflict).
const std::string upsert_step_sql = R"sql(
INSERT INTO steps (id, thread_id, parent_id, name, type, input, output, metadata, is_error,
                   show_input, created_at, start_time, end_time, extra)
SELECT ?1, ?2, ?3, ?4, coalesce(?5, 'undefined'), ?6, ?7, coalesce(?8, '{}'),
       coalesce(?9, 0), coalesce(?10, 'json'), ?11, ?12, coalesce(?13, ?12), ?14
WHERE ?3 IS NULL OR NOT EXISTS (SELECT 1 FROM steps p WHERE p.id = ?3 AND p.thread_id IS NOT ?2)
ON CONFLICT (id) DO UPDATE SET
    parent_id = coalesce(?3, parent_id),
    name = coalesce(?4, name),
    type = CASE WHEN ?5 IS NULL OR ?5 = 'run' THEN type ELSE ?5 END,
    input = coalesce(nullif(?6, ''), input),
    output = coalesce(nullif(?7, ''), output),
    metadata = CASE WHEN ?8 IS NULL OR ?8 = '{}' THEN metadata ELSE ?8 END,
    is_error = coalesce(?9, is_error),
    show_input = coalesce(?10, show_input),
    start_time = min(start_time, ?12),
    end_time = coalesce(?13, end_time),
    extra = json_patch(extra, ?14)
WHERE steps.thread_id IS ?2
)sql";

const std::string step_select = R"sql(
SELECT s.id, s.thread_id, s.parent_id, s.name, s.type, s.input, s.output, s.metadata,
       s.is_error, s.show_input, s.created_at, s.start_time, s.end_time, s.extra,
       f.id, f.value, f.comment
FROM steps s
LEFT JOIN feedbacks f ON f.id = (SELECT id FROM feedbacks WHERE step_id = s.id
                                 ORDER BY updated_at DESC LIMIT 1)
WHERE s.thread_id = ?1 ORDER BY s.start_time, s.seq
)sql";

// Runs `f` inside one consistent snapshot (several SELECTs of get_thread).
template <class F> result<void> in_snapshot(sqlite_db& db, F&& f) {
    if (db.in_transaction())
        return f();
    if (auto r = db.exec("BEGIN"); !r)
        return r;
    auto r = f();
    (void)db.exec(r ? "COMMIT" : "ROLLBACK");
    return r;
}

std::optional<std::string> non_empty(const std::optional<std::string>& s) {
    return s && !s->empty() ? s : std::nullopt;
}

} // namespace

result<std::unique_ptr<data_layer>> sqlite_layer::open(const std::string& path,
                                                       const data_options& options) {
    std::unique_ptr<sqlite_layer> layer(new sqlite_layer());
    auto writer = sqlite_db::open(path, options.busy_timeout);
    if (!writer)
        return writer.error();
    layer->writer_ = std::move(*writer);
    if (auto r = migrate_sqlite(*layer->writer_); !r)
        return r.error();
    if (path != ":memory:") {
        auto reader = sqlite_db::open(path, options.busy_timeout);
        if (!reader)
            return reader.error();
        layer->reader_ = std::move(*reader);
    }
    return std::unique_ptr<data_layer>(std::move(layer));
}

void sqlite_layer::close() {
    {
        std::lock_guard lock(read_mu_);
        reader_.reset();
    }
    std::lock_guard lock(write_mu_);
    writer_.reset();
}

template <class T, class F> result<T> sqlite_layer::write(F&& f) {
    std::lock_guard lock(write_mu_);
    if (!writer_)
        return errc::unavailable;
    sqlite_db& db = *writer_;
    if (depth_ > 0) {
        // Inside a batch: no savepoint per call. SQLite undoes a failed statement by itself, and
        // the only other effects a failed call can leave are the placeholder thread or parent
        // step it ensured, which a retried call needs anyway. This keeps a batched step at one
        // or two statements instead of four.
        ++depth_;
        result<T> out = f(db);
        --depth_;
        return out;
    }
    // IMMEDIATE takes the write lock up front: no deadlock-prone lock upgrade later.
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
        return fail<T>(r.error());
    touched_.clear();
    written_steps_.clear();
    ++depth_;
    owner_ = std::this_thread::get_id();
    result<T> out = f(db);
    --depth_;
    if (depth_ == 0)
        owner_ = std::thread::id{};
    if (!out) {
        (void)db.exec("ROLLBACK");
        return out;
    }
    for (const auto& [tid, at] : touched_)
        if (!at.empty())
            if (auto r = db.run(touch_thread_sql, {tid, at}); !r) {
                (void)db.exec("ROLLBACK");
                return fail<T>(r.error());
            }
    if (auto r = db.exec("COMMIT"); !r) {
        (void)db.exec("ROLLBACK");
        return fail<T>(r.error());
    }
    return out;
}

template <class T, class F> result<T> sqlite_layer::read(F&& f) {
    if (owner_.load() == std::this_thread::get_id() || !reader_) {
        std::lock_guard lock(write_mu_);
        if (!writer_)
            return errc::unavailable;
        return f(*writer_);
    }
    std::lock_guard lock(read_mu_);
    if (!reader_)
        return errc::unavailable;
    return f(*reader_);
}

result<void> sqlite_layer::write_batch(const std::function<result<void>(data_layer&)>& fn) {
    return write<void>([&](sqlite_db&) { return fn(*this); });
}

// ---- users ---------------------------------------------------------------------------------

result<std::optional<persisted_user>> sqlite_layer::get_user(std::string_view identifier) {
    return read<std::optional<persisted_user>>(
        [&](sqlite_db& db) -> result<std::optional<persisted_user>> {
            std::optional<persisted_user> out;
            static const std::string sql =
                "SELECT " + user_cols + " FROM users WHERE identifier = ?1";
            auto r = db.run(sql, {std::string(identifier)},
                            [&](const row_view& row) { out = user_from_row(row); });
            if (!r)
                return r.error();
            return out;
        });
}

result<persisted_user> sqlite_layer::create_user(const user& u) {
    if (u.identifier.empty())
        return errc::invalid_argument;
    return write<persisted_user>([&](sqlite_db& db) -> result<persisted_user> {
        static const std::string sql =
            "INSERT INTO users (id, identifier, display_name, metadata, created_at, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (identifier) DO UPDATE SET "
            "metadata = excluded.metadata, display_name = coalesce(excluded.display_name, "
            "display_name), updated_at = excluded.updated_at RETURNING " +
            user_cols;
        persisted_user out;
        auto r =
            db.run(sql, {uuid4(), u.identifier, opt(u.display_name), dump(u.metadata), iso_now()},
                   [&](const row_view& row) { out = user_from_row(row); });
        if (!r)
            return r.error();
        return out;
    });
}

result<std::vector<persisted_user>> sqlite_layer::list_users() {
    return read<std::vector<persisted_user>>(
        [&](sqlite_db& db) -> result<std::vector<persisted_user>> {
            std::vector<persisted_user> out;
            static const std::string sql =
                "SELECT " + user_cols + " FROM users ORDER BY identifier";
            auto r =
                db.run(sql, {}, [&](const row_view& row) { out.push_back(user_from_row(row)); });
            if (!r)
                return r.error();
            return out;
        });
}

result<bool> sqlite_layer::delete_user(std::string_view identifier) {
    return write<bool>([&](sqlite_db& db) -> result<bool> {
        written_steps_.clear(); // what cascades from the user is not tracked
        static const std::string sql = "DELETE FROM users WHERE identifier = ?1";
        auto r = db.run(sql, {std::string(identifier)});
        if (!r)
            return fail<bool>(r.error());
        if (*r == 0)
            return false;
        static const std::string record =
            "INSERT INTO user_removals (identifier, removed_at) VALUES (?1, ?2) "
            "ON CONFLICT (identifier) DO UPDATE SET removed_at = excluded.removed_at";
        if (auto rec = db.run(record, {std::string(identifier), iso_now()}); !rec)
            return fail<bool>(rec.error());
        return true;
    });
}

result<std::optional<std::string>> sqlite_layer::user_removed_at(std::string_view identifier) {
    return read<std::optional<std::string>>(
        [&](sqlite_db& db) -> result<std::optional<std::string>> {
            static const std::string sql =
                "SELECT removed_at FROM user_removals WHERE identifier = ?1";
            std::optional<std::string> at;
            auto r = db.run(sql, {std::string(identifier)},
                            [&](const row_view& row) { at = row.opt_time(0); });
            if (!r)
                return r.error();
            return at;
        });
}

result<void> sqlite_layer::set_password_hash(std::string_view identifier, std::string_view hash) {
    return write<void>([&](sqlite_db& db) -> result<void> {
        static const std::string sql =
            "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE identifier = ?1";
        sql_value h = hash.empty() ? sql_value() : sql_value(std::string(hash));
        auto r = db.run(sql, {std::string(identifier), h, iso_now()});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::not_found;
        return {};
    });
}

result<std::optional<std::string>> sqlite_layer::get_password_hash(std::string_view identifier) {
    return read<std::optional<std::string>>(
        [&](sqlite_db& db) -> result<std::optional<std::string>> {
            static const std::string sql = "SELECT password_hash FROM users WHERE identifier = ?1";
            bool found = false;
            std::optional<std::string> hash;
            auto r = db.run(sql, {std::string(identifier)}, [&](const row_view& row) {
                found = true;
                hash = row.opt_text(0);
            });
            if (!r)
                return r.error();
            if (!found)
                return errc::not_found;
            return hash;
        });
}

// ---- feedback ------------------------------------------------------------------------------

result<std::string> sqlite_layer::upsert_feedback(const feedback& f) {
    if (f.for_id.empty())
        return errc::invalid_argument;
    const std::string id = f.id && !f.id->empty() ? *f.id : uuid4();
    return write<std::string>([&](sqlite_db& db) -> result<std::string> {
        static const std::string sql =
            "INSERT INTO feedbacks (id, step_id, name, value, comment, created_at, updated_at) "
            "VALUES (?1, ?2, 'user_feedback', ?3, ?4, ?5, ?5) ON CONFLICT (id) DO UPDATE SET "
            "value = excluded.value, comment = excluded.comment, "
            "updated_at = excluded.updated_at WHERE feedbacks.step_id = excluded.step_id";
        auto r = db.run(sql, {id, f.for_id, f.value, opt(f.comment), iso_now()});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict; // the id is another step's feedback: it stays there
        return id;
    });
}

result<bool> sqlite_layer::delete_feedback(std::string_view feedback_id) {
    return write<bool>([&](sqlite_db& db) -> result<bool> {
        static const std::string sql = "DELETE FROM feedbacks WHERE id = ?1";
        auto r = db.run(sql, {std::string(feedback_id)});
        if (!r)
            return fail<bool>(r.error());
        return *r > 0;
    });
}

// ---- elements ------------------------------------------------------------------------------

result<void> sqlite_layer::create_element(const element_dict& e) {
    if (!non_empty(e.for_id))
        return {};
    const auto thread = non_empty(e.thread_id);
    if (e.id.empty() || !thread)
        return errc::invalid_argument;
    return write<void>([&](sqlite_db& db) -> result<void> {
        const std::string now = iso_now();
        if (auto r = db.run(ensure_thread_sql, {*thread, now}); !r)
            return r.error();
        if (auto r = db.run(ensure_step_sql, {*e.for_id, *thread, now}); !r)
            return r.error();
        // Written only when its step is in this thread, and an existing row only when it is in
        // this thread too: zero changes means the element or its step belongs elsewhere.
        static const std::string sql =
            "INSERT INTO elements (" + element_cols +
            ", created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
            "?15 WHERE NOT EXISTS (SELECT 1 FROM steps s WHERE s.id = ?3 AND s.thread_id IS NOT "
            "?2) ON CONFLICT (id) DO UPDATE SET "
            "step_id = excluded.step_id, metadata = excluded.metadata, mime = excluded.mime, "
            "name = excluded.name, object_key = excluded.object_key, url = excluded.url, "
            "chainlit_key = excluded.chainlit_key, display = excluded.display, "
            "size = excluded.size, language = excluded.language, page = excluded.page, "
            "props = excluded.props WHERE elements.thread_id IS ?2";
        sql_value page = e.page ? sql_value(std::int64_t(*e.page)) : sql_value();
        sql_value props = e.props ? sql_value(dump(*e.props)) : sql_value();
        auto r = db.run(sql, {e.id, *thread, *e.for_id, dump(element_metadata(e)), opt(e.mime),
                              e.name, opt(e.object_key), opt(e.url), opt(e.chainlit_key), e.display,
                              opt(e.size), opt(e.language), page, props, now});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict;
        return {};
    });
}

result<std::optional<element_dict>> sqlite_layer::get_element(std::string_view thread_id,
                                                              std::string_view element_id) {
    return read<std::optional<element_dict>>(
        [&](sqlite_db& db) -> result<std::optional<element_dict>> {
            static const std::string sql =
                "SELECT " + element_cols + " FROM elements WHERE id = ?1 AND thread_id = ?2";
            std::optional<element_dict> out;
            auto r = db.run(sql, {std::string(element_id), std::string(thread_id)},
                            [&](const row_view& row) { out = element_from_row(row); });
            if (!r)
                return r.error();
            return out;
        });
}

result<void> sqlite_layer::delete_element(std::string_view element_id,
                                          std::optional<std::string_view> thread_id) {
    return write<void>([&](sqlite_db& db) -> result<void> {
        static const std::string sql =
            "DELETE FROM elements WHERE id = ?1 AND (?2 IS NULL OR thread_id = ?2)";
        sql_value t = thread_id ? sql_value(std::string(*thread_id)) : sql_value();
        auto r = db.run(sql, {std::string(element_id), t});
        if (!r)
            return r.error();
        return {};
    });
}

// ---- steps ---------------------------------------------------------------------------------

result<void> sqlite_layer::create_step(const step_dict& s) {
    auto type = checked_step_type(s);
    if (!type)
        return type.error();
    if (!non_empty(s.thread_id))
        return errc::invalid_argument; // a write names its thread (the ownership rule)
    const std::string now = iso_now();
    const auto created = normalize_time(s.created_at);
    const std::string start = normalize_time(s.start).value_or(created.value_or(now));
    const auto thread = non_empty(s.thread_id);
    const auto parent = non_empty(s.parent_id);
    const json::object extra = step_extra(s);
    sql_params params{s.id,
                      opt(thread),
                      opt(parent),
                      opt(s.name),
                      opt(s.type),
                      opt(s.input),
                      opt(s.output),
                      s.metadata ? sql_value(dump(*s.metadata)) : sql_value(),
                      opt_bool(s.is_error),
                      opt(show_input_to_text(s.show_input)),
                      created.value_or(start),
                      start,
                      opt(normalize_time(s.end)),
                      dump(extra)};
    return write<void>([&](sqlite_db& db) -> result<void> {
        auto seen = thread ? touched_.find(*thread) : touched_.end();
        const bool touch = thread && seen == touched_.end();
        if (touch)
            if (auto r = db.run(touch_thread_sql, {*thread, now}); !r)
                return r.error();
        if (parent && !written_steps_.contains(*parent))
            if (auto r = db.run(ensure_step_sql, {*parent, opt(thread), start}); !r)
                return r.error();
        auto r = db.run(upsert_step_sql, params);
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict; // the id or the parent is another thread's
        written_steps_.insert(s.id);
        if (touch)
            touched_.emplace(*thread, std::string());
        else if (thread)
            seen->second = now; // dated at commit (see touched_)
        return {};
    });
}

result<void> sqlite_layer::delete_step(std::string_view step_id,
                                       std::optional<std::string_view> thread_id) {
    // Child steps, elements and feedback go through ON DELETE CASCADE.
    return write<void>([&](sqlite_db& db) -> result<void> {
        written_steps_.clear(); // its descendants go too
        static const std::string sql =
            "DELETE FROM steps WHERE id = ?1 AND (?2 IS NULL OR thread_id = ?2)";
        sql_value t = thread_id ? sql_value(std::string(*thread_id)) : sql_value();
        if (auto r = db.run(sql, {std::string(step_id), t}); !r)
            return r.error();
        return {};
    });
}

// ---- threads -------------------------------------------------------------------------------

result<std::string> sqlite_layer::get_thread_author(std::string_view thread_id) {
    return read<std::string>([&](sqlite_db& db) -> result<std::string> {
        static const std::string sql =
            "SELECT u.identifier FROM threads t LEFT JOIN users u ON u.id = t.user_id "
            "WHERE t.id = ?1 AND t.deleted_at IS NULL";
        std::optional<std::string> author;
        auto r = db.run(sql, {std::string(thread_id)},
                        [&](const row_view& row) { author = row.text(0); });
        if (!r)
            return r.error();
        if (!author)
            return errc::not_found;
        return *author;
    });
}

result<std::optional<row_owner>> sqlite_layer::owner_of(row_kind kind, std::string_view id) {
    // The row's thread id, then its owner through the thread (LEFT JOINs: a row whose thread
    // or owner is gone still answers, with "").
    static const std::string owner_join = " LEFT JOIN users u ON u.id = t.user_id WHERE x.id = ?1";
    static const std::string thread_sql = "SELECT x.id, coalesce(u.identifier, '') FROM threads x "
                                          "LEFT JOIN users u ON u.id = x.user_id WHERE x.id = ?1";
    static const std::string step_sql =
        "SELECT coalesce(x.thread_id, ''), coalesce(u.identifier, '') FROM steps x "
        "LEFT JOIN threads t ON t.id = x.thread_id" +
        owner_join;
    static const std::string element_sql =
        "SELECT coalesce(x.thread_id, ''), coalesce(u.identifier, '') FROM elements x "
        "LEFT JOIN threads t ON t.id = x.thread_id" +
        owner_join;
    static const std::string feedback_sql =
        "SELECT coalesce(s.thread_id, ''), coalesce(u.identifier, '') FROM feedbacks x "
        "LEFT JOIN steps s ON s.id = x.step_id LEFT JOIN threads t ON t.id = s.thread_id" +
        owner_join;
    const std::string& sql = kind == row_kind::thread    ? thread_sql
                             : kind == row_kind::step    ? step_sql
                             : kind == row_kind::element ? element_sql
                                                         : feedback_sql;
    return read<std::optional<row_owner>>([&](sqlite_db& db) -> result<std::optional<row_owner>> {
        std::optional<row_owner> out;
        auto r = db.run(sql, {std::string(id)}, [&](const row_view& row) {
            out = row_owner{row.text(0), row.text(1)};
        });
        if (!r)
            return r.error();
        return out;
    });
}

result<void> sqlite_layer::delete_thread(std::string_view thread_id) {
    return write<void>([&](sqlite_db& db) -> result<void> {
        touched_.erase(std::string(thread_id)); // a later step must write its row again
        written_steps_.clear();
        static const std::string sql = "DELETE FROM threads WHERE id = ?1";
        if (auto r = db.run(sql, {std::string(thread_id)}); !r)
            return r.error();
        return {};
    });
}

result<paginated_threads> sqlite_layer::list_threads(const pagination& p, const thread_filter& f) {
    // The SQL is assembled from fixed fragments only (values are always bound), one cached
    // statement per filter combination, so each can use the best index.
    std::string sql = "SELECT " + thread_cols +
                      " FROM threads t LEFT JOIN users u ON u.id = t.user_id "
                      "WHERE t.deleted_at IS NULL";
    sql_params params;
    auto bind = [&params](sql_value v) {
        params.push_back(std::move(v));
        return "?" + std::to_string(params.size());
    };
    if (f.user_id)
        sql += " AND t.user_id = " + bind(*f.user_id);
    if (f.search && !f.search->empty())
        sql += " AND instr(cl_fold(t.name), " + bind(fold_case(*f.search)) + ") > 0";
    if (f.feedback)
        sql += " AND EXISTS (SELECT 1 FROM feedbacks fb JOIN steps s ON s.id = fb.step_id "
               "WHERE s.thread_id = t.id AND fb.value = " +
               bind(double(*f.feedback)) + ")";
    if (p.cursor)
        sql += " AND (t.updated_at, t.id) < (SELECT updated_at, id FROM threads WHERE id = " +
               bind(*p.cursor) + ")";
    const int first = clamp_page(p.first);
    sql += " ORDER BY t.updated_at DESC, t.id DESC LIMIT " + bind(std::int64_t(first + 1));
    return read<paginated_threads>([&](sqlite_db& db) -> result<paginated_threads> {
        paginated_threads out;
        auto r = db.run(sql, params,
                        [&](const row_view& row) { out.data.push_back(thread_from_row(row)); });
        if (!r)
            return r.error();
        if (static_cast<int>(out.data.size()) > first) {
            out.data.resize(first);
            out.page_info.has_next_page = true;
        }
        if (!out.data.empty()) {
            out.page_info.start_cursor = out.data.front().id;
            out.page_info.end_cursor = out.data.back().id;
        }
        return out;
    });
}

result<std::optional<thread_dict>> sqlite_layer::get_thread(std::string_view thread_id) {
    return read<std::optional<thread_dict>>(
        [&](sqlite_db& db) -> result<std::optional<thread_dict>> {
            std::optional<thread_dict> out;
            const std::string id(thread_id);
            auto r = in_snapshot(db, [&]() -> result<void> {
                static const std::string thread_sql =
                    "SELECT " + thread_cols +
                    " FROM threads t LEFT JOIN users u ON u.id = t.user_id "
                    "WHERE t.id = ?1 AND t.deleted_at IS NULL";
                auto r = db.run(thread_sql, {id},
                                [&](const row_view& row) { out = thread_from_row(row); });
                if (!r)
                    return r.error();
                if (!out)
                    return {};
                r = db.run(step_select, {id},
                           [&](const row_view& row) { out->steps.push_back(step_from_row(row)); });
                if (!r)
                    return r.error();
                static const std::string element_sql = "SELECT " + element_cols +
                                                       " FROM elements WHERE thread_id = ?1 "
                                                       "ORDER BY created_at, id";
                r = db.run(element_sql, {id}, [&](const row_view& row) {
                    out->elements.push_back(element_from_row(row));
                });
                if (!r)
                    return r.error();
                return {};
            });
            if (!r)
                return r.error();
            return out;
        });
}

result<void> sqlite_layer::update_thread(std::string_view thread_id, const thread_update& u) {
    if (thread_id.empty())
        return errc::invalid_argument;
    const std::string id(thread_id);
    const std::string now = iso_now();
    return write<void>([&](sqlite_db& db) -> result<void> {
        if (!u.name && !u.user_id && !u.metadata && !u.tags) {
            auto r = db.run(ensure_thread_sql, {id, now});
            return r ? result<void>{} : result<void>(r.error());
        }
        // Read-merge-write is atomic: the writer lock and transaction are held.
        json::object metadata;
        std::optional<std::string> owner;
        static const std::string read_sql = "SELECT metadata, user_id FROM threads WHERE id = ?1";
        auto r = db.run(read_sql, {id}, [&](const row_view& row) {
            metadata = row.object(0);
            owner = row.opt_text(1);
        });
        if (!r)
            return r.error();
        const auto new_owner = non_empty(u.user_id);
        if (owner && new_owner && *owner != *new_owner)
            return errc::conflict; // a thread never changes hands
        std::optional<std::string> name = u.name;
        if (u.metadata) {
            merge_metadata(metadata, *u.metadata);
            if (auto* n = u.metadata->if_contains("name"); !name && n && n->is_string())
                name = std::string(n->get_string());
        }
        if (name)
            name = truncate_code_points(*name, 255);
        static const std::string sql =
            "INSERT INTO threads (id, created_at, updated_at, name, user_id, metadata, tags) "
            "VALUES (?1, ?2, ?2, ?3, ?4, ?5, coalesce(?6, '[]')) ON CONFLICT (id) DO UPDATE SET "
            "updated_at = ?2, name = coalesce(?3, name), user_id = coalesce(user_id, ?4), "
            "metadata = ?5, tags = coalesce(?6, tags)";
        sql_value tags = u.tags ? sql_value(dump_strings(*u.tags)) : sql_value();
        r = db.run(sql, {id, now, opt(name), opt(new_owner), dump(metadata), tags});
        if (!r)
            return r.error();
        return {};
    });
}

} // namespace chainlit::data::detail
