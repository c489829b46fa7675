#pragma once
// Where persisted elements keep their bytes (issue 5: "Element files go to a storage interface,
// local disk by default"). Session files (file_store) live only as long as their session; an
// element of a persisted thread is copied here when its row is written, under the object key
// Chainlit's data layer uses (`threads/<threadId>/files/<elementId>`, spec E.7), and recorded
// as the row's objectKey. The thread routes serve it back to the thread's author only.
#include "chainlit/core/error.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace chainlit {

class element_storage {
public:
    virtual ~element_storage() = default;
    /// Stores the file at `source` under `key`, replacing what was there.
    virtual result<void> put_file(const std::string& key, const std::filesystem::path& source) = 0;
    /// The bytes under `key`; errc::not_found when there are none.
    virtual result<std::string> read(const std::string& key) = 0;
    /// Removes every object whose key starts with `prefix` + "/" (a deleted thread's files).
    virtual void remove_prefix(const std::string& prefix) = 0;
};

/// The object key of an element's bytes: `threads/<threadId>/files/<elementId>`.
std::string element_object_key(const std::string& thread_id, const std::string& element_id);

/// Files under `root` (the default: `<app root>/.chainlit/files`). Keys are checked: only
/// segments of letters, digits, '-' and '_' joined by '/', so no key can leave `root`
/// (errc::invalid_argument otherwise). Objects are hard links to the source when it is on the
/// same file system (no copy, and the bytes outlive the session folder), copies otherwise.
std::shared_ptr<element_storage> local_element_storage(std::filesystem::path root);

} // namespace chainlit
