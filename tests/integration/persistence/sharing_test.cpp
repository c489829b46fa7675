// Starters, chat profiles and thread sharing over HTTP (issue 6), with a real SQLite database:
// /project/settings carries what the app's hooks return for the caller, and
// GET /project/share/{id} serves a thread only when shared or when on_shared_thread_view allows,
// without its private metadata.
#include "chainlit/app/app.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/data/data_layer.hpp"

#include "support/http_client.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <mutex>

using namespace chainlit;
using chainlit::test::http_client;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

namespace {

constexpr const char* secret = "sharing-test-secret-0123456789-abcdefghijklmnop";

std::string bearer(const std::string& identifier) {
    user u;
    u.identifier = identifier;
    return "Bearer " + auth::create_jwt(u, secret);
}

/// Starts an app on a fresh folder whose config.toml turns thread sharing on or off.
class sharing : public ::testing::Test {
protected:
    void start(bool allow_sharing, bool with_hooks) {
        ::setenv("CHAINLIT_AUTH_SECRET", secret, 1);
        ::unsetenv("DATABASE_URL");
        root_ = fs::temp_directory_path() / ("cl_share_" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / ".chainlit");
        std::ofstream(root_ / ".chainlit" / "config.toml")
            << "[features]\nallow_thread_sharing = " << (allow_sharing ? "true" : "false") << "\n";
        db_url_ = "sqlite://" + (root_ / "chat.db").string();
        app_.data_layer(db_url_);
        app_.password_auth_callback(
            [](std::string, std::string) -> task<std::optional<user>> { co_return std::nullopt; });
        app_.get("/notify", [](request& req, const user& u) -> task<response> {
            auto ctx = init_http_context(req, u);
            message m("A thread worth sharing");
            m.elements.push_back(element::text("note.txt", "the note's text", "inline"));
            co_await ctx.send(m);
            co_return response::json(json::object{{"thread", ctx.session().thread_id()}});
        });
        if (with_hooks)
            add_hooks();
        run_options o;
        o.port = 0;
        o.threads = 2;
        o.app_root = root_;
        o.access_log = false;
        app_.start(o);
        auto dl = data::make_data_layer(db_url_);
        ASSERT_TRUE(dl);
        db_ = std::move(*dl);
        for (const char* name : {"alice", "bob", "carol", "boom"}) {
            data::user u;
            u.identifier = name;
            ASSERT_TRUE(db_->create_user(u));
        }
    }
    void add_hooks() {
        app_.set_starters(
            [this](std::optional<user> u, std::string language) -> task<std::vector<starter>> {
                {
                    std::lock_guard lock(mu_);
                    seen_ = (u ? u->identifier : std::string("<none>")) + "/" + language;
                }
                starter hi{"Say hi", "Hello " + (u ? u->identifier : std::string("stranger"))};
                hi.icon = "/public/hi.svg";
                starter cmd{"Search", "find things"};
                cmd.command = "search";
                co_return std::vector<starter>{hi, cmd};
            });
        app_.set_chat_profiles([](std::optional<user>,
                                  std::string language) -> task<std::vector<chat_profile>> {
            chat_profile a{"Fast", "A *quick* model"};
            a.is_default = true;
            chat_profile b{"Careful", "Speaks " + language};
            b.display_name = "Careful one";
            b.icon = "/public/careful.png";
            b.starters = std::vector<starter>{{"Plan", "Make a plan"}};
            b.config_overrides = json::object{
                {"ui", {{"name", "Careful UI"}, {"cot", "hidden"}}},
                {"features", {{"spontaneous_file_upload", {{"enabled", false}}}}},
                {"project", {{"user_env", json::array{"CAREFUL_KEY"}}, {"mask_user_env", true}}}};
            co_return std::vector<chat_profile>{a, b};
        });
        app_.set_starter_categories([](std::optional<user> u, std::string language,
                                       std::string profile) -> task<std::vector<starter_category>> {
            starter_category travel{"Travel", "/public/plane.svg"};
            travel.starters = {{"Plan a trip", "Plan a trip for " +
                                                   (u ? u->identifier : std::string("you")) +
                                                   " in " + language + " (" + profile + ")"}};
            co_return std::vector<starter_category>{travel, {"Empty"}};
        });
        // carol may see any thread; boom makes the hook throw; others only shared threads.
        app_.on_shared_thread_view(
            [](json::object thread, std::optional<user> viewer) -> task<bool> {
                if (viewer && viewer->identifier == "boom")
                    throw std::runtime_error("hook failure");
                co_return viewer && viewer->identifier == "carol" && thread.contains("id");
            });
    }
    void TearDown() override {
        app_.stop();
        app_.wait();
        db_.reset();
        fs::remove_all(root_);
        ::unsetenv("CHAINLIT_AUTH_SECRET");
    }
    test::response call(bhttp::verb v, const std::string& target, const std::string& who,
                        std::string body = {}) {
        http_client c(app_.port());
        return c.request(v, target, std::move(body),
                         {{"Authorization", bearer(who)}, {"Content-Type", "application/json"}});
    }
    json::object settings(const std::string& who, const std::string& query = "") {
        auto r = call(bhttp::verb::get, "/project/settings" + query, who);
        EXPECT_EQ(r.result_int(), 200) << r.body();
        return json::parse(r.body()).as_object();
    }
    /// alice's thread, with private metadata the share route must drop.
    std::string alice_thread() {
        auto sent = call(bhttp::verb::get, "/notify", "alice");
        EXPECT_EQ(sent.result_int(), 200) << sent.body();
        const auto tid = std::string(json::parse(sent.body()).at("thread").as_string());
        // The listing reads on the data thread after the queued writes: the thread exists.
        call(bhttp::verb::post, "/project/threads", "alice",
             R"({"pagination":{"first":1},"filter":{}})");
        data::thread_update u;
        u.metadata = json::object{{"chat_profile", "Careful"},
                                  {"chat_settings", json::object{{"k", 1}}},
                                  {"env", json::object{{"KEY", "secret"}}},
                                  {"topic", "kept"}};
        EXPECT_TRUE(db_->update_thread(tid, u));
        return tid;
    }
    void share(const std::string& tid, bool on) {
        const std::string body =
            R"({"threadId":")" + tid + R"(","isShared":)" + (on ? "true" : "false") + "}";
        auto r = call(bhttp::verb::put, "/project/thread/share", "alice", body);
        ASSERT_EQ(r.result_int(), 200) << r.body();
    }

