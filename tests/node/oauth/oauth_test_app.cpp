// The app the OAuth tests (oauth.test.mjs) sign in to through a real OpenID Connect provider.
// It serves on 127.0.0.1, an ephemeral port unless --port is given, prints the port on the
// first stdout line and runs until SIGTERM or SIGINT. Its app root is a fresh temporary
// directory, removed at exit. Providers come from the OAUTH_* variables the test sets.
//
// Options: --port N, --root-path /prefix, --persist (a SQLite data layer in the app root).
//
// oauth_callback: refuses the user whose email is refused@example.com; otherwise signs in the
//                 default user with display_name = the provider's `name` claim, and
//                 metadata.had_id_token = whether raw user data carried "id_token".
// on_logout:      answers {"success": true, "had_cookie": <the request still carried the auth
//                 cookie>}.
#include <chainlit/chainlit.hpp>

#include "support/app_process.hpp"

#include <filesystem>
#include <iostream>
#include <string>

namespace cl = chainlit;
namespace json = chainlit::json;
using cl::test::arg;
using cl::test::flag;

int main(int argc, char** argv) {
    const auto made = cl::test::temporary_root("oauth_test_app");
    if (!made)
        return 1;
    const std::filesystem::path root = *made;

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
        user.metadata["had_id_token"] = raw.contains("id_token");
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

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = static_cast<unsigned short>(std::stoi(arg(argc, argv, "--port", "0")));
    opts.root_path = arg(argc, argv, "--root-path", "");
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = root;
    const int code = cl::test::serve_until_signal(app, opts, "oauth_test_app", 1,
                                                  [&] { std::cout << app.port() << std::endl; });
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    return code;
}
