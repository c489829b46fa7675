#pragma once
// Internal: the data layer's rows for what the chat sends.
#include "chainlit/chat/element.hpp"
#include "chainlit/chat/message.hpp"
#include "chainlit/chat/persister.hpp"
#include "chainlit/data/model.hpp"

#include <filesystem>

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

/// The route that serves a stored element's bytes to its thread's author.
std::string element_file_url(const std::string& thread_id, const std::string& element_id);

/// Gives an element with an objectKey and no url the URL of that route (what Chainlit's data
/// layer does with a signed storage URL), so clients fetch its bytes after a restart or resume.
void link_element_file(data::element_dict& e);
void link_element_files(data::thread_dict& t);

} // namespace chainlit
