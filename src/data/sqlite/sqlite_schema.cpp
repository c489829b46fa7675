// Versioned SQLite schema. Each migration is a numbered step run in its own transaction with
// PRAGMA user_version bumped inside it, so a crash mid-migration leaves the previous version
// intact and the next start resumes. Never edit a released step: append a new one.
#include "data/sqlite/sqlite_schema.hpp"

#include "chainlit/core/log.hpp"

#include <array>

namespace chainlit::data::detail {
namespace {

// Timestamps are ISO-8601 text with Z and microseconds: fixed width, so text order is time
// order. `seq` gives steps a stable creation order for equal start times (and survives
// VACUUM, unlike an implicit rowid).
constexpr const char* migration_1 = R"sql(
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    display_name TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    password_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    name TEXT,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX threads_updated_idx ON threads(updated_at, id);
CREATE INDEX threads_user_updated_idx ON threads(user_id, updated_at, id);
CREATE TABLE steps (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    thread_id TEXT REFERENCES threads(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES steps(id) ON DELETE CASCADE,
    name TEXT,
    type TEXT NOT NULL,
    input TEXT,
    output TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    is_error INTEGER DEFAULT 0,
    show_input TEXT DEFAULT 'json',
    created_at TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX steps_thread_start_idx ON steps(thread_id, start_time, seq);
CREATE INDEX steps_parent_idx ON steps(parent_id);
CREATE TABLE elements (
    id TEXT PRIMARY KEY,
    thread_id TEXT REFERENCES threads(id) ON DELETE CASCADE,
    step_id TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    metadata TEXT NOT NULL DEFAULT '{}',
    mime TEXT,
    name TEXT NOT NULL,
    object_key TEXT,
    url TEXT,
    chainlit_key TEXT,
    display TEXT,
    size TEXT,
    language TEXT,
    page INTEGER,
    props TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX elements_thread_idx ON elements(thread_id);
CREATE INDEX elements_step_idx ON elements(step_id);
CREATE TABLE feedbacks (
    id TEXT PRIMARY KEY,
    step_id TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT 'user_feedback',
    value REAL NOT NULL,
    comment TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX feedbacks_step_idx ON feedbacks(step_id, updated_at);
CREATE INDEX feedbacks_value_idx ON feedbacks(value);
)sql";

// Removed users, so that a removal revokes the tokens issued before it (data_layer::
// user_removed_at): without this, a token of a removed user would bring the user back.
constexpr const char* migration_2 = R"sql(
CREATE TABLE user_removals (
    identifier TEXT PRIMARY KEY,
    removed_at TEXT NOT NULL
);
)sql";

constexpr std::array<const char*, 2> migrations{migration_1, migration_2};

} // namespace

int sqlite_schema_version() {
    return static_cast<int>(migrations.size());
}

result<void> migrate_sqlite(sqlite_db& db) {
    for (;;) {
        // BEGIN IMMEDIATE takes the write lock before reading the version, so two processes
        // opening a fresh database cannot both run the same step.
        if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
            return r;
        int version = 0;
        auto read = db.run("PRAGMA user_version", {},
                           [&](const row_view& row) { version = std::stoi(row.text(0)); });
        if (!read) {
            (void)db.exec("ROLLBACK");
            return read.error();
        }
        if (version >= static_cast<int>(migrations.size())) {
            if (version > static_cast<int>(migrations.size()))
                log().warn("data: SQLite schema version {} is newer than this build ({})", version,
                           migrations.size());
            return db.exec("COMMIT");
        }
        const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
        if (auto r = db.exec(migrations[version]); !r) {
            (void)db.exec("ROLLBACK");
            log().error("data: SQLite migration {} failed", version + 1);
            return r;
        }
        if (auto r = db.exec(bump.c_str()); !r) {
            (void)db.exec("ROLLBACK");
            return r;
        }
        if (auto r = db.exec("COMMIT"); !r)
            return r;
        log().info("data: SQLite schema migrated to version {}", version + 1);
    }
}

} // namespace chainlit::data::detail
