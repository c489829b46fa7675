#include "agent.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace cl = chainlit;

namespace demo {
namespace {

/// A recursive-descent reader of `expr := term (('+'|'-') term)*`,
/// `term := factor (('*'|'/') factor)*`, `factor := number | '-' factor | '(' expr ')'`.
class calculator {
public:
    explicit calculator(std::string_view text) : s_(text) {}

    double run() {
        const double v = expr();
        skip();
        if (i_ != s_.size())
            fail("unexpected '" + std::string(1, s_[i_]) + "'");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw std::invalid_argument("cannot compute \"" + std::string(s_) + "\": " + why);
    }
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
            ++i_;
    }
    bool eat(char c) {
        skip();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    double expr() {
        double v = term();
        for (;;) {
            if (eat('+'))
                v += term();
            else if (eat('-'))
                v -= term();
            else
                return v;
        }
    }
    double term() {
        double v = factor();
        for (;;) {
            if (eat('*')) {
                v *= factor();
            } else if (eat('/')) {
                const double d = factor();
                if (d == 0)
                    fail("division by zero");
                v /= d;
            } else {
                return v;
            }
        }
    }
    double factor() {
        if (++depth_ > 100)
            fail("too deeply nested");
        double v = 0;
        if (eat('-')) {
            v = -factor();
        } else if (eat('(')) {
            v = expr();
            if (!eat(')'))
                fail("a ')' is missing");
        } else {
            skip();
            const std::string rest(s_.substr(i_));
            char* end = nullptr;
            v = std::strtod(rest.c_str(), &end);
            if (end == rest.c_str())
                fail(i_ < s_.size() ? "a number is expected at '" + rest.substr(0, 10) + "'"
                                    : "it ends too early");
            i_ += static_cast<std::size_t>(end - rest.c_str());
        }
        --depth_;
        return v;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

} // namespace

double calculate(std::string_view expression) {
    const double v = calculator(expression).run();
    if (!std::isfinite(v))
        throw std::invalid_argument("the result is not a finite number");
    return v;
}

std::shared_ptr<cl::llm::client> make_agent() {
    if (!cl::llm::openai_options::configured_in_env())
        return nullptr;
    auto agent = std::make_shared<cl::llm::client>(); // OPENAI_BASE_URL, _API_KEY, _MODEL
    agent->tools().add({"get_time",
                        "The current date and time in UTC.",
                        {},
                        [](cl::json::object) -> cl::task<cl::json::value> {
                            co_return cl::json::object{{"utc", cl::iso_now()}};
                        }});
    agent->tools().add(
        {"calculator",
         "Computes an arithmetic expression with + - * / and parentheses, e.g. \"(2 + 3) * 4\".",
         {{"type", "object"},
          {"properties", {{"expression", {{"type", "string"}}}}},
          {"required", cl::json::array{"expression"}}},
         [](cl::json::object args) -> cl::task<cl::json::value> {
             const auto* e = args.if_contains("expression");
             if (!e || !e->is_string())
                 throw std::invalid_argument("expression must be a string");
             const double v = calculate(e->as_string());
             // Whole numbers as integers: the model reads "42", not JSON's "4.2E1".
             if (v == std::floor(v) && std::fabs(v) < 1e15)
                 co_return static_cast<std::int64_t>(v);
             co_return v;
         }});
    return agent;
}

cl::task<void> answer(cl::llm::client& agent, cl::context& ctx) {
    cl::llm::chat_request request;
    request.messages.push_back(cl::json::object{
        {"role", "system"},
        {"content", "You are the chainlit-cpp demo assistant. Be brief. Use the tools for the "
                    "time and for arithmetic."}});
    for (auto& m : ctx.chat_context())
        request.messages.push_back(std::move(m));
    cl::message reply;
    co_await agent.stream_into(ctx, reply, std::move(request));
}

} // namespace demo
