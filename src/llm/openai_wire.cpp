#include "openai_wire.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace chainlit::llm::detail {
namespace {

constexpr long max_tool_calls = 128; // per answer: an index past it is a broken stream

json::value parse_json(std::string_view text, std::string_view what) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec)
        throw error("the model's " + std::string(what) + " is not valid JSON (" + ec.message() +
                    ")");
    return v;
}

const json::object* object_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string string_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

long long_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (!v)
        return 0;
    if (v->is_int64())
        return static_cast<long>(v->as_int64());
    if (v->is_uint64())
        return static_cast<long>(std::min<std::uint64_t>(v->as_uint64(), LONG_MAX));
    return 0;
}

std::optional<usage> usage_of(const json::object& o) {
    const json::object* u = object_at(o, "usage");
    if (!u)
        return std::nullopt;
    usage out{long_at(*u, "prompt_tokens"), long_at(*u, "completion_tokens"),
              long_at(*u, "total_tokens")};
    if (!out.total_tokens)
        out.total_tokens = out.prompt_tokens + out.completion_tokens;
    return out;
}

/// An error object inside a 2xx answer (some servers stream errors as a chunk).
void throw_if_error(const json::object& o) {
    const json::value* e = o.if_contains("error");
    if (!e || e->is_null())
        return;
    throw http_error("the stream", 0, json::serialize(o));
}

const json::object* first_choice(const json::object& o) {
    const json::value* c = o.if_contains("choices");
    if (!c || !c->is_array() || c->as_array().empty() || !c->as_array()[0].is_object())
        return nullptr;
    return &c->as_array()[0].as_object();
}

} // namespace

json::object build_body(const chat_request& r, const std::string& model, const json::array& tools,
                        bool stream, bool stream_usage) {
    json::object body = r.params; // the app's settings first: ours win on the keys we own
    body["model"] = model;
    body["messages"] = r.messages;
    if (!tools.empty())
        body["tools"] = tools;
    body["stream"] = stream;
    if (stream && stream_usage)
        body["stream_options"] = json::object{{"include_usage", true}};
    else
        body.erase("stream_options");
    return body;
}

std::string stream_accumulator::add(std::string_view chunk_json) {
    json::value v = parse_json(chunk_json, "stream chunk");
    if (!v.is_object())
        throw error("the model's stream chunk is not a JSON object");
    const json::object& o = v.as_object();
    throw_if_error(o);
    if (auto u = usage_of(o))
        out_.usage = u;
    if (std::string m = string_at(o, "model"); !m.empty())
        out_.model = std::move(m);
    const json::object* choice = first_choice(o);
    if (!choice)
        return {}; // the usage chunk has no choices
    if (std::string f = string_at(*choice, "finish_reason"); !f.empty())
        out_.finish_reason = std::move(f);
    const json::object* delta = object_at(*choice, "delta");
    if (!delta)
        return {};
    if (const json::value* calls = delta->if_contains("tool_calls"); calls && calls->is_array()) {
        for (const json::value& c : calls->as_array()) {
            if (!c.is_object())
                continue;
            const json::object& co = c.as_object();
            const long index = co.contains("index") ? long_at(co, "index") : 0;
            if (index < 0 || index >= max_tool_calls)
                throw error("the model's stream named tool call " + std::to_string(index) +
                            ", past the limit of " + std::to_string(max_tool_calls));
            tool_call& t = calls_[index];
            if (std::string id = string_at(co, "id"); !id.empty())
                t.id = std::move(id);
            if (const json::object* f = object_at(co, "function")) {
                t.name += string_at(*f, "name");
                t.arguments += string_at(*f, "arguments");
            }
        }
    }
    std::string text = string_at(*delta, "content");
    out_.content += text;
    return text;
}

completion stream_accumulator::finish() && {
    for (auto& [index, call] : calls_)
        out_.tool_calls.push_back(std::move(call));
    return std::move(out_);
}

completion parse_completion(std::string_view body) {
    json::value v = parse_json(body, "answer");
    if (!v.is_object())
        throw error("the model's answer is not a JSON object");
    const json::object& o = v.as_object();
    throw_if_error(o);
    const json::object* choice = first_choice(o);
    if (!choice)
        throw error("the model's answer has no choices");
    completion out;
    out.model = string_at(o, "model");
    out.usage = usage_of(o);
    out.finish_reason = string_at(*choice, "finish_reason");
    if (const json::object* m = object_at(*choice, "message")) {
        out.content = string_at(*m, "content");
        if (const json::value* calls = m->if_contains("tool_calls"); calls && calls->is_array()) {
            for (const json::value& c : calls->as_array()) {
                if (!c.is_object())
                    continue;
                tool_call t;
                t.id = string_at(c.as_object(), "id");
                if (const json::object* f = object_at(c.as_object(), "function")) {
                    t.name = string_at(*f, "name");
                    t.arguments = string_at(*f, "arguments");
                }
                out.tool_calls.push_back(std::move(t));
            }
        }
    }
    return out;
}

error http_error(std::string_view where, int status, std::string_view body) {
    std::string message, type, code;
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (!ec && v.is_object()) {
        const json::object& o = v.as_object();
        if (const json::object* e = object_at(o, "error")) {
            message = string_at(*e, "message");
            type = string_at(*e, "type");
            code = string_at(*e, "code");
            if (const json::value* c = e->if_contains("code"); c && c->is_int64())
                code = std::to_string(c->as_int64());
        } else if (const json::value* e = o.if_contains("error"); e && e->is_string()) {
            message = std::string(e->as_string()); // Ollama, llama.cpp
        } else if (std::string d = string_at(o, "detail"); !d.empty()) {
            message = std::move(d);
        } else {
            message = string_at(o, "message");
        }
    } else if (ec) {
        message = std::string(body.substr(0, 300)); // a proxy's text or HTML page
        message.erase(std::remove_if(message.begin(), message.end(),
                                     [](char c) { return c == '\r' || c == '\n'; }),
                      message.end());
    }
    std::string text = "The model call failed";
    if (status)
        text += ": HTTP " + std::to_string(status);
    text += " from " + std::string(where);
    if (!code.empty() || !type.empty())
        text += " (" + (code.empty() ? type : code) + ")";
    if (!message.empty())
        text += ": " + message;
    return error(std::move(text), status, std::move(type), std::move(code));
}

std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    double seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size()) {
        if (!(seconds >= 0) || seconds > 86'400)
            return std::nullopt;
        return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    }
    // An IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
    std::tm tm{};
    const std::string text(value);
    const char* rest = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!rest || *rest)
        return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    if (at <= now)
        return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

} // namespace chainlit::llm::detail
