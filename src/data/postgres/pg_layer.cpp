#include "data/postgres/pg_layer.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/time.hpp"
#include "data/postgres/pg_schema.hpp"

#include <thread>

// Every parameter is cast where it is used ($1::text ...): statements are prepared without
// parameter types, and a parameter used in two contexts must not get two inferred types.
namespace chainlit::data::detail {
namespace {

const std::string user_select =
    "SELECT u.id, u.identifier, a.\"displayName\", u.metadata::text, u.\"createdAt\" "
    "FROM \"User\" u LEFT JOIN \"ChainlitCppUser\" a ON a.\"userId\" = u.id ";
const std::string thread_select =
    "SELECT t.id, t.\"createdAt\", t.name, t.\"userId\", u.identifier, t.metadata::text, "
    "to_jsonb(coalesce(t.tags, '{}'::text[]))::text FROM \"Thread\" t "
    "LEFT JOIN \"User\" u ON u.id = t.\"userId\" ";
const std::string element_select =
    "SELECT id, \"threadId\", \"stepId\", metadata::text, mime, name, \"objectKey\", url, "
    "\"chainlitKey\", display, size, language, page, props::text FROM \"Element\" ";

const std::string ensure_thread_sql =
    "INSERT INTO \"Thread\" (id, \"createdAt\", \"updatedAt\", metadata) "
    "VALUES ($1::text, $2::timestamp, $2::timestamp, '{}') ON CONFLICT (id) DO NOTHING";
// A step marks its thread as recently active, so list_threads shows live chats first.
const std::string touch_thread_sql =
    "INSERT INTO \"Thread\" (id, \"createdAt\", \"updatedAt\", metadata) "
    "VALUES ($1::text, $2::timestamp, $2::timestamp, '{}') ON CONFLICT (id) DO UPDATE SET "
    "\"updatedAt\" = GREATEST(\"Thread\".\"updatedAt\", EXCLUDED.\"updatedAt\")";
const std::string ensure_step_sql = R"sql(
WITH s AS (
    INSERT INTO "Step" (id, "threadId", type, metadata, "createdAt", "updatedAt", "startTime",
                        "endTime")
    VALUES ($1::text, $2::text, 'run', '{}', $3::timestamp, $3::timestamp, $3::timestamp,
            $3::timestamp)
    ON CONFLICT (id) DO NOTHING RETURNING id)
INSERT INTO "ChainlitCppStep" ("stepId") SELECT id FROM s
)sql";

// The official layer's upsert (spec E.8), plus our side row for order and extra keys.
// Ownership: the row is written only when its parent (if any) is not in another thread, and an
// existing row only when it is in this thread; no row written means the id is taken elsewhere
// (errc::conflict).
const std::string upsert_step_sql = R"sql(
WITH s AS (
    INSERT INTO "Step" (id, "threadId", "parentId", name, type, input, output, metadata,
                        "isError", "showInput", "createdAt", "updatedAt", "startTime", "endTime")
    SELECT $1::text, $2::text, $3::text, $4::text, coalesce($5::text, 'undefined')::"StepType",
           $6::text, $7::text, coalesce($8::jsonb, '{}'), coalesce($9::boolean, false),
           coalesce($10::text, 'json'), $11::timestamp, $15::timestamp, $12::timestamp,
           coalesce($13::timestamp, $12::timestamp)
    WHERE $3::text IS NULL OR NOT EXISTS (
        SELECT 1 FROM "Step" p WHERE p.id = $3::text AND p."threadId" IS DISTINCT FROM $2::text)
    ON CONFLICT (id) DO UPDATE SET
        "parentId" = coalesce($3::text, "Step"."parentId"),
        name = coalesce($4::text, "Step".name),
        type = CASE WHEN $5::text IS NULL OR $5::text = 'run' THEN "Step".type
                    ELSE $5::text::"StepType" END,
        input = coalesce(nullif($6::text, ''), "Step".input),
        output = coalesce(nullif($7::text, ''), "Step".output),
        metadata = CASE WHEN $8::jsonb IS NULL OR $8::jsonb = '{}'::jsonb THEN "Step".metadata
                        ELSE $8::jsonb END,
        "isError" = coalesce($9::boolean, "Step"."isError"),
        "showInput" = coalesce($10::text, "Step"."showInput"),
        "updatedAt" = $15::timestamp,
        "startTime" = LEAST("Step"."startTime", $12::timestamp),
        "endTime" = coalesce($13::timestamp, "Step"."endTime")
    WHERE "Step"."threadId" = $2::text
    RETURNING id)
INSERT INTO "ChainlitCppStep" ("stepId", extra) SELECT id, $14::jsonb FROM s
ON CONFLICT ("stepId") DO UPDATE SET extra = "ChainlitCppStep".extra || EXCLUDED.extra
)sql";

