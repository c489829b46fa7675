// The demo app that `make run` starts: a chat that streams its replies, thinks in nested
// steps, attaches an element, offers an action button and asks a question, plus the seed's
// first custom endpoint, and three composer commands. With OPENAI_BASE_URL or OPENAI_API_KEY set, a
// model answers instead of the echo, with two tools (agent.cpp).
#include "agent.hpp"

#include <chainlit/chainlit.hpp>

#include <chainlit/auth/password.hpp>
#include <chainlit/auth/secret.hpp>
#include <chainlit/core/random.hpp>
#include <chainlit/data/data_layer.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace cl = chainlit;

namespace {

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        cur.push_back(c);
        if (c == ' ') {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

namespace fs = std::filesystem;

/// Demo conveniences, so that `make run` needs no set-up: a secret kept in the demo folder, and
/// on first start a user `admin` whose password is printed once. A real app sets
/// CHAINLIT_AUTH_SECRET itself and adds users with `./app user add NAME --password-stdin`.
void prepare_demo_login(const fs::path& root) {
    fs::create_directories(root / ".chainlit");
    if (!std::getenv("CHAINLIT_AUTH_SECRET")) {
        const auto file = root / ".chainlit" / "demo_secret";
        std::string secret;
        std::ifstream(file) >> secret;
        if (secret.size() < cl::auth::min_secret_size) {
            secret = cl::auth::create_secret();
            std::ofstream(file) << secret << "\n";
            fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
        }
        ::setenv("CHAINLIT_AUTH_SECRET", secret.c_str(), 1);
    }
    const char* env_url = std::getenv("DATABASE_URL");
    const std::string url =
        env_url && *env_url ? env_url : "sqlite://" + (root / ".chainlit" / "chainlit.db").string();
    auto db = cl::data::make_data_layer(url);
    if (!db)
        return; // app.start reports the database problem with its exit code
    auto users = (*db)->list_users();
    if (!users || !users->empty())
        return;
    const auto password =
        cl::random_string(16, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
    auto hash = cl::auth::hash_password(password);
    cl::data::user admin;
    admin.identifier = "admin";
    if (!hash || !(*db)->create_user(admin) || !(*db)->set_password_hash("admin", *hash))
        return;
    std::cout << "First start: created a user to log in with (shown only this once)\n"
              << "  username: admin\n  password: " << password << "\n"
              << "Add more with: ./hello user add NAME --password-stdin\n"
              << std::flush;
}

/// The demo's config on first start: Chainlit's defaults with thread sharing on, so the
/// history's share button works. An existing config.toml is left as it is.
void write_demo_config(const fs::path& root) {
    const auto file = root / ".chainlit" / "config.toml";
    std::error_code ec;
    if (fs::exists(file, ec))
        return;
    std::string toml = cl::default_config_toml();
    const std::string off = "allow_thread_sharing = false";
    if (auto at = toml.find(off); at != std::string::npos)
        toml.replace(at, off.size(), "allow_thread_sharing = true");
    std::ofstream(file) << toml;
}

/// The second chat profile: no greeting, so the starters show on the empty chat.
constexpr const char* quiet_profile = "Quiet";

bool is_quiet(const cl::context& ctx) {
    return ctx.session().chat_profile() == quiet_profile;
}

/// The chat settings panel (spec B.3): how the demo writes its replies.
void define_settings(cl::context& ctx) {
    cl::json::array styles;
    styles.push_back(cl::json::object{{"label", "As typed"}, {"value", "plain"}});
    styles.push_back(cl::json::object{{"label", "Upper case"}, {"value", "upper"}});
    cl::json::array widgets;
    widgets.push_back(cl::json::object{{"type", "select"},
                                       {"id", "reply_style"},
                                       {"label", "Reply style"},
                                       {"initial", "plain"},
                                       {"items", std::move(styles)},
                                       {"tooltip", nullptr},
                                       {"description", "How the echo is written"},
                                       {"disabled", false}});
    ctx.set_chat_settings(std::move(widgets));
}

/// The composer's commands (type `/` or use the Shout button); on_message answers by them.
void define_commands(cl::context& ctx) {
    ctx.set_commands({
        {.id = "Reverse", .icon = "arrow-down-up", .description = "Echo the message backwards"},
        {.id = "Count", .icon = "hash", .description = "Count the words of the message"},
        {.id = "Shout",
         .icon = "megaphone",
         .description = "Echo in capital letters (stays on until turned off)",
         .button = true,
         .persistent = true},
    });
}

/// The reply to a message sent with one of define_commands' commands.
std::string command_reply(const cl::message& msg) {
    std::string text = msg.content;
    if (msg.command == "Reverse")
        std::reverse(text.begin(), text.end());
    else if (msg.command == "Shout")
        for (char& c : text)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    else if (msg.command == "Count")
        return "[Count] " + std::to_string(words_of(msg.content).size()) + " words";
    return "[" + msg.command + "] You said: " + text;
}

std::string styled(const cl::context& ctx, std::string text) {
    const auto settings = ctx.session().chat_settings();
    const auto* style = settings.if_contains("reply_style");
    if (style && style->is_string() && style->as_string() == "upper")
        for (char& c : text)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

bool is_serving(int argc, char** argv) {
    if (argc < 2)
        return true;
    const std::string cmd = argv[1];
    return cmd == "run" || (cmd.rfind("--", 0) == 0 && cmd != "--version" && cmd != "--help");
}

} // namespace

int main(int argc, char** argv) {
    cl::app app;
    // The demo keeps its chats in SQLite and asks for a password, like a deployed app would.
    app.data_layer("sqlite://.chainlit/chainlit.db");
    app.database_password_auth();
    if (is_serving(argc, argv)) {
        const char* root = std::getenv("CHAINLIT_APP_ROOT");
        const fs::path dir = root && *root ? fs::path(root) : fs::current_path();
        prepare_demo_login(dir);
        write_demo_config(dir);
    }

    // Suggestions shown on an empty chat (the "Quiet" profile starts with one).
    app.set_starters(
        [](std::optional<cl::user>, std::string) -> cl::task<std::vector<cl::starter>> {
            co_return std::vector<cl::starter>{
                {"Say hello", "Hello from a starter"},
                {"Be asked a question", "ask"},
                {"Count some words", "one two three four five"},
            };
        });
    // Starter categories (Chainlit 2.x): with HELLO_STARTER_CATEGORIES=1 in the environment the
    // "Quiet" profile's welcome screen offers two categories, each with its own starters, instead
    // of the plain starters above. Off by default, so the demo's welcome screens stay as simple
    // as they are; tests/e2e/starter_categories.test.mjs turns it on.
    if (const char* on = std::getenv("HELLO_STARTER_CATEGORIES"); on && std::string(on) == "1") {
        app.set_starter_categories(
            [](std::optional<cl::user>, std::string,
               std::string chat_profile) -> cl::task<std::vector<cl::starter_category>> {
                if (chat_profile != quiet_profile)
                    co_return std::vector<cl::starter_category>{};
                co_return std::vector<cl::starter_category>{
                    {"Greetings",
                     std::nullopt,
                     {{"Say hello", "Hello from a starter"},
                      {"Say good morning", "Good morning from a category"}}},
                    {"Words",
                     std::nullopt,
                     {{"Count some words", "one two three four five"},
                      {"Count with the command", "count these four words", std::nullopt, "Count"}}},
                };
            });
    }
    app.set_chat_profiles(
        [](std::optional<cl::user>, std::string) -> cl::task<std::vector<cl::chat_profile>> {
            cl::chat_profile echo{"Echo", "Greets you, then echoes each message word by word."};
            echo.is_default = true;
            cl::chat_profile quiet{quiet_profile,
                                   "No greeting: pick a suggestion or type. Replies say which "
                                   "profile answered."};
            co_return std::vector<cl::chat_profile>{echo, quiet};
        });
    // Sharing: a thread its author shared is readable by any signed-in user with the link;
    // an unshared one only by its author.
    app.on_shared_thread_view(
        [](cl::json::object thread, std::optional<cl::user> viewer) -> cl::task<bool> {
            const auto* author = thread.if_contains("userIdentifier");
            co_return viewer&& author && author->is_string() &&
                author->as_string() == viewer->identifier;
        });

    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });

    const std::shared_ptr<cl::llm::client> agent = demo::make_agent();
    app.on_chat_start([agent](cl::context& ctx) -> cl::task<void> {
        cl::message hi(agent ? "Hello! I am a **C++** chat with a model behind me. Ask me the "
                               "time or some arithmetic. Type `ask` to be asked a question."
                             : "Hello! I am a **C++** chat. Say anything and I will echo it back, "
                               "word by word. Type `ask` to be asked a question.");
        cl::action a;
        a.name = "show_time";
        a.label = "What time is it?";
        hi.actions.push_back(a);
        define_settings(ctx);
        define_commands(ctx);
        if (is_quiet(ctx))
            co_return;
        co_await ctx.send(hi);
    });

    // Threads from the history sidebar come back as they were; only the settings panel is
    // defined again.
    app.on_chat_resume([](cl::context& ctx, cl::json::object) -> cl::task<void> {
        define_settings(ctx);
        define_commands(ctx);
        co_return;
    });

    app.on_settings_update([](cl::context& ctx, cl::json::object settings) -> cl::task<void> {
        const auto* style = settings.if_contains("reply_style");
        cl::message m(std::string("Settings saved: replies are now ") +
                      (style && style->is_string() && style->as_string() == "upper"
                           ? "in upper case."
                           : "as typed."));
        co_await ctx.send(m);
    });

    app.on_action("show_time", [](cl::context& ctx, cl::action) -> cl::task<cl::json::value> {
        cl::message m("It is " + cl::iso_now() + " (UTC).");
        co_await ctx.send(m);
        co_return cl::json::value("ok");
    });

    app.on_message([agent](cl::context& ctx, cl::message msg) -> cl::task<void> {
        if (!msg.command.empty()) {
            cl::message reply;
            for (const auto& w : words_of(command_reply(msg))) {
                co_await ctx.stream_token(reply, w);
                co_await cl::sleep(std::chrono::milliseconds(30));
            }
            co_await ctx.send(reply);
            co_return;
        }
        if (agent && msg.content != "ask") {
            co_await demo::answer(*agent, ctx);
            co_return;
        }
        if (msg.content == "ask") {
            auto answer = co_await ctx.ask_user("What is your name?", std::chrono::seconds(60));
            cl::message reply(answer ? "Nice to meet you, " + answer->content + "!"
                                     : "No answer: never mind.");
            co_await ctx.send(reply);
            co_return;
        }
        cl::step think;
        think.name = "Thinking";
        think.type = "tool";
        think.icon = "brain";
        think.input = msg.content;
        co_await ctx.run_step(think, [&](cl::context& c, cl::step& outer) -> cl::task<void> {
            cl::step count;
            count.name = "Counting words";
            count.type = "tool";
            count.tags = {"local", "fast"};
            co_await c.run_step(count, [&](cl::context&, cl::step& inner) -> cl::task<void> {
                inner.output = std::to_string(words_of(msg.content).size()) + " words";
                co_return;
            });
            outer.output = "Echoing the message back.";
        });
        cl::message reply;
        const std::string prefix = is_quiet(ctx) ? "[Quiet profile] You said: " : "You said: ";
        for (const auto& w : words_of(prefix + styled(ctx, msg.content))) {
            co_await ctx.stream_token(reply, w);
            co_await cl::sleep(std::chrono::milliseconds(30));
        }
        reply.elements.push_back(cl::element::text("echo.txt", msg.content, "inline"));
        co_await ctx.send(reply);
    });

    return app.main(argc, argv);
}
