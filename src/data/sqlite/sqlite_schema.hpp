#pragma once
#include "data/sqlite/sqlite_db.hpp"

namespace chainlit::data::detail {

/// Brings the database to the latest schema version (PRAGMA user_version), one numbered step
/// per transaction. Safe to run concurrently from several processes.
result<void> migrate_sqlite(sqlite_db& db);

/// The schema version this build writes.
int sqlite_schema_version();

} // namespace chainlit::data::detail
