// GET /project/translations over HTTP: the built-in strings of a language with English
// fallback, the app's .chainlit/translations overrides, ui.language, and refused languages.
#include "chainlit/app/app.hpp"

#include "support/http_client.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace chainlit;
using chainlit::test::http_client;
namespace fs = std::filesystem;

namespace {

fs::path temp_root(const std::string& tag) {
    auto p = fs::temp_directory_path() / ("cl_trr_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p / ".chainlit" / "translations");
    return p;
}

/// An app on an ephemeral port with `root` as its app root, stopped at scope exit.
struct running_app {
    app a;
    explicit running_app(const fs::path& root) {
        run_options o;
        o.port = 0;
        o.threads = 1;
        o.app_root = root;
        o.access_log = false;
        a.start(o);
    }
    ~running_app() {
        a.stop();
        a.wait();
    }
    unsigned short port() const { return a.port(); }
};

struct answer {
    int status;
    json::value body;
    std::string language;
};

answer get(unsigned short port, const std::string& target) {
    auto res = http_client(port).get(target);
    return {static_cast<int>(res.result_int()), json::parse(res.body()),
            std::string(res[boost::beast::http::field::content_language])};
}

std::string at(const json::value& body, std::initializer_list<std::string_view> path) {
    const json::value* v = body.as_object().if_contains("translation");
    for (auto key : path) {
        v = v && v->is_object() ? v->as_object().if_contains(key) : nullptr;
        if (!v)
            return "<missing>";
    }
    return v->is_string() ? std::string(v->as_string()) : "<not a string>";
}

} // namespace

TEST(translations_route, serves_the_language_with_english_fallback_and_app_overrides) {
    auto root = temp_root("main");
    // The app changes one French string and adds a key of its own, only in English.
    std::ofstream(root / ".chainlit" / "translations" / "fr.json")
        << R"({"chat": {"input": {"placeholder": "Posez votre question"}}})";
    std::ofstream(root / ".chainlit" / "translations" / "en-US.json")
        << R"({"myapp": {"banner": "Welcome aboard"}})";
    std::ofstream(root / ".chainlit" / "translations" / "de.json") << "{ not json";
    {
        running_app app(root);

        auto fr = get(app.port(), "/project/translations?language=fr-FR");
        EXPECT_EQ(fr.status, 200);
        EXPECT_EQ(fr.language, "fr");
        EXPECT_EQ(at(fr.body, {"chat", "input", "label"}), "Message");
        EXPECT_EQ(at(fr.body, {"auth", "form", "submit"}), "Se connecter");
        EXPECT_EQ(at(fr.body, {"chat", "input", "placeholder"}), "Posez votre question");
        EXPECT_EQ(at(fr.body, {"myapp", "banner"}), "Welcome aboard"); // app's English
        EXPECT_EQ(at(fr.body, {"history", "groups", "today"}), "Aujourd’hui");

        auto pt = get(app.port(), "/project/translations?language=pt-PT");
        EXPECT_EQ(pt.language, "pt-BR");
        EXPECT_EQ(at(pt.body, {"auth", "form", "password"}), "Senha");

        auto en = get(app.port(), "/project/translations");
        EXPECT_EQ(en.language, "en-US");
        EXPECT_EQ(at(en.body, {"auth", "form", "submit"}), "Sign in");

        // A language nobody has: English. A broken app file is skipped, not a 500.
        auto de = get(app.port(), "/project/translations?language=de-AT");
        EXPECT_EQ(de.status, 200);
        EXPECT_EQ(at(de.body, {"auth", "form", "submit"}), "Anmelden");
        auto sw = get(app.port(), "/project/translations?language=sw");
        EXPECT_EQ(sw.language, "en-US");
        EXPECT_EQ(at(sw.body, {"auth", "form", "submit"}), "Sign in");
    }
    fs::remove_all(root);
}

TEST(translations_route, refuses_paths_and_long_values_with_400) {
    auto root = temp_root("bad");
    std::ofstream(root / "secret.json") << R"({"secret": "do not serve"})";
    {
        running_app app(root);
        for (const std::string& bad : std::vector<std::string>{
                 "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e%2fsecret", "../secret",
                 "fr%00", "fr.json", "fr%2F..%2F..%2Fsecret", std::string(41, 'a'),
                 "en-US-" + std::string(200, 'x')}) {
            auto r = get(app.port(), "/project/translations?language=" + bad);
            EXPECT_EQ(r.status, 400) << bad;
            const auto* detail = r.body.as_object().if_contains("detail");
            ASSERT_TRUE(detail && detail->is_string()) << bad;
            EXPECT_NE(std::string(detail->as_string()).find("BCP 47"), std::string::npos);
        }
    }
    fs::remove_all(root);
}

TEST(translations_route, ui_language_in_the_config_wins) {
    auto root = temp_root("fixed");
    std::ofstream(root / ".chainlit" / "config.toml") << "[UI]\nlanguage = \"de-DE\"\n";
    {
        running_app app(root);
        auto r = get(app.port(), "/project/translations?language=en-US");
        EXPECT_EQ(r.language, "de");
        EXPECT_EQ(at(r.body, {"auth", "form", "submit"}), "Anmelden");
    }
    fs::remove_all(root);
}
