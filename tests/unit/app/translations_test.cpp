#include "app/translations.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <unistd.h>

using namespace chainlit;
namespace tr = chainlit::translations;
namespace fs = std::filesystem;

namespace {

using files = std::map<std::string, std::string>;

/// A source from a map of name -> text.
class fake_source final : public tr::source {
public:
    explicit fake_source(std::map<std::string, std::string> files) : files_(std::move(files)) {}
    std::optional<std::string> read(std::string_view name) const override {
        auto it = files_.find(std::string(name));
        return it == files_.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        for (const auto& [k, v] : files_)
            out.push_back(k);
        return out;
    }

private:
    std::map<std::string, std::string> files_;
};

std::string text_at(const json::object& o, std::initializer_list<std::string_view> path) {
    const json::value* v = nullptr;
    const json::object* cur = &o;
    for (auto key : path) {
        v = cur ? cur->if_contains(key) : nullptr;
        if (!v)
            return "<missing>";
        cur = v->if_object();
    }
    return v->is_string() ? std::string(v->as_string()) : "<not a string>";
}

fs::path temp_dir(const std::string& tag) {
    auto p = fs::temp_directory_path() / ("cl_tr_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

} // namespace

TEST(translations, canonical_tags) {
    EXPECT_EQ(tr::canonical_tag("en-US"), "en-US");
    EXPECT_EQ(tr::canonical_tag("pt-br"), "pt-BR");
    EXPECT_EQ(tr::canonical_tag("FR"), "fr");
    EXPECT_EQ(tr::canonical_tag("zh-hant-tw"), "zh-Hant-TW");
    EXPECT_EQ(tr::canonical_tag("es-419"), "es-419");
    EXPECT_EQ(tr::canonical_tag("en-US-x-Pirate"), "en-US-x-pirate");
    for (auto bad : {"", "../../etc", "..", "fr/../../x", "fr.json", "fr FR", "f", "fr_FR",
                     "en-US\n", "%2e%2e", "toolonglanguage"})
        EXPECT_FALSE(tr::canonical_tag(bad)) << bad;
    EXPECT_FALSE(tr::canonical_tag(std::string(41, 'a')));
}

TEST(translations, chain_is_english_then_base_then_tag) {
    EXPECT_EQ(tr::chain("fr-CA"), (std::vector<std::string>{"en-US", "fr", "fr-CA"}));
    EXPECT_EQ(tr::chain("fr"), (std::vector<std::string>{"en-US", "fr"}));
    EXPECT_EQ(tr::chain("en-US"), (std::vector<std::string>{"en-US", "en"}));
}

TEST(translations, merge_is_deep) {
    json::object base = json::parse(R"({"a": {"x": "1", "y": "2"}, "b": "3"})").as_object();
    tr::merge_into(base, json::parse(R"({"a": {"y": "20", "z": "30"}, "c": "4"})").as_object());
    EXPECT_EQ(json::serialize(base), R"({"a":{"x":"1","y":"20","z":"30"},"b":"3","c":"4"})");
}

TEST(translations, layers_english_language_and_app_overrides) {
    fake_source builtin(files{{"en-US", R"({"a": "A", "b": "B", "g": {"x": "X", "y": "Y"}})"},
                              {"fr", R"({"a": "A-fr", "g": {"x": "X-fr"}})"}});
    fake_source app(files{{"fr", R"({"g": {"y": "Y-app"}})"}, {"fr-CA", R"({"b": "B-ca"})"}});
    const tr::source* sources[] = {&builtin, &app};

    auto fr = tr::merged("fr-FR", sources);
    EXPECT_EQ(fr.language, "fr");
    EXPECT_EQ(text_at(fr.strings, {"a"}), "A-fr");
    EXPECT_EQ(text_at(fr.strings, {"b"}), "B"); // English where French has none
    EXPECT_EQ(text_at(fr.strings, {"g", "x"}), "X-fr");
    EXPECT_EQ(text_at(fr.strings, {"g", "y"}), "Y-app"); // the app's file wins

    auto ca = tr::merged("fr-CA", sources);
    EXPECT_EQ(ca.language, "fr-CA");
    EXPECT_EQ(text_at(ca.strings, {"b"}), "B-ca");
    EXPECT_EQ(text_at(ca.strings, {"a"}), "A-fr");

    auto xx = tr::merged("xx", sources);
    EXPECT_EQ(xx.language, "en-US");
    EXPECT_EQ(text_at(xx.strings, {"a"}), "A");
    EXPECT_TRUE(xx.problems.empty());
}

TEST(translations, base_language_falls_back_to_a_regional_file) {
    fake_source builtin(files{{"en-US", R"({"a": "A"})"}, {"pt-BR", R"({"a": "A-br"})"}});
    const tr::source* sources[] = {&builtin};
    auto pt = tr::merged("pt-PT", sources);
    EXPECT_EQ(pt.language, "pt-BR");
    EXPECT_EQ(text_at(pt.strings, {"a"}), "A-br");
    EXPECT_EQ(text_at(tr::merged("pt", sources).strings, {"a"}), "A-br");
}

TEST(translations, a_file_that_is_not_an_object_is_skipped_and_reported) {
    fake_source builtin(files{{"en-US", R"({"a": "A"})"}});
    fake_source app(files{{"de", "not json"}, {"en-US", "[1, 2]"}});
    const tr::source* sources[] = {&builtin, &app};
    auto de = tr::merged("de", sources);
    EXPECT_EQ(text_at(de.strings, {"a"}), "A");
    EXPECT_EQ(de.problems.size(), 2u);
}

TEST(translations, builtin_has_english_and_six_languages_each_an_object) {
    const auto names = tr::builtin_source().names();
    for (auto want : {"en-US", "fr", "de", "es", "pt-BR", "ja", "zh-CN"}) {
        ASSERT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
        auto text = tr::builtin_source().read(want);
        ASSERT_TRUE(text) << want;
        boost::system::error_code ec;
        auto v = json::parse(*text, ec);
        EXPECT_FALSE(ec) << want;
        EXPECT_TRUE(v.is_object()) << want;
    }
    const tr::source* sources[] = {&tr::builtin_source()};
    auto ja = tr::merged("ja-JP", sources);
    EXPECT_EQ(ja.language, "ja");
    EXPECT_EQ(text_at(ja.strings, {"chat", "input", "label"}), "メッセージ");
}

TEST(translations, directory_reads_only_its_own_files) {
    const auto root = temp_dir("dir");
    const auto dir = root / "translations";
    fs::create_directories(dir);
    std::ofstream(dir / "fr.json") << R"({"a": "mine"})";
    std::ofstream(root / "secret.json") << R"({"a": "outside"})";
    fs::create_symlink(root / "secret.json", dir / "de.json");
    std::ofstream(dir / "es.json") << std::string(tr::max_file_size + 1, ' ');
    std::ofstream(dir / "not-a-tag!.json") << "{}";

    auto src = tr::directory_source(dir);
    EXPECT_EQ(src->read("fr"), R"({"a": "mine"})");
    EXPECT_FALSE(src->read("de")) << "a link out of the folder is not followed";
    EXPECT_FALSE(src->read("es")) << "too large";
    EXPECT_FALSE(src->read("../secret"));
    EXPECT_FALSE(src->read("missing"));
    auto names = src->names();
    EXPECT_EQ(std::count(names.begin(), names.end(), "not-a-tag!"), 0);
    EXPECT_FALSE(tr::directory_source(root / "none")->read("fr"));
    EXPECT_TRUE(tr::directory_source(root / "none")->names().empty());
    fs::remove_all(root);
}