const std::string step_select = R"sql(
SELECT s.id, s."threadId", s."parentId", s.name, s.type::text, s.input, s.output,
       s.metadata::text, s."isError", s."showInput", s."createdAt", s."startTime", s."endTime",
       x.extra::text, f.id, f.value, f.comment
FROM "Step" s
LEFT JOIN "ChainlitCppStep" x ON x."stepId" = s.id
LEFT JOIN LATERAL (SELECT id, value, comment FROM "Feedback" WHERE "stepId" = s.id
                   ORDER BY "updatedAt" DESC LIMIT 1) f ON true
WHERE s."threadId" = $1::text
ORDER BY s."startTime", x.seq NULLS FIRST, s."createdAt", s.id
)sql";

const std::string tags_expr = "CASE WHEN $6::jsonb IS NULL THEN NULL ELSE "
                              "ARRAY(SELECT jsonb_array_elements_text($6::jsonb)) END";

std::optional<std::string> non_empty(const std::optional<std::string>& s) {
    return s && !s->empty() ? s : std::nullopt;
}

result<void> as_void(const result<int>& r) {
    if (!r)
        return r.error();
    return {};
}

} // namespace

result<std::unique_ptr<data_layer>> pg_layer::open(const std::string& conninfo,
                                                   const data_options& options) {
    auto conn = pg_connection::connect(conninfo, options);
    if (!conn)
        return conn.error();
    if (auto r = migrate_postgres(**conn); !r)
        return r.error();
    std::unique_ptr<pg_layer> layer(new pg_layer());
    layer->conn_ = std::move(*conn);
    layer->options_ = options;
    return std::unique_ptr<data_layer>(std::move(layer));
}

void pg_layer::close() {
    std::lock_guard lock(mu_);
    conn_.reset();
}

template <class T, class F> result<T> pg_layer::with_retry(F&& f) {
    // A few replays, each after reconnect() (which itself backs off over several attempts).
    for (int attempt = 1;; ++attempt) {
        if (!conn_)
            return errc::unavailable;
        result<T> r = f(*conn_);
        if (r || !conn_->lost())
            return r;
        if (attempt >= 3)
            break;
        log().warn("data: replaying a PostgreSQL operation after reconnecting (attempt {})",
                   attempt + 1);
        if (!conn_->reconnect())
            break;
    }
    log().error("data: PostgreSQL operation failed: database unavailable");
    return errc::unavailable;
}

template <class T, class F> result<T> pg_layer::write(F&& f) {
    std::lock_guard lock(mu_);
    if (!conn_)
        return errc::unavailable;
    if (depth_ > 0) {
        if (batch_lost_)
            return errc::unavailable;
        static const std::string savepoint = "SAVEPOINT op", release = "RELEASE SAVEPOINT op",
                                 rollback_to = "ROLLBACK TO SAVEPOINT op";
        auto guarded = [&](pg_connection& c) -> result<T> {
            if (auto r = c.exec(savepoint); !r)
                return fail<T>(r.error());
            ++depth_;
            result<T> out = f(c);
            --depth_;
            if (!out && !c.lost())
                (void)c.exec(rollback_to);
            if (!c.lost())
                (void)c.exec(release);
            return out;
        };
        result<T> out = guarded(*conn_);
        if (conn_->lost())
            batch_lost_ = true;
        return out;
    }
    return with_retry<T>([&](pg_connection& c) -> result<T> {
        if (auto r = c.exec("BEGIN"); !r)
            return fail<T>(r.error());
        ++depth_;
        result<T> out = f(c);
        --depth_;
        if (!out) {
            if (!c.lost())
                (void)c.exec("ROLLBACK");
            return out;
        }
        if (auto r = c.exec("COMMIT"); !r)
            return fail<T>(r.error());
        return out;
    });
}