    app app_;
    fs::path root_;
    std::string db_url_;
    std::unique_ptr<data::data_layer> db_;
    std::mutex mu_;
    std::string seen_;
};

} // namespace

TEST_F(sharing, settings_carry_the_hooks_lists_for_the_caller) {
    start(true, true);
    auto s = settings("bob", "?language=fr-FR");
    EXPECT_TRUE(s.at("threadSharing").as_bool());
    {
        std::lock_guard lock(mu_);
        EXPECT_EQ(seen_, "bob/fr-FR");
    }
    const auto expected_starters =
        json::parse(R"([{"label":"Say hi","message":"Hello bob","icon":"/public/hi.svg"},)"
                    R"({"label":"Search","message":"find things","command":"search"}])");
    EXPECT_EQ(json::value(s.at("starters")), expected_starters) << json::serialize(s);
    const auto expected_profiles =
        json::parse(R"([{"name":"Fast","markdown_description":"A *quick* model","default":true},)"
                    R"({"name":"Careful","markdown_description":"Speaks fr-FR","default":false,)"
                    R"("icon":"/public/careful.png","display_name":"Careful one",)"
                    R"("starters":[{"label":"Plan","message":"Make a plan"}]}])");
    EXPECT_EQ(json::value(s.at("chatProfiles")), expected_profiles) << json::serialize(s);

    const auto expected_categories = json::parse(
        R"j([{"label":"Travel","starters":[{"label":"Plan a trip",)j"
        R"j("message":"Plan a trip for bob in fr-FR ()"}],"icon":"/public/plane.svg"},)j"
        R"j({"label":"Empty","starters":[]}])j");
    EXPECT_EQ(json::value(s.at("starterCategories")), expected_categories) << json::serialize(s);
    const auto careful = settings("bob", "?chat_profile=Careful");
    EXPECT_EQ(careful.at("starterCategories").at(0).at("starters").at(0).at("message"),
              "Plan a trip for bob in en-US (Careful)");

    // Without a language the default one is asked for.
    settings("alice");
    std::lock_guard lock(mu_);
    EXPECT_EQ(seen_, "alice/en-US");
}

