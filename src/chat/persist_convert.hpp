#pragma once
// Internal: the data layer's rows for what the chat sends.
#include "chainlit/chat/element.hpp"
#include "chainlit/chat/message.hpp"
#include "chainlit/data/model.hpp"

namespace chainlit {

data::step_dict to_step_dict(const message& m);
data::step_dict to_step_dict(const step& s);
data::element_dict to_element_dict(const element& e, const std::string& thread_id,
                                   const std::string& chainlit_key);

} // namespace chainlit