template <class T, class F> result<T> pg_layer::read(F&& f) {
    std::lock_guard lock(mu_);
    if (depth_ > 0) {
        if (!conn_ || batch_lost_)
            return errc::unavailable;
        result<T> out = f(*conn_);
        if (conn_->lost())
            batch_lost_ = true;
        return out;
    }
    return with_retry<T>(f);
}

result<void> pg_layer::write_batch(const std::function<result<void>(data_layer&)>& fn) {
    std::lock_guard lock(mu_);
    if (depth_ > 0) // nested batch: part of the enclosing one
        return write<void>([&](pg_connection&) { return fn(*this); });
    auto delay = options_.initial_backoff;
    for (int attempt = 1;; ++attempt) {
        if (!conn_)
            return errc::unavailable;
        batch_lost_ = false;
        batch_touched_.clear();
        result<void> out = conn_->exec("BEGIN");
        if (out) {
            depth_ = 1;
            in_batch_ = true;
            out = fn(*this);
            in_batch_ = false;
            depth_ = 0;
            // Each touched thread's last updatedAt, once per batch (see batch_touched_).
            for (const auto& [tid, at] : batch_touched_)
                if (out && !at.empty() && !conn_->lost())
                    if (auto r = conn_->run(touch_thread_sql, {tid, at}); !r)
                        out = r.error();
            batch_touched_.clear();
            if (!conn_->lost() && !batch_lost_)
                out = out ? conn_->exec("COMMIT") : (conn_->exec("ROLLBACK"), out);
        }
        if (!conn_->lost() && !batch_lost_)
            return out;
        if (attempt >= 3) {
            log().error("data: PostgreSQL batch failed after {} attempts: unavailable", attempt);
            return errc::unavailable;
        }
        log().warn("data: PostgreSQL connection lost in a batch; replaying it (attempt {})",
                   attempt + 1);
        if (!conn_->reconnect())
            return errc::unavailable;
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, options_.max_backoff);
    }
}

// ---- users ---------------------------------------------------------------------------------

result<std::optional<persisted_user>> pg_layer::get_user(std::string_view identifier) {
    return read<std::optional<persisted_user>>(
        [&](pg_connection& c) -> result<std::optional<persisted_user>> {
            static const std::string sql = user_select + "WHERE u.identifier = $1::text";
            std::optional<persisted_user> out;
            auto r = c.run(sql, {std::string(identifier)},
                           [&](const row_view& row) { out = user_from_row(row); });
            if (!r)
                return r.error();
            return out;
        });
}

result<persisted_user> pg_layer::create_user(const user& u) {
    if (u.identifier.empty())
        return errc::invalid_argument;
    const std::string new_id = uuid4();
    return write<persisted_user>([&](pg_connection& c) -> result<persisted_user> {
        static const std::string upsert =
            "INSERT INTO \"User\" (id, identifier, metadata, \"createdAt\", \"updatedAt\") "
            "VALUES ($1::text, $2::text, $3::jsonb, $4::timestamp, $4::timestamp) "
            "ON CONFLICT (identifier) DO UPDATE SET metadata = EXCLUDED.metadata, "
            "\"updatedAt\" = EXCLUDED.\"updatedAt\" RETURNING id";
        std::string id;
        auto r = c.run(upsert, {new_id, u.identifier, dump(u.metadata), iso_now()},
                       [&](const row_view& row) { id = row.text(0); });
        if (!r)
            return r.error();
        if (u.display_name) {
            static const std::string name_sql =
                "INSERT INTO \"ChainlitCppUser\" (\"userId\", \"displayName\") "
                "VALUES ($1::text, $2::text) ON CONFLICT (\"userId\") DO UPDATE SET "
                "\"displayName\" = EXCLUDED.\"displayName\"";
            if (auto n = c.run(name_sql, {id, *u.display_name}); !n)
                return n.error();
        }
        static const std::string sql = user_select + "WHERE u.id = $1::text";
        persisted_user out;
        r = c.run(sql, {id}, [&](const row_view& row) { out = user_from_row(row); });
        if (!r)
            return r.error();
        return out;
    });
}

