#pragma once
#include "data/postgres/pg_conn.hpp"

namespace chainlit::data::detail {

/// Creates whatever is missing of the official Chainlit schema (spec E.8) and our own side
/// tables, under an advisory lock so concurrent starts are safe. An existing Chainlit database
/// is left as it is, apart from additions the official layer tolerates.
result<void> migrate_postgres(pg_connection& conn);

} // namespace chainlit::data::detail
