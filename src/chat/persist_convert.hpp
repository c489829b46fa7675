#pragma once
// Internal: the data layer's rows for what the chat sends.
#include "chainlit/chat/element.hpp"
#include "chainlit/chat/message.hpp"
#include "chainlit/chat/persister.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/data/model.hpp"

#include <filesystem>
#include <string_view>

namespace chainlit {

data::step_dict to_step_dict(const message& m);
data::step_dict to_step_dict(const step& s);
data::element_dict to_element_dict(const element& e, const std::string& thread_id,
                                   const std::string& chainlit_key);

/// The write of an element's row. With `files` and a `content` file (the session file holding
/// its bytes), the bytes are first stored under the element's object key, which the row then
/// records as objectKey; a failed store is logged and the row is written without it.
persister::write_op element_write(data::element_dict row, std::filesystem::path content,
                                  std::shared_ptr<element_storage> files);

/// The route that serves a stored element's bytes to its thread's author, as the browser must
/// request it: under the app's root path (`--root-path`, e.g. "/chat"; "" or "/" for none).
/// The UI uses an element's url as is and resolves it against the page's origin (the react
/// client only builds URLs, with the root path, for a chainlitKey without url), so the prefix
/// has to be in it.
std::string element_file_url(std::string_view root_path, const std::string& thread_id,
                             const std::string& element_id);

/// Gives an element with an objectKey and no url the URL of that route (what Chainlit's data
/// layer does with a signed storage URL), so clients fetch its bytes after a restart or resume.
void link_element_file(data::element_dict& e, std::string_view root_path);
void link_element_files(data::thread_dict& t, std::string_view root_path);

/// The element Chainlit makes of a file the user attached (spec B.2 client_message step 6,
/// E.3): type inferred from the MIME type, displayed inline, for message `for_id`.
element upload_element(const session_file& f, const std::string& for_id);

/// Makes `files` (uploads of `s`) elements of message `for_id`: each is emitted (`element`,
/// with its chainlitKey, so the browser loads it from the session's file store) and, with a
/// data layer, persisted through rt.persist (queued until the first interaction like any
/// write), its bytes stored in element storage when the row is written.
void attach_uploads(chat_runtime& rt, session& s, const std::string& for_id,
                    const std::vector<session_file>& files);

/// The element type Chainlit infers from an upload's MIME type (spec E.3).
std::string element_type_for(std::string_view mime);

} // namespace chainlit