result<std::vector<persisted_user>> pg_layer::list_users() {
    return read<std::vector<persisted_user>>(
        [&](pg_connection& c) -> result<std::vector<persisted_user>> {
            static const std::string sql = user_select + "ORDER BY u.identifier";
            std::vector<persisted_user> out;
            auto r =
                c.run(sql, {}, [&](const row_view& row) { out.push_back(user_from_row(row)); });
            if (!r)
                return r.error();
            return out;
        });
}

result<bool> pg_layer::delete_user(std::string_view identifier) {
    return write<bool>([&](pg_connection& c) -> result<bool> {
        static const std::string sql = "DELETE FROM \"User\" WHERE identifier = $1::text";
        auto r = c.run(sql, {std::string(identifier)});
        if (!r)
            return fail<bool>(r.error());
        if (*r == 0)
            return false;
        static const std::string record =
            "INSERT INTO \"ChainlitCppUserRemoval\" (identifier, \"removedAt\") "
            "VALUES ($1::text, $2::timestamp) ON CONFLICT (identifier) DO UPDATE SET "
            "\"removedAt\" = EXCLUDED.\"removedAt\"";
        if (auto rec = c.run(record, {std::string(identifier), iso_now()}); !rec)
            return fail<bool>(rec.error());
        return true;
    });
}

result<std::optional<std::string>> pg_layer::user_removed_at(std::string_view identifier) {
    return read<std::optional<std::string>>(
        [&](pg_connection& c) -> result<std::optional<std::string>> {
            static const std::string sql = "SELECT \"removedAt\" FROM \"ChainlitCppUserRemoval\" "
                                           "WHERE identifier = $1::text";
            std::optional<std::string> at;
            auto r = c.run(sql, {std::string(identifier)},
                           [&](const row_view& row) { at = row.opt_time(0); });
            if (!r)
                return r.error();
            return at;
        });
}

result<void> pg_layer::set_password_hash(std::string_view identifier, std::string_view hash) {
    return write<void>([&](pg_connection& c) -> result<void> {
        static const std::string sql =
            "INSERT INTO \"ChainlitCppUser\" (\"userId\", \"passwordHash\") "
            "SELECT id, $2::text FROM \"User\" WHERE identifier = $1::text "
            "ON CONFLICT (\"userId\") DO UPDATE SET \"passwordHash\" = EXCLUDED.\"passwordHash\"";
        sql_value h = hash.empty() ? sql_value() : sql_value(std::string(hash));
        auto r = c.run(sql, {std::string(identifier), h});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::not_found;
        return {};
    });
}

