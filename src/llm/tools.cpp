#include "chainlit/llm/tools.hpp"

#include <algorithm>
#include <stdexcept>

namespace chainlit::llm {
namespace {

bool valid_name(std::string_view n) {
    if (n.empty() || n.size() > 64)
        return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

} // namespace

void tool_registry::add(tool t) {
    if (!valid_name(t.name))
        throw std::invalid_argument("tool name \"" + t.name +
                                    "\" must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
    if (!t.handler)
        throw std::invalid_argument("tool " + t.name + " has no handler");
    std::lock_guard lk(mu_);
    for (const auto& have : tools_)
        if (have->name == t.name)
            throw std::invalid_argument("a tool named " + t.name + " is already registered");
    tools_.push_back(std::make_shared<const tool>(std::move(t)));
}

bool tool_registry::add_shared(std::shared_ptr<const tool> t) {
    std::lock_guard lk(mu_);
    for (const auto& have : tools_)
        if (have->name == t->name)
            return false;
    tools_.push_back(std::move(t));
    return true;
}

std::vector<std::shared_ptr<const tool>> tool_registry::all() const {
    std::lock_guard lk(mu_);
    return tools_;
}

bool tool_registry::remove(std::string_view name) {
    std::lock_guard lk(mu_);
    const auto it =
        std::find_if(tools_.begin(), tools_.end(), [&](const auto& t) { return t->name == name; });
    if (it == tools_.end())
        return false;
    tools_.erase(it);
    return true;
}

std::shared_ptr<const tool> tool_registry::find(std::string_view name) const {
    std::lock_guard lk(mu_);
    for (const auto& t : tools_)
        if (t->name == name)
            return t;
    return nullptr;
}

std::size_t tool_registry::size() const {
    std::lock_guard lk(mu_);
    return tools_.size();
}

json::array tool_registry::definitions() const {
    std::lock_guard lk(mu_);
    json::array out;
    for (const auto& t : tools_) {
        json::object params = t->parameters;
        if (params.empty())
            params = {{"type", "object"}, {"properties", json::object{}}};
        out.push_back(json::object{
            {"type", "function"},
            {"function",
             {{"name", t->name}, {"description", t->description}, {"parameters", params}}}});
    }
    return out;
}

} // namespace chainlit::llm
