// The tool loop: call the model, run the tools it asks for, call it again with their results.
#include "chainlit/llm/client.hpp"

#include "chainlit/chat/context.hpp"
#include "chainlit/chat/message.hpp"
#include "chainlit/chat/session.hpp"
#include "chainlit/llm/mcp.hpp"

#include <chrono>

namespace chainlit::llm {
namespace {

struct tool_outcome {
    std::string text;
    bool failed = false;
};

/// Runs one call. Every failure (unknown tool, arguments that are not a JSON object, a
/// throwing handler) becomes a result the model reads, so it can correct itself.
task<tool_outcome> run_tool(const tool_registry& registry, const tool_call& call) {
    const auto t = registry.find(call.name);
    if (!t)
        co_return tool_outcome{"error: there is no tool named \"" + call.name + "\"", true};
    json::object args;
    if (!call.arguments.empty()) {
        boost::system::error_code ec;
        json::value v = json::parse(call.arguments, ec);
        if (ec || !(v.is_object() || v.is_null()))
            co_return tool_outcome{
                "error: the arguments of " + call.name +
                    " must be a JSON object, got: " + call.arguments.substr(0, 200),
                true};
        if (v.is_object())
            args = std::move(v.as_object());
    }
    std::optional<std::string> failure;
    json::value result;
    try {
        result = co_await t->handler(std::move(args));
    } catch (const task_cancelled&) {
        throw;
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (failure)
        co_return tool_outcome{"error: " + *failure, true};
    co_return tool_outcome{result.is_string() ? std::string(result.as_string())
                                              : json::serialize(result)};
}

/// The app's tools and, in a chat, the tools of the MCP servers its user connected. An MCP
/// tool named like one of the app's gets "mcp_" in front: the app's own keeps its name.
std::shared_ptr<const tool_registry> tools_for(const std::shared_ptr<tool_registry>& own,
                                               context& ctx) {
    auto from_mcp = mcp::session_tools(ctx.session().id());
    if (from_mcp.empty())
        return own;
    auto merged = std::make_shared<tool_registry>();
    for (auto& t : own->all())
        merged->add_shared(t);
    for (auto& t : from_mcp) {
        if (merged->add_shared(t))
            continue;
        auto renamed = std::make_shared<tool>(*t);
        renamed->name = ("mcp_" + t->name).substr(0, 64);
        merged->add_shared(std::move(renamed));
    }
    return merged;
}

/// The assistant turn that asked for the tools, as the next request must repeat it.
json::object assistant_turn(const completion& c) {
    json::object turn{{"role", "assistant"},
                      {"content", c.content.empty() ? json::value() : json::value(c.content)}};
    if (!c.tool_calls.empty()) {
        json::array calls;
        for (const tool_call& t : c.tool_calls)
            calls.push_back(
                json::object{{"id", t.id},
                             {"type", "function"},
                             {"function", {{"name", t.name}, {"arguments", t.arguments}}}});
        turn["tool_calls"] = std::move(calls);
    }
    return turn;
}

void add_usage(std::optional<usage>& sum, const std::optional<usage>& u) {
    if (!u)
        return;
    if (!sum)
        sum = usage{};
    sum->prompt_tokens += u->prompt_tokens;
    sum->completion_tokens += u->completion_tokens;
    sum->total_tokens += u->total_tokens;
}

/// Providers that give no id (some local servers) still need one to pair results with calls.
void name_calls(completion& c, int round) {
    for (std::size_t i = 0; i < c.tool_calls.size(); ++i)
        if (c.tool_calls[i].id.empty())
            c.tool_calls[i].id = "call_" + std::to_string(round) + "_" + std::to_string(i);
}

/// Chainlit's generation dict (a CHAT generation) for one call.
json::object generation_of(const provider& p, const chat_request& r, const std::string& model,
                           const completion& c, const json::array& tools, double seconds,
                           std::optional<double> first_token_ms) {
    json::object settings = r.params;
    settings["model"] = model;
    json::object g{{"provider", p.name()},
                   {"model", c.model.empty() ? model : c.model},
                   {"type", "CHAT"},
                   {"settings", std::move(settings)},
                   {"messages", r.messages},
                   {"messageCompletion", assistant_turn(c)},
                   {"tools", tools.empty() ? json::value() : json::value(tools)},
                   {"duration", seconds}};
    if (first_token_ms)
        g["ttFirstToken"] = *first_token_ms;
    if (c.usage) {
        g["inputTokenCount"] = c.usage->prompt_tokens;
        g["outputTokenCount"] = c.usage->completion_tokens;
        g["tokenCount"] = c.usage->total_tokens;
        if (seconds > 0)
            g["tokenThroughputInSeconds"] =
                static_cast<double>(c.usage->completion_tokens) / seconds;
    }
    return g;
}

error too_many_rounds(int rounds) {
    return error("The model asked for tools " + std::to_string(rounds) +
                 " times in a row; the tool loop stopped there (chat_request::max_tool_rounds)");
}

} // namespace

client::client() : client(openai_options::from_env()) {}

client::client(openai_options options) : client(make_openai_provider(std::move(options))) {}

client::client(std::shared_ptr<llm::provider> p)
    : provider_(std::move(p)), tools_(std::make_shared<tool_registry>()) {
    if (!provider_)
        throw std::invalid_argument("llm::client needs a provider");
}

task<completion> client::complete(chat_request request) {
    const json::array defs = request.use_tools ? tools_->definitions() : json::array();
    std::optional<usage> total;
    for (int round = 0;; ++round) {
        completion c = co_await provider_->chat(request, defs, nullptr);
        add_usage(total, c.usage);
        if (c.tool_calls.empty()) {
            c.usage = total;
            co_return c;
        }
        if (round >= request.max_tool_rounds)
            throw too_many_rounds(round + 1);
        name_calls(c, round);
        request.messages.push_back(assistant_turn(c));
        for (const tool_call& call : c.tool_calls) {
            tool_outcome out = co_await run_tool(*tools_, call);
            request.messages.push_back(json::object{
                {"role", "tool"}, {"tool_call_id", call.id}, {"content", std::move(out.text)}});
        }
    }
}

task<completion> client::stream_into(context& ctx, message& msg, chat_request request) {
    if (msg.parent_id.empty())
        msg.parent_id = ctx.current_parent(); // the steps below must not become its parent
    const auto tools = tools_for(tools_, ctx);
    const json::array defs = request.use_tools ? tools->definitions() : json::array();
    const std::string model = request.model.empty() ? provider_->default_model() : request.model;
    bool streaming = false;
    std::optional<usage> total;
    completion c;
    std::exception_ptr failure;
    for (int round = 0;; ++round) {
        using clock = std::chrono::steady_clock;
        const auto started = clock::now();
        std::optional<double> first_token_ms;
        delta_sink sink = [&](std::string_view text) -> task<void> {
            if (!first_token_ms)
                first_token_ms =
                    std::chrono::duration<double, std::milli>(clock::now() - started).count();
            streaming = true;
            co_await ctx.stream_token(msg, text);
        };
        auto call_model = [&](context&, step& s) -> task<void> {
            c = co_await provider_->chat(request, defs, &sink);
            const double seconds = std::chrono::duration<double>(clock::now() - started).count();
            s.output = c.content;
            s.generation =
                generation_of(*provider_, request, model, c, defs, seconds, first_token_ms);
        };
        step llm_step;
        llm_step.name = model;
        llm_step.type = "llm";
        llm_step.parent_id = msg.parent_id;
        llm_step.show_input = "false";
        try {
            co_await ctx.run_step(std::move(llm_step), call_model);
        } catch (const task_cancelled&) {
            throw;
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure)
            break;
        add_usage(total, c.usage);
        if (c.usage) // the UI's token counter adds each call's total (token_usage)
            ctx.send_token_usage(c.usage->total_tokens);
        if (c.tool_calls.empty())
            break;
        if (round >= request.max_tool_rounds) {
            failure = std::make_exception_ptr(too_many_rounds(round + 1));
            break;
        }
        name_calls(c, round);
        request.messages.push_back(assistant_turn(c));
        for (const tool_call& call : c.tool_calls) {
            tool_outcome out;
            auto call_tool = [&](context&, step& s) -> task<void> {
                out = co_await run_tool(*tools, call);
                s.output = out.text;
                s.is_error = out.failed;
            };
            step tool_step;
            tool_step.name = call.name;
            tool_step.type = "tool";
            tool_step.parent_id = msg.parent_id;
            tool_step.input = call.arguments;
            tool_step.show_input = "json";
            co_await ctx.run_step(std::move(tool_step), call_tool);
            request.messages.push_back(json::object{
                {"role", "tool"}, {"tool_call_id", call.id}, {"content", std::move(out.text)}});
        }
    }
    // The message ends either way: what streamed before a failure stays readable.
    if (!streaming && !failure)
        msg.content = c.content;
    if (streaming || !failure)
        co_await ctx.send(msg);
    if (failure)
        std::rethrow_exception(failure);
    c.usage = total;
    co_return c;
}

} // namespace chainlit::llm