result<std::optional<std::string>> pg_layer::get_password_hash(std::string_view identifier) {
    return read<std::optional<std::string>>(
        [&](pg_connection& c) -> result<std::optional<std::string>> {
            static const std::string sql =
                "SELECT a.\"passwordHash\" FROM \"User\" u LEFT JOIN \"ChainlitCppUser\" a "
                "ON a.\"userId\" = u.id WHERE u.identifier = $1::text";
            bool found = false;
            std::optional<std::string> hash;
            auto r = c.run(sql, {std::string(identifier)}, [&](const row_view& row) {
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

result<std::string> pg_layer::upsert_feedback(const feedback& f) {
    if (f.for_id.empty())
        return errc::invalid_argument;
    const std::string id = f.id && !f.id->empty() ? *f.id : uuid4();
    return write<std::string>([&](pg_connection& c) -> result<std::string> {
        static const std::string sql =
            "INSERT INTO \"Feedback\" (id, \"stepId\", name, value, comment, \"createdAt\", "
            "\"updatedAt\") VALUES ($1::text, $2::text, 'user_feedback', $3::float8, $4::text, "
            "$5::timestamp, $5::timestamp) ON CONFLICT (id) DO UPDATE SET "
            "value = EXCLUDED.value, comment = EXCLUDED.comment, "
            "\"updatedAt\" = EXCLUDED.\"updatedAt\" "
            "WHERE \"Feedback\".\"stepId\" = EXCLUDED.\"stepId\"";
        auto r = c.run(sql, {id, f.for_id, f.value, opt(f.comment), iso_now()});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict; // the id is another step's feedback: it stays there
        return id;
    });
}

result<bool> pg_layer::delete_feedback(std::string_view feedback_id) {
    return write<bool>([&](pg_connection& c) -> result<bool> {
        static const std::string sql = "DELETE FROM \"Feedback\" WHERE id = $1::text";
        auto r = c.run(sql, {std::string(feedback_id)});
        if (!r)
            return fail<bool>(r.error());
        return *r > 0;
    });
}

// ---- elements ------------------------------------------------------------------------------

result<void> pg_layer::create_element(const element_dict& e) {
    if (!non_empty(e.for_id))
        return {};
    const auto thread = non_empty(e.thread_id);
    if (e.id.empty() || !thread)
        return errc::invalid_argument;
    const std::string now = iso_now();
    return write<void>([&](pg_connection& c) -> result<void> {
        if (auto r = c.run(ensure_thread_sql, {*thread, now}); !r)
            return r.error();
        if (auto r = c.run(ensure_step_sql, {*e.for_id, *thread, now}); !r)
            return r.error();
        // Written only when its step is in this thread, and an existing row only when it is in
        // this thread too: no row written means the element or its step belongs elsewhere.
        static const std::string sql =
            "INSERT INTO \"Element\" (id, \"threadId\", \"stepId\", metadata, mime, name, "
            "\"objectKey\", url, \"chainlitKey\", display, size, language, page, props, "
            "\"createdAt\", \"updatedAt\") SELECT $1::text, $2::text, $3::text, $4::jsonb, "
            "$5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::text, "
            "$13::integer, $14::jsonb, $15::timestamp, $15::timestamp WHERE NOT EXISTS (SELECT 1 "
            "FROM \"Step\" s WHERE s.id = $3::text AND s.\"threadId\" IS DISTINCT FROM $2::text) "
            "ON CONFLICT (id) DO UPDATE SET \"stepId\" = EXCLUDED.\"stepId\", "
            "metadata = EXCLUDED.metadata, mime = EXCLUDED.mime, name = EXCLUDED.name, "
            "\"objectKey\" = EXCLUDED.\"objectKey\", url = EXCLUDED.url, "
            "\"chainlitKey\" = EXCLUDED.\"chainlitKey\", display = EXCLUDED.display, "
            "size = EXCLUDED.size, language = EXCLUDED.language, page = EXCLUDED.page, "
            "props = EXCLUDED.props, \"updatedAt\" = EXCLUDED.\"updatedAt\" "
            "WHERE \"Element\".\"threadId\" = $2::text";
        sql_value page = e.page ? sql_value(std::int64_t(*e.page)) : sql_value();
        sql_value props = e.props ? sql_value(dump(*e.props)) : sql_value();
        auto r = c.run(sql, {e.id, *thread, *e.for_id, dump(element_metadata(e)), opt(e.mime),
                             e.name, opt(e.object_key), opt(e.url), opt(e.chainlit_key), e.display,
                             opt(e.size), opt(e.language), page, props, now});
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict;
        return {};
    });
}

result<std::optional<element_dict>> pg_layer::get_element(std::string_view thread_id,
                                                          std::string_view element_id) {
    return read<std::optional<element_dict>>(
        [&](pg_connection& c) -> result<std::optional<element_dict>> {
            static const std::string sql =
                element_select + "WHERE id = $1::text AND \"threadId\" = $2::text";
            std::optional<element_dict> out;
            auto r = c.run(sql, {std::string(element_id), std::string(thread_id)},
                           [&](const row_view& row) { out = element_from_row(row); });
            if (!r)
                return r.error();
            return out;
        });
}

result<void> pg_layer::delete_element(std::string_view element_id,
                                      std::optional<std::string_view> thread_id) {
    return write<void>([&](pg_connection& c) -> result<void> {
        static const std::string sql = "DELETE FROM \"Element\" WHERE id = $1::text AND "
                                       "($2::text IS NULL OR \"threadId\" = $2::text)";
        sql_value t = thread_id ? sql_value(std::string(*thread_id)) : sql_value();
        return as_void(c.run(sql, {std::string(element_id), t}));
    });
}

// ---- steps ---------------------------------------------------------------------------------

result<void> pg_layer::create_step(const step_dict& s) {
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
    sql_params params{s.id,
                      opt(thread),
                      opt(parent),
                      opt(s.name),
                      opt(s.type),
                      opt(s.input),
                      opt(s.output),
                      s.metadata ? sql_value(dump(*s.metadata)) : sql_value(),
                      s.is_error ? sql_value(std::string(*s.is_error ? "true" : "false"))
                                 : sql_value(),
                      opt(show_input_to_text(s.show_input)),
                      created.value_or(start),
                      start,
                      opt(normalize_time(s.end)),
                      dump(step_extra(s)),
                      now};
    return write<void>([&](pg_connection& c) -> result<void> {
        // In a batch, a thread's row is written by its first step only; later ones leave their
        // time for write_batch to write once at commit.
        auto seen = thread && in_batch_ ? batch_touched_.find(*thread) : batch_touched_.end();
        if (thread && seen == batch_touched_.end())
            if (auto r = c.run(touch_thread_sql, {*thread, now}); !r)
                return r.error();
        if (parent)
            if (auto r = c.run(ensure_step_sql, {*parent, opt(thread), start}); !r)
                return r.error();
        auto r = c.run(upsert_step_sql, params);
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict; // the id or the parent is another thread's
        // Recorded only on success: a failed op's savepoint rollback undoes its thread write.
        if (thread && in_batch_) {
            if (seen != batch_touched_.end())
                seen->second = now;
            else
                batch_touched_.emplace(*thread, std::string());
        }
        return {};
    });
}

result<void> pg_layer::delete_step(std::string_view step_id,
                                   std::optional<std::string_view> thread_id) {
    // Feedback references steps with ON DELETE SET NULL in the official schema, so it is
    // deleted explicitly for the step and all its descendants; the rest cascades.
    sql_params params{std::string(step_id),
                      thread_id ? sql_value(std::string(*thread_id)) : sql_value()};
    return write<void>([&](pg_connection& c) -> result<void> {
        static const std::string feedback_sql = R"sql(
WITH RECURSIVE tree AS (
    SELECT id FROM "Step" WHERE id = $1::text AND ($2::text IS NULL OR "threadId" = $2::text)
    UNION ALL SELECT s.id FROM "Step" s JOIN tree ON s."parentId" = tree.id)
DELETE FROM "Feedback" WHERE "stepId" IN (SELECT id FROM tree)
)sql";
        if (auto r = c.run(feedback_sql, params); !r)
            return r.error();
        static const std::string sql = "DELETE FROM \"Step\" WHERE id = $1::text AND "
                                       "($2::text IS NULL OR \"threadId\" = $2::text)";
        return as_void(c.run(sql, params));
    });
}

// ---- threads -------------------------------------------------------------------------------

result<std::string> pg_layer::get_thread_author(std::string_view thread_id) {
    return read<std::string>([&](pg_connection& c) -> result<std::string> {
        static const std::string sql =
            "SELECT u.identifier FROM \"Thread\" t LEFT JOIN \"User\" u ON u.id = t.\"userId\" "
            "WHERE t.id = $1::text AND t.\"deletedAt\" IS NULL";
        std::optional<std::string> author;
        auto r = c.run(sql, {std::string(thread_id)},
                       [&](const row_view& row) { author = row.text(0); });
        if (!r)
            return r.error();
        if (!author)
            return errc::not_found;
        return *author;
    });
}

result<std::optional<row_owner>> pg_layer::owner_of(row_kind kind, std::string_view id) {
    // The row's thread id, then its owner through the thread (LEFT JOINs: a row whose thread
    // or owner is gone still answers, with "").
    static const std::string owner_join =
        " LEFT JOIN \"User\" u ON u.id = t.\"userId\" WHERE x.id = $1::text";
    static const std::string thread_sql =
        "SELECT x.id, coalesce(u.identifier, '') FROM \"Thread\" x "
        "LEFT JOIN \"User\" u ON u.id = x.\"userId\" WHERE x.id = $1::text";
    static const std::string step_sql =
        "SELECT coalesce(x.\"threadId\", ''), coalesce(u.identifier, '') FROM \"Step\" x "
        "LEFT JOIN \"Thread\" t ON t.id = x.\"threadId\"" +
        owner_join;
    static const std::string element_sql =
        "SELECT coalesce(x.\"threadId\", ''), coalesce(u.identifier, '') FROM \"Element\" x "
        "LEFT JOIN \"Thread\" t ON t.id = x.\"threadId\"" +
        owner_join;
    static const std::string feedback_sql =
        "SELECT coalesce(s.\"threadId\", ''), coalesce(u.identifier, '') FROM \"Feedback\" x "
        "LEFT JOIN \"Step\" s ON s.id = x.\"stepId\" "
        "LEFT JOIN \"Thread\" t ON t.id = s.\"threadId\"" +
        owner_join;
    const std::string& sql = kind == row_kind::thread    ? thread_sql
                             : kind == row_kind::step    ? step_sql
                             : kind == row_kind::element ? element_sql
                                                         : feedback_sql;
    return read<std::optional<row_owner>>(
        [&](pg_connection& c) -> result<std::optional<row_owner>> {
            std::optional<row_owner> out;
            auto r = c.run(sql, {std::string(id)}, [&](const row_view& row) {
                out = row_owner{row.text(0), row.text(1)};
            });
            if (!r)
                return r.error();
            return out;
        });
}

result<void> pg_layer::delete_thread(std::string_view thread_id) {
    return write<void>([&](pg_connection& c) -> result<void> {
        batch_touched_.erase(std::string(thread_id)); // a later step must write its row again
        static const std::string feedback_sql =
            "DELETE FROM \"Feedback\" WHERE \"stepId\" IN "
            "(SELECT id FROM \"Step\" WHERE \"threadId\" = $1::text)";
        if (auto r = c.run(feedback_sql, {std::string(thread_id)}); !r)
            return r.error();
        static const std::string sql = "DELETE FROM \"Thread\" WHERE id = $1::text";
        return as_void(c.run(sql, {std::string(thread_id)}));
    });
}

result<paginated_threads> pg_layer::list_threads(const pagination& p, const thread_filter& f) {
    // Assembled from fixed fragments only (values are always bound): one prepared statement
    // per filter combination.
    std::string sql = "SELECT t.id, t.\"updatedAt\", t.name, t.\"userId\", u.identifier, "
                      "t.metadata::text, to_jsonb(coalesce(t.tags, '{}'::text[]))::text "
                      "FROM \"Thread\" t LEFT JOIN \"User\" u ON u.id = t.\"userId\" "
                      "WHERE t.\"deletedAt\" IS NULL";
    sql_params params;
    auto bind = [&params](sql_value v, const char* type) {
        params.push_back(std::move(v));
        return "$" + std::to_string(params.size()) + "::" + type;
    };
    if (f.user_id)
        sql += " AND t.\"userId\" = " + bind(*f.user_id, "text");
    if (f.search && !f.search->empty())
        sql += " AND strpos(lower(t.name), lower(" + bind(*f.search, "text") + ")) > 0";
    if (f.feedback)
        sql += " AND EXISTS (SELECT 1 FROM \"Feedback\" fb JOIN \"Step\" s ON s.id = "
               "fb.\"stepId\" WHERE s.\"threadId\" = t.id AND fb.value = " +
               bind(double(*f.feedback), "float8") + ")";
    if (p.cursor)
        sql += " AND (t.\"updatedAt\", t.id) < (SELECT \"updatedAt\", id FROM \"Thread\" "
               "WHERE id = " +
               bind(*p.cursor, "text") + ")";
    const int first = clamp_page(p.first);
    sql += " ORDER BY t.\"updatedAt\" DESC, t.id DESC LIMIT " +
           bind(std::int64_t(first + 1), "integer");
    return read<paginated_threads>([&](pg_connection& c) -> result<paginated_threads> {
        paginated_threads out;
        auto r = c.run(sql, params,
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

result<std::optional<thread_dict>> pg_layer::get_thread(std::string_view thread_id) {
    const std::string id(thread_id);
    auto load = [&](pg_connection& c) -> result<std::optional<thread_dict>> {
        std::optional<thread_dict> out;
        static const std::string sql =
            thread_select + "WHERE t.id = $1::text AND t.\"deletedAt\" IS NULL";
        auto r = c.run(sql, {id}, [&](const row_view& row) { out = thread_from_row(row); });
        if (!r)
            return r.error();
        if (!out)
            return out;
        r = c.run(step_select, {id},
                  [&](const row_view& row) { out->steps.push_back(step_from_row(row)); });
        if (!r)
            return r.error();
        static const std::string element_sql =
            element_select + "WHERE \"threadId\" = $1::text ORDER BY \"createdAt\", id";
        r = c.run(element_sql, {id},
                  [&](const row_view& row) { out->elements.push_back(element_from_row(row)); });
        if (!r)
            return r.error();
        return out;
    };
    std::lock_guard lock(mu_);
    if (depth_ > 0)
        return read<std::optional<thread_dict>>(load);
    // One snapshot for the three queries, so a concurrent write never shows half a thread.
    return read<std::optional<thread_dict>>(
        [&](pg_connection& c) -> result<std::optional<thread_dict>> {
            if (auto r = c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !r)
                return r.error();
            auto out = load(c);
            if (!c.lost())
                (void)c.exec(out ? "COMMIT" : "ROLLBACK");
            return out;
        });
}

result<void> pg_layer::update_thread(std::string_view thread_id, const thread_update& u) {
    if (thread_id.empty())
        return errc::invalid_argument;
    const std::string id(thread_id);
    const std::string now = iso_now();
    if (!u.name && !u.user_id && !u.metadata && !u.tags)
        return write<void>([&](pg_connection& c) {
            return as_void(c.run(ensure_thread_sql, {id, now}));
        });
    std::optional<std::string> name = u.name;
    if (u.metadata)
        if (auto* n = u.metadata->if_contains("name"); !name && n && n->is_string())
            name = std::string(n->get_string());
    if (name)
        name = truncate_code_points(*name, 255);
    // The merge happens in one statement: jsonb || patch, then minus the null keys.
    const json::object patch = u.metadata ? non_null(*u.metadata) : json::object();
    json::array deleted;
    if (u.metadata)
        for (auto& k : null_keys(*u.metadata))
            deleted.emplace_back(k);
    static const std::string sql =
        "INSERT INTO \"Thread\" (id, \"createdAt\", \"updatedAt\", name, \"userId\", metadata, "
        "tags) VALUES ($1::text, $2::timestamp, $2::timestamp, $3::text, $4::text, $5::jsonb, "
        "coalesce(" +
        tags_expr +
        ", '{}'::text[])) ON CONFLICT (id) DO UPDATE SET \"updatedAt\" = EXCLUDED.\"updatedAt\", "
        "name = coalesce($3::text, \"Thread\".name), "
        "\"userId\" = coalesce(\"Thread\".\"userId\", $4::text), "
        "metadata = (\"Thread\".metadata || $5::jsonb) - "
        "ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), "
        "tags = coalesce(" +
        tags_expr +
        ", \"Thread\".tags) WHERE $4::text IS NULL OR \"Thread\".\"userId\" IS NULL OR "
        "\"Thread\".\"userId\" = $4::text";
    sql_value tags = u.tags ? sql_value(dump_strings(*u.tags)) : sql_value();
    sql_params params{id,          now,  opt(name),    opt(non_empty(u.user_id)),
                      dump(patch), tags, dump(deleted)};
    return write<void>([&](pg_connection& c) -> result<void> {
        auto r = c.run(sql, params);
        if (!r)
            return r.error();
        if (*r == 0)
            return errc::conflict; // a thread never changes hands
        return {};
    });
}

} // namespace chainlit::data::detail
