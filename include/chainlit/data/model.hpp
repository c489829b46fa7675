#pragma once
// The persisted data model of spec E (ThreadDict, StepDict, ElementDict, feedback, users,
// pagination). Plain aggregates: the data layer fills them, the chat and app layers turn them
// into wire JSON with to_json. Keys follow the wire exactly (camelCase), timestamps are ISO-8601
// UTC strings with `Z` and microseconds (spec H), whatever the storage engine keeps.
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainlit::data {

/// A user as an auth callback produces it (spec E.5 `User`).
struct user {
    std::string identifier{};
    std::optional<std::string> display_name{};
    json::object metadata{};
};

/// A stored user (spec E.5 `PersistedUser`). `created_at` is ISO with Z.
struct persisted_user {
    std::string id{};
    std::string identifier{};
    std::optional<std::string> display_name{};
    json::object metadata{};
    std::string created_at{};
};

/// Feedback on a step (spec E.4). `value` is 0 or 1 on the wire; stored as a double like the
/// official layer. `id` empty or absent means "new": upsert_feedback assigns a uuid4.
struct feedback {
    std::string for_id{};
    std::optional<std::string> id{};
    double value = 0;
    std::optional<std::string> comment{};
    std::optional<std::string> thread_id{};
};

/// StepDict (spec E.2). Every key is optional on the wire except `id`; absent means "not
/// given", which matters to the upsert rules of create_step.
struct step_dict {
    std::string id{};
    std::optional<std::string> name{};
    std::optional<std::string> type{};
    std::optional<std::string> thread_id{};
    std::optional<std::string> parent_id{};
    std::optional<std::string> command{};
    std::optional<json::object> modes{};
    std::optional<bool> streaming{};
    std::optional<bool> wait_for_answer{};
    std::optional<bool> is_error{};
    std::optional<json::object> metadata{};
    std::optional<std::vector<std::string>> tags{};
    std::optional<std::string> input{};
    std::optional<std::string> output{};
    std::optional<std::string> created_at{};
    std::optional<std::string> start{};
    std::optional<std::string> end{};
    std::optional<json::object> generation{};
    /// `bool | string` on the wire (a language name, or false).
    std::optional<json::value> show_input{};
    std::optional<bool> default_open{};
    std::optional<bool> auto_collapse{};
    std::optional<std::string> language{};
    std::optional<double> indent{};
    /// Only set when loaded from the data layer (joined from the feedback table).
    std::optional<data::feedback> feedback{};
};

/// ElementDict (spec E.3). `path` and `content` never reach the wire, so they are not here.
struct element_dict {
    std::string id{};
    std::optional<std::string> thread_id{};
    std::string type{};
    std::optional<std::string> url{};
    std::optional<std::string> chainlit_key{};
    std::string name{};
    std::string display = "inline";
    std::optional<std::string> object_key{};
    std::optional<std::string> size{};
    std::optional<json::value> props{};
    std::optional<int> page{};
    std::optional<bool> auto_play{};
    std::optional<json::value> player_config{};
    std::optional<std::string> language{};
    std::optional<std::string> for_id{};
    std::optional<std::string> mime{};
};

/// ThreadDict (spec E.1). `created_at` is the thread's updatedAt in list_threads results, as in
/// the official layer.
struct thread_dict {
    std::string id{};
    std::string created_at{};
    std::optional<std::string> name{};
    std::optional<std::string> user_id{};
    std::optional<std::string> user_identifier{};
    std::vector<std::string> tags{};
    json::object metadata{};
    std::vector<step_dict> steps{};
    std::vector<element_dict> elements{};
};

/// Pagination (spec E.6). `cursor` is the id of the last thread of the previous page.
struct pagination {
    int first = 20;
    std::optional<std::string> cursor{};
};

/// ThreadFilter (spec E.6). `feedback` keeps threads with at least one feedback of that value
/// (the official layer ignores it; we honour it).
struct thread_filter {
    std::optional<int> feedback{};
    std::optional<std::string> user_id{};
    std::optional<std::string> search{};
};

struct page_info {
    bool has_next_page = false;
    std::optional<std::string> start_cursor{};
    std::optional<std::string> end_cursor{};
};

/// PaginatedResponse[ThreadDict] (spec E.6).
struct paginated_threads {
    data::page_info page_info{};
    std::vector<thread_dict> data{};
};

/// The fields update_thread may change; absent fields are left as they are.
struct thread_update {
    std::optional<std::string> name{};
    std::optional<std::string> user_id{};
    /// Merged into the stored metadata; a key whose value is null is deleted.
    std::optional<json::object> metadata{};
    std::optional<std::vector<std::string>> tags{};
};

// Wire JSON. to_json emits exactly the keys of spec E; from_json accepts what clients and
// Chainlit send (unknown keys ignored) and fails with errc::parse_error on wrong types or a
// missing required key.
json::object to_json(const user& u);
json::object to_json(const persisted_user& u);
json::object to_json(const feedback& f);
json::object to_json(const step_dict& s);
json::object to_json(const element_dict& e);
json::object to_json(const thread_dict& t);
json::object to_json(const pagination& p);
json::object to_json(const thread_filter& f);
json::object to_json(const page_info& p);
json::object to_json(const paginated_threads& p);

template <class T> result<T> from_json(const json::value& v);
template <> result<user> from_json<user>(const json::value& v);
template <> result<persisted_user> from_json<persisted_user>(const json::value& v);
template <> result<feedback> from_json<feedback>(const json::value& v);
template <> result<step_dict> from_json<step_dict>(const json::value& v);
template <> result<element_dict> from_json<element_dict>(const json::value& v);
template <> result<thread_dict> from_json<thread_dict>(const json::value& v);
template <> result<pagination> from_json<pagination>(const json::value& v);
template <> result<thread_filter> from_json<thread_filter>(const json::value& v);

/// The ten step types of spec E.2 (the PostgreSQL enum "StepType").
bool is_step_type(std::string_view type) noexcept;

} // namespace chainlit::data
