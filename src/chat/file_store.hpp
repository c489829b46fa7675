#pragma once
// Internal: files kept for a session under `<app_root>/.files/<session id>/<uuid4><ext>`.
// Names come from the server (uuid4), never from the client, so no client string ever becomes
// a path.
#include "chainlit/chat/session.hpp"

namespace chainlit {

/// Writes `content` as a new file of `s` and registers it. Errors: the OS error when the file
/// cannot be written.
result<session_file> store_session_file(session& s, std::string name, std::string mime,
                                        std::string_view content);

/// Deletes the session's folder (at session end).
void remove_session_files(const session& s);

/// The extension for a MIME type ("" if unknown): stored files keep a sensible suffix.
std::string extension_for_mime(std::string_view mime);

} // namespace chainlit
