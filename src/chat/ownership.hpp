#pragma once
// Internal: the ownership guard (docs/SECURITY.md). The one place where the chat events and the
// HTTP routes ask whether an id a caller names is theirs to use, on top of the data layer's own
// rule that no write crosses a thread (data_layer.hpp "Ownership"). Every check runs on the
// data thread, after the writes queued before it, and fails closed on a database error.
#include "chainlit/auth/user.hpp"
#include "chainlit/chat/persister.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/data/data_layer.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"

#include <optional>
#include <string>
#include <variant>

namespace chainlit::ownership {

/// Where an id stands for a write into a given thread.
enum class standing {
    unused,      ///< no row has it: the caller may create one
    this_thread, ///< a row of that very thread: the caller may update it
    elsewhere,   ///< a row of another thread: refused
};

/// How `id` (a row of `kind`) stands for a write into `thread_id`. An empty id is unused.
result<standing> standing_of(data::data_layer& d, data::row_kind kind, std::string_view id,
                             std::string_view thread_id);

/// The ids a client message names (its own id and its parent) may be used in `thread_id`:
/// nullopt when they may, else the reason to show the user. Database errors refuse too.
task<std::optional<std::string>> refuse_message_ids(persister& store, std::string thread_id,
                                                    std::string id, std::string parent_id);

/// True when `id` may name a new or updated step of `thread_id` (unused or already there). For
/// ids a client sends where a fresh one can be used instead (an ask's answer).
task<bool> step_id_usable(persister& store, std::string thread_id, std::string id);

/// May the HTTP context of `u` (nullopt: anonymous) write into `thread_id`, an id the app
/// named: the thread must not exist, or be owned by `u` (ownerless, for an anonymous caller).
/// Claims the thread for `u` in the same step when it is allowed. Returns the refusal text.
task<std::optional<std::string>> claim_thread(persister& store, std::string thread_id,
                                              std::optional<auth::user> u);

/// For HTTP routes: the thread of row `id` when `identifier` owns it, else the response to
/// send: 404 `missing` when no such row, 401 "Unauthorized" when another user owns the thread
/// or nobody does, 500 on a database error.
task<std::variant<data::row_owner, http::response>>
owned_row(persister& store, const http::request& req, data::row_kind kind, std::string id,
          std::string identifier, std::string_view missing);

} // namespace chainlit::ownership
