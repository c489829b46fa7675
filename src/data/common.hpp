#pragma once
// Engine-independent pieces shared by the SQLite and PostgreSQL layers: SQL parameter values,
// rows seen as nullable text, the row-to-struct decoders, and the value rules of spec E
// (timestamps, name truncation, metadata merge, what a step keeps beside the official columns).
#include "chainlit/data/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chainlit::data::detail {

/// An error result for any T (result<bool> cannot be built implicitly from an error_code).
template <class T> result<T> fail(const boost::system::error_code& ec) {
    return result<T>(boost::system::in_place_error, ec);
}

/// One bound SQL parameter. PostgreSQL receives them as text; SQLite binds them natively.
using sql_value = std::variant<std::monostate, std::string, std::int64_t, double>;
using sql_params = std::vector<sql_value>;

template <class T> sql_value opt(const std::optional<T>& v) {
    if (v)
        return sql_value(*v);
    return {};
}
inline sql_value opt_bool(const std::optional<bool>& v) {
    return v ? sql_value(std::int64_t(*v)) : sql_value();
}
/// Text form of a parameter (PostgreSQL text format); nullopt for NULL.
std::optional<std::string> to_text(const sql_value& v);

/// A result row as nullable text columns, whatever the engine stored.
class row_view {
public:
    virtual ~row_view() = default;
    virtual std::optional<std::string_view> get(int col) const = 0;
    std::string text(int col) const { return std::string(get(col).value_or("")); }
    std::optional<std::string> opt_text(int col) const;
    /// Accepts SQLite's 0/1 and PostgreSQL's t/f.
    std::optional<bool> opt_bool(int col) const;
    /// Timestamp in any engine's text form, returned as ISO with Z and microseconds.
    std::optional<std::string> opt_time(int col) const;
    json::object object(int col) const;
    std::optional<json::value> opt_json(int col) const;
    std::vector<std::string> strings(int col) const;
};

// ---- value rules ---------------------------------------------------------------------------

/// `s` (a client timestamp) normalised to ISO with Z and microseconds; nullopt when absent or
/// unparsable, so the caller falls back to now.
std::optional<std::string> normalize_time(const std::optional<std::string>& s);
/// The first `n` Unicode code points of UTF-8 `s` (Python's `s[:n]`).
std::string truncate_code_points(std::string_view s, std::size_t n);
/// Unicode lower-casing of UTF-8 text (invalid bytes are kept), for case-insensitive search.
std::string fold_case(std::string_view s);
/// Chainlit's thread-metadata merge: `patch` keys overwrite, null values delete.
void merge_metadata(json::object& base, const json::object& patch);
/// Keys of `patch` that are null (deleted by the merge) and the rest.
std::vector<std::string> null_keys(const json::object& patch);
json::object non_null(const json::object& patch);
std::string dump(const json::value& v);
std::string dump_strings(const std::vector<std::string>& v);

/// showInput as stored in the official TEXT column ("true"/"false"/language) and back.
std::optional<std::string> show_input_to_text(const std::optional<json::value>& v);
std::optional<json::value> show_input_from_text(const std::optional<std::string>& s);

/// The StepDict keys the official schema has no column for, kept as one JSON object so a
/// resumed chat keeps its commands, languages and tags.
json::object step_extra(const step_dict& s);
void apply_step_extra(step_dict& s, const json::object& extra);

/// Element metadata column, as the official layer writes it (the element type lives here),
/// plus autoPlay/playerConfig which have no column.
json::object element_metadata(const element_dict& e);

// ---- row decoders (column order is fixed by each engine's SELECT) -------------------------

/// id, identifier, display_name, metadata, created_at
persisted_user user_from_row(const row_view& r);
/// id, thread_id, parent_id, name, type, input, output, metadata, is_error, show_input,
/// created_at, start_time, end_time, extra, feedback_id, feedback_value, feedback_comment
step_dict step_from_row(const row_view& r);
/// id, thread_id, step_id, metadata, mime, name, object_key, url, chainlit_key, display, size,
/// language, page, props
element_dict element_from_row(const row_view& r);
/// id, created_at (or updated_at), name, user_id, user_identifier, metadata, tags
thread_dict thread_from_row(const row_view& r);

/// Validates the ids and the type of a step; the type a new step gets.
result<std::string> checked_step_type(const step_dict& s);

/// Clamps a page size to 1..1000.
int clamp_page(int first);

} // namespace chainlit::data::detail
