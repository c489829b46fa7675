// `app.main(argc, argv)`: the command line every chainlit-cpp app gets (spec G.4).
#include "app_impl.hpp"
#include "chainlit/app/app.hpp"
#include "chainlit/auth/cookies.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/auth/secret.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/version.hpp"
#include "user_cli.hpp"
#include "watch/supervisor.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace chainlit {
namespace {

namespace fs = std::filesystem;

int write_init_files(const fs::path& root) {
    std::error_code ec;
    fs::create_directories(root / ".chainlit", ec);
    if (ec) {
        std::cerr << "error: cannot create " << (root / ".chainlit").string() << ": "
                  << ec.message() << "\n";
        return 1;
    }
    const auto config = root / ".chainlit" / "config.toml";
    if (fs::exists(config)) {
        std::cout << config.string() << " already exists; left as it is\n";
    } else {
        std::ofstream(config) << default_config_toml();
        std::cout << "created " << config.string() << "\n";
    }
    const auto md = root / "chainlit.md";
    if (!fs::exists(md)) {
        std::ofstream(md) << "# Welcome to chainlit-cpp!\n\nThis is the readme shown in the chat "
                             "UI. Edit `chainlit.md` to change it, or empty it to hide it.\n";
        std::cout << "created " << md.string() << "\n";
    }
    return 0;
}

struct token_args {
    std::string identifier;
    std::string metadata = "{}";
    std::string display_name;
};

/// `token --identifier NAME [--metadata JSON] [--display-name X]`: prints a token as Chainlit's
/// create_jwt makes it (claims identifier, display_name, metadata, exp, iat), signed with
/// CHAINLIT_AUTH_SECRET, lifetime `[project] user_session_timeout`.
int print_token(const token_args& a, const fs::path& root) {
    const std::string secret = auth::process_env("CHAINLIT_AUTH_SECRET").value_or("");
    if (auto ok = auth::validate_secret(secret); !ok) {
        std::cerr << "error: " << ok.error().message() << "\n";
        return 2;
    }
    if (a.identifier.empty()) {
        std::cerr << "error: --identifier must not be empty\n";
        return 2;
    }
    boost::system::error_code ec;
    auto meta = json::parse(a.metadata, ec);
    if (ec || !meta.is_object()) {
        std::cerr << "error: --metadata must be a JSON object, e.g. '{\"role\": \"admin\"}'\n";
        return 2;
    }
    app_config cfg;
    try {
        cfg = load_config(root);
    } catch (const config_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    user u;
    u.identifier = a.identifier;
    if (!a.display_name.empty())
        u.display_name = a.display_name;
    u.metadata = std::move(meta.as_object());
    const std::chrono::seconds lifetime(std::max<long long>(1, cfg.project.user_session_timeout));
    std::cout << auth::create_jwt(u, secret, lifetime) << "\n";
    return 0;
}

/// A descriptor that watch mode's supervisor handed down (its number in `var`), or -1. Once
/// read, the variable goes, so that what the app starts does not inherit it.
int inherited_fd(const char* var) {
    const char* v = std::getenv(var);
    if (!v || !*v)
        return -1;
    char* end = nullptr;
    const long fd = std::strtol(v, &end, 10);
    ::unsetenv(var);
    if (*end != '\0' || fd < 0 || fd > 1'000'000)
        throw startup_error(std::string(var) + " must be a file descriptor number, not '" + v +
                            "'");
    return static_cast<int>(fd);
}

/// Chainlit treats the first argument as the command; ours defaults to `run`, so that
/// `./app --port 9000` works as `./app run --port 9000` does.
std::vector<std::string> with_default_command(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    static const char* known[] = {"run",    "init", "create-secret", "token", "user",
                                  "--help", "-h",   "--version"};
    const bool has_command =
        !args.empty() && std::find_if(std::begin(known), std::end(known), [&](const char* k) {
                             return args.front() == k;
                         }) != std::end(known);
    if (!has_command)
        args.insert(args.begin(), "run");
    std::reverse(args.begin(), args.end()); // CLI11 takes a reversed vector
    return args;
}

} // namespace

int app::main(int argc, char** argv) {
    CLI::App cli{"A chainlit-cpp app. Commands: run (default), init, create-secret, token."};
    cli.set_version_flag("--version", std::string("chainlit-cpp ") + version);
    cli.require_subcommand(0, 1);

    run_options opts;
    if (const char* root = std::getenv("CHAINLIT_APP_ROOT"))
        opts.app_root = root;
    auto* run = cli.add_subcommand("run", "Serve the app (the default command)");
    run->add_option("--host", opts.host, "Address to listen on")->envname("CHAINLIT_HOST");
    run->add_option("--port", opts.port, "Port to listen on (0: any free port)")
        ->envname("CHAINLIT_PORT");
    run->add_option("--root-path", opts.root_path, "Serve under this path prefix, e.g. /chat")
        ->envname("CHAINLIT_ROOT_PATH");
    run->add_flag("--headless", opts.headless, "Do not open a browser (we never do)")
        ->envname("HEADLESS");
    run->add_flag("-d,--debug", opts.debug, "Debug logging")->envname("DEBUG");
    run->add_option("--threads", opts.threads, "I/O threads (default: one per core)");
    bool no_access_log = false;
    run->add_flag("--no-access-log", no_access_log, "Do not log every request");
    run->add_flag("-w,--watch", opts.watch,
                  "Rebuild and reload the app when its sources, config.toml, chainlit.md or "
                  "public/ change")
        ->envname("WATCH");

    auto* init = cli.add_subcommand("init", "Write .chainlit/config.toml and chainlit.md");
    auto* secret = cli.add_subcommand("create-secret", "Print a new CHAINLIT_AUTH_SECRET");
    token_args targs;
    auto* token = cli.add_subcommand(
        "token", "Print a token for a user, signed with CHAINLIT_AUTH_SECRET (for Bearer calls)");
    token->add_option("--identifier", targs.identifier, "The user's identifier")->required();
    token->add_option("--metadata", targs.metadata, "The user's metadata, a JSON object");
    token->add_option("--display-name", targs.display_name, "The user's display name");

    user_cli_args uargs;
    auto* users = cli.add_subcommand("user", "Manage the users of the app's database");
    users->require_subcommand(1, 1);
    auto* uadd = users->add_subcommand("add", "Create or update a user");
    uadd->add_option("name", uargs.name, "The user's identifier")->required();
    uadd->add_option("--display-name", uargs.display_name, "The name shown in the UI");
    uadd->add_flag("--password-stdin", uargs.password_stdin,
                   "Read a password from standard input (stored as an argon2id hash)");
    users->add_subcommand("list", "List the users");
    auto* uremove = users->add_subcommand("remove", "Delete a user (their threads stay)");
    uremove->add_option("name", uargs.name, "The user's identifier")->required();

    try {
        cli.parse(with_default_command(argc, argv));
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }

    if (*users) {
        uargs.action = users->get_subcommands().front()->get_name();
        impl_->opts.app_root = opts.app_root;
        return run_user_command(uargs, impl_->resolved_database_url());
    }
    if (*init)
        return write_init_files(opts.app_root);
    if (*secret) {
        std::cout << "Copy the following secret into your .env file. Once it is set, changing "
                     "it will log out all users.\n"
                  << "CHAINLIT_AUTH_SECRET=\"" << auth::create_secret() << "\"\n";
        return 0;
    }
    if (*token)
        return print_token(targs, opts.app_root);
    if (!opts.root_path.empty() && opts.root_path.front() != '/')
        opts.root_path.insert(opts.root_path.begin(), '/');
    while (opts.root_path.size() > 1 && opts.root_path.back() == '/')
        opts.root_path.pop_back();
    if (opts.root_path == "/")
        opts.root_path.clear();
    opts.access_log = !no_access_log;
    try {
        // A process that the supervisor started serves, whatever WATCH or -w it inherited.
        if (opts.watch && !std::getenv("CHAINLIT_WATCH_FD")) {
            std::vector<std::string> run_args(argv + 1, argv + argc);
            if (!run_args.empty() && run_args.front() == "run")
                run_args.erase(run_args.begin());
            return watch::supervise(opts, std::move(run_args));
        }
        opts.listen_fd = inherited_fd("CHAINLIT_LISTEN_FD");
        opts.watch_fd = inherited_fd("CHAINLIT_WATCH_FD");
        return this->run(opts);
    } catch (const config_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const startup_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    } catch (const std::system_error& e) {
        std::cerr << "error: cannot serve on " << opts.host << ":" << opts.port << ": " << e.what()
                  << "\n";
        return 1;
    }
}

} // namespace chainlit
