// The app the OAuth tests (oauth.test.mjs) sign in to through a real OpenID Connect provider.
// It serves on 127.0.0.1, an ephemeral port unless --port is given, prints the port on the
// first stdout line and runs until SIGTERM or SIGINT. Its app root is a fresh temporary
// directory, removed at exit. Providers come from the OAUTH_* variables the test sets.
//
// Options: --port N, --root-path /prefix, --persist (a SQLite data layer in the app root).
//
// oauth_callback: refuses the user whose email is refused@example.com; otherwise signs in the
//                 default user with display_name = the provider's `name` claim.
// on_logout:      answers {"success": true, "had_cookie": <the request still carried the auth
//                 cookie>}.
#include <chainlit/chainlit.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <string>

namespace cl = chainlit;
namespace json = chainlit::json;

namespace {

std::string arg(int argc, char** argv, const std::string& name, std::string fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name)
            return argv[i + 1];
    return fallback;
}

bool flag(int argc, char** argv, const std::string& name) {
    return std::find(argv + 1, argv + argc, name) != argv + argc;
}

} // namespace

int main(int argc, char** argv) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "oauth_test_app.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::filesystem::path root = tmpl;

    cl::app app;
    app.oauth_callback([](std::string provider, std::string token, json::object raw,
                          cl::user user) -> cl::task<std::optional<cl::user>> {
        auto email = raw.find("email");
        if (email != raw.end() && email->value() == "refused@example.com")
            co_return std::nullopt;
        if (auto name = raw.find("name"); name != raw.end() && name->value().is_string())
            user.display_name = std::string(name->value().get_string());
        // Proves the callback got the provider id and a token, without leaking the token.
        user.metadata["callback_provider"] = provider;
        user.metadata["had_token"] = !token.empty();
        co_return user;
    });
    app.on_logout([](const cl::request& req, cl::response& res) -> cl::task<void> {
        const bool had_cookie =
            req.cookie("access_token").has_value() || req.cookie("access_token_0").has_value();
        res = cl::response::json(json::object{{"success", true}, {"had_cookie", had_cookie}});
        co_return;
    });
    if (flag(argc, argv, "--persist"))
        app.data_layer("sqlite://" + (root / "oauth.db").string());

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = static_cast<unsigned short>(std::stoi(arg(argc, argv, "--port", "0")));
    opts.root_path = arg(argc, argv, "--root-path", "");
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = root;
    try {
        app.start(opts);
    } catch (const std::exception& e) {
        std::cerr << "oauth_test_app: " << e.what() << std::endl;
        return 1;
    }
    std::cout << app.port() << std::endl;

    int sig = 0;
    sigwait(&sigs, &sig);
    app.stop();
    app.wait();
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    return 0;
}
