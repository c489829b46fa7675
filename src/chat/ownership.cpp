// The ownership guard (ownership.hpp, docs/SECURITY.md).
#include "ownership.hpp"

#include "chainlit/core/log.hpp"

namespace chainlit::ownership {

result<standing> standing_of(data::data_layer& d, data::row_kind kind, std::string_view id,
                             std::string_view thread_id) {
    if (id.empty())
        return standing::unused;
    auto where = d.owner_of(kind, id);
    if (!where)
        return where.error();
    if (!*where)
        return standing::unused;
    return (*where)->thread_id == thread_id ? standing::this_thread : standing::elsewhere;
}

task<std::optional<std::string>> refuse_message_ids(persister& store, std::string thread_id,
                                                    std::string id, std::string parent_id) {
    // One job on the data thread for both ids: one hop per message.
    auto check = [thread_id, id, parent_id](data::data_layer& d) -> result<std::string> {
        auto own = standing_of(d, data::row_kind::step, id, thread_id);
        if (!own)
            return own.error();
        if (*own == standing::elsewhere)
            return std::string("Invalid message id: it is already in use");
        auto parent = standing_of(d, data::row_kind::step, parent_id, thread_id);
        if (!parent)
            return parent.error();
        if (*parent == standing::elsewhere)
            return std::string("Invalid parent id: not a message of this chat");
        return std::string();
    };
    auto verdict = co_await store.read(check);
    if (!verdict) {
        log().error("checking message ids failed: {}", verdict.error().message());
        co_return "The message could not be checked; please try again";
    }
    if (verdict->empty())
        co_return std::nullopt;
    co_return std::move(*verdict);
}

task<bool> step_id_usable(persister& store, std::string thread_id, std::string id) {
    auto check = [thread_id, id](data::data_layer& d) {
        return standing_of(d, data::row_kind::step, id, thread_id);
    };
    auto s = co_await store.read(check);
    co_return s&&* s != standing::elsewhere;
}

task<std::optional<std::string>> claim_thread(persister& store, std::string thread_id,
                                              std::optional<auth::user> u) {
    auto claim = [thread_id, u](data::data_layer& d) -> result<std::string> {
        auto where = d.owner_of(data::row_kind::thread, thread_id);
        if (!where)
            return where.error();
        const std::string me = u ? u->identifier : std::string();
        if (*where && (*where)->author != me)
            return "Thread " + thread_id + " belongs to another user";
        if (!u)
            return std::string(); // anonymous: the thread stays without an owner
        std::optional<std::string> uid = u->id;
        if (!uid) {
            auto found = d.get_user(u->identifier);
            if (!found)
                return found.error();
            if (*found)
                uid = (*found)->id;
        }
        data::thread_update up;
        up.user_id = uid;
        if (auto r = d.update_thread(thread_id, up); !r) {
            if (r.error() == make_error_code(errc::conflict))
                return "Thread " + thread_id + " belongs to another user";
            return r.error();
        }
        return std::string();
    };
    auto verdict = co_await store.read(claim);
    if (!verdict) {
        log().error("claiming thread {} failed: {}", thread_id, verdict.error().message());
        co_return "Thread " + thread_id + " could not be checked";
    }
    if (verdict->empty())
        co_return std::nullopt;
    co_return std::move(*verdict);
}

task<std::variant<data::row_owner, http::response>>
owned_row(persister& store, const http::request& req, data::row_kind kind, std::string id,
          std::string identifier, std::string_view missing) {
    auto lookup = [kind, id](data::data_layer& d) { return d.owner_of(kind, id); };
    auto where = co_await store.read(lookup);
    if (!where) {
        log().error("[{}] data layer error: {}", req.request_id(), where.error().message());
        co_return http::response::error(500, "Data layer error");
    }
    if (!*where)
        co_return http::response::error(404, missing);
    // An ownerless thread is nobody's to write: refused like someone else's.
    if ((*where)->author.empty() || (*where)->author != identifier)
        co_return http::response::error(401, "Unauthorized");
    co_return std::move(**where);
}

} // namespace chainlit::ownership