TEST_F(sharing, the_chosen_profiles_config_overrides_shape_the_settings) {
    start(true, true);
    const auto base = settings("bob");
    const auto careful = settings("bob", "?chat_profile=Careful");
    EXPECT_EQ(careful.at("ui").at("name"), "Careful UI");
    EXPECT_EQ(careful.at("ui").at("cot"), "hidden");
    EXPECT_EQ(careful.at("userEnv"), (json::array{"CAREFUL_KEY"}));
    EXPECT_EQ(careful.at("maskUserEnv"), true);
    EXPECT_EQ(base.at("maskUserEnv"), false);
    // Merged key by key: what the override does not name stays as config.toml has it.
    auto expected_features = base.at("features").as_object();
    auto& upload = expected_features["spontaneous_file_upload"].as_object();
    upload["enabled"] = false;
    EXPECT_EQ(careful.at("features"), json::value(expected_features)) << json::serialize(careful);
    EXPECT_TRUE(base.at("features").at("spontaneous_file_upload").at("accept").as_array().size() >
                0);
    auto ui_without = careful.at("ui").as_object();
    ui_without["name"] = base.at("ui").at("name");
    ui_without.erase("cot");
    auto base_ui = base.at("ui").as_object();
    base_ui.erase("cot");
    EXPECT_EQ(json::value(ui_without), json::value(base_ui));
    // Another profile, an unknown one or none: config.toml's settings.
    EXPECT_EQ(settings("bob", "?chat_profile=Fast").at("ui"), base.at("ui"));
    EXPECT_EQ(settings("bob", "?chat_profile=Nope").at("features"), base.at("features"));
    // The overrides never reach the browser's profile list.
    for (const auto& p : careful.at("chatProfiles").as_array())
        EXPECT_FALSE(p.as_object().contains("config_overrides"));
}

TEST_F(sharing, shared_thread_is_served_without_private_metadata) {
    start(true, true);
    const auto tid = alice_thread();
    const auto path = "/project/share/" + tid;
    const std::string not_found = R"({"detail":"Thread not found"})";

    auto before = call(bhttp::verb::get, path, "bob");
    EXPECT_EQ(before.result_int(), 404);
    EXPECT_EQ(before.body(), not_found);

    share(tid, true);
    auto r = call(bhttp::verb::get, path, "bob");
    ASSERT_EQ(r.result_int(), 200) << r.body();
    auto thread = json::parse(r.body()).as_object();
    EXPECT_EQ(thread.at("id").as_string(), tid);
    EXPECT_NE(r.body().find("A thread worth sharing"), std::string::npos);
    const auto& meta = thread.at("metadata").as_object();
    EXPECT_TRUE(meta.at("is_shared").as_bool());
    EXPECT_TRUE(meta.at("shared_at").is_string());
    EXPECT_EQ(meta.at("topic").as_string(), "kept");
    for (const char* key : {"chat_profile", "chat_settings", "env"})
        EXPECT_FALSE(meta.contains(key)) << key << " leaked: " << r.body();
    // The author's own view still has them: only the shared view drops them.
    auto own = call(bhttp::verb::get, "/project/thread/" + tid, "alice");
    EXPECT_NE(own.body().find(R"("chat_profile":"Careful")"), std::string::npos) << own.body();

    share(tid, false);
    auto after = call(bhttp::verb::get, path, "bob");
    EXPECT_EQ(after.result_int(), 404);
    EXPECT_EQ(after.body(), not_found);
}

TEST_F(sharing, the_hook_decides_for_unshared_threads) {
    start(true, true);
    const auto tid = alice_thread();
    const auto path = "/project/share/" + tid;
    auto carol = call(bhttp::verb::get, path, "carol");
    ASSERT_EQ(carol.result_int(), 200) << carol.body();
    EXPECT_EQ(carol.body().find("chat_settings"), std::string::npos) << carol.body();
    // A throwing hook denies, and the server goes on answering.
    EXPECT_EQ(call(bhttp::verb::get, path, "boom").result_int(), 404);
    EXPECT_EQ(call(bhttp::verb::get, path, "bob").result_int(), 404);
    EXPECT_EQ(call(bhttp::verb::get, "/project/share/no-such-thread", "carol").result_int(), 404);
    // Not logged in: refused before anything is read.
    http_client c(app_.port());
    EXPECT_EQ(c.request(bhttp::verb::get, path).result_int(), 401);
}

TEST_F(sharing, sharing_is_off_without_the_config_flag) {
    start(false, true);
    const auto tid = alice_thread();
    share(tid, true);
    EXPECT_FALSE(settings("alice").at("threadSharing").as_bool());
    EXPECT_EQ(call(bhttp::verb::get, "/project/share/" + tid, "bob").result_int(), 404);
}

TEST_F(sharing, sharing_is_off_without_the_hook) {
    start(true, false);
    const auto tid = alice_thread();
    share(tid, true);
    auto s = settings("alice");
    EXPECT_FALSE(s.at("threadSharing").as_bool());
    EXPECT_TRUE(s.at("starters").as_array().empty());
    EXPECT_TRUE(s.at("chatProfiles").as_array().empty());
    EXPECT_TRUE(s.at("starterCategories").as_array().empty());
    EXPECT_EQ(call(bhttp::verb::get, "/project/share/" + tid, "bob").result_int(), 404);
}

TEST_F(sharing, element_files_follow_the_share) {
    start(true, true);
    const auto tid = alice_thread();
    auto own = call(bhttp::verb::get, "/project/thread/" + tid, "alice");
    const auto thread = json::parse(own.body());
    const auto& elements = thread.at("elements").as_array();
    ASSERT_EQ(elements.size(), 1u) << own.body();
    const auto file = "/project/thread/" + tid + "/element/" +
                      std::string(elements[0].at("id").as_string()) + "/file";
    ASSERT_EQ(call(bhttp::verb::get, file, "alice").body(), "the note's text");
    EXPECT_EQ(call(bhttp::verb::get, file, "bob").result_int(), 401);
    share(tid, true);
    auto shared = call(bhttp::verb::get, file, "bob");
    EXPECT_EQ(shared.result_int(), 200);
    EXPECT_EQ(shared.body(), "the note's text");
    share(tid, false);
    EXPECT_EQ(call(bhttp::verb::get, file, "bob").result_int(), 401);
    // The hook's say counts here too.
    EXPECT_EQ(call(bhttp::verb::get, file, "carol").result_int(), 200);
}

TEST_F(sharing, settings_refuse_a_language_that_is_not_a_tag) {
    start(true, true);
    for (const char* bad : {"..%2F..%2Fetc", "e", "en_US", "en-US-x-toolongvalue", "%27%3B"}) {
        auto r = call(bhttp::verb::get, std::string("/project/settings?language=") + bad, "bob");
        EXPECT_EQ(r.result_int(), 422) << bad;
    }
    for (const char* good : {"de", "pt-BR", "zh-Hant-TW", "en-x-pirate"}) {
        auto r = call(bhttp::verb::get, std::string("/project/settings?language=") + good, "bob");
        EXPECT_EQ(r.result_int(), 200) << good;
        std::lock_guard lock(mu_);
        EXPECT_EQ(seen_, std::string("bob/") + good);
    }
}
