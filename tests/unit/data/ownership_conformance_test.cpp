// The ownership rule of the data layer (data_layer.hpp "Ownership", docs/SECURITY.md), on every
// engine: a write that names an existing id never moves the row to another thread, never
// changes a row of another thread, and a thread never changes hands. Each test writes as
// "bob" with one of "alice"'s ids and checks that alice's thread reads back exactly as before.
#include "conformance.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/time.hpp"

namespace chainlit::data::testing {
namespace {

/// alice's thread as JSON text: what "byte for byte the same" compares.
std::string snapshot(data_layer& db, const std::string& thread) {
    auto t = db.get_thread(thread);
    EXPECT_TRUE(t && *t);
    return t && *t ? json::serialize(to_json(**t)) : std::string();
}

} // namespace

std::string owned_threads::new_id() {
    return uuid4();
}

void owned_threads::SetUp() {
    conformance::SetUp();
    alice_id_ = make_user("alice");
    bob_id_ = make_user("bob");
    ASSERT_TRUE(db().update_thread(alice_thread_, {.name = "alice's", .user_id = alice_id_}));
    ASSERT_TRUE(db().update_thread(bob_thread_, {.name = "bob's", .user_id = bob_id_}));
    alice_step_ = make_step(alice_thread_, "user_message", "alice's secret");
    ASSERT_TRUE(db().create_step(alice_step_));
    element_dict e{.id = uuid4(), .thread_id = alice_thread_, .type = "text", .name = "note"};
    e.for_id = alice_step_.id;
    alice_element_ = e;
    ASSERT_TRUE(db().create_element(e));
    auto fb = db().upsert_feedback({.for_id = alice_step_.id, .value = 1, .comment = "good"});
    ASSERT_TRUE(fb);
    alice_feedback_ = *fb;
    before_ = snapshot(db(), alice_thread_);
}

void owned_threads::expect_alice_unchanged() {
    EXPECT_EQ(snapshot(db(), alice_thread_), before_);
}

namespace {

TEST_P(owned_threads, a_step_id_of_another_thread_is_refused_and_nothing_moves) {
    for (std::optional<std::string> output :
         {std::optional<std::string>(""), std::optional<std::string>("bob's text"),
          std::optional<std::string>()}) {
        auto hijack = make_step(bob_thread_, "user_message", output);
        hijack.id = alice_step_.id;
        auto r = db().create_step(hijack);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), errc::conflict);
        EXPECT_EQ(db().update_step(hijack).error(), errc::conflict);
    }
    expect_alice_unchanged();
    auto bob = db().get_thread(bob_thread_);
    ASSERT_TRUE(bob && *bob);
    EXPECT_TRUE((*bob)->steps.empty()) << "no step of alice's shows in bob's thread";
}

TEST_P(owned_threads, a_parent_in_another_thread_is_refused) {
    auto child = make_step(bob_thread_, "assistant_message", "bob's reply");
    child.parent_id = alice_step_.id;
    auto r = db().create_step(child);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::conflict);
    EXPECT_FALSE(db().owner_of(row_kind::step, child.id)->has_value()) << "nothing written";
    expect_alice_unchanged();
}

TEST_P(owned_threads, a_step_write_must_name_its_thread) {
    step_dict anonymous{.id = alice_step_.id, .output = "overwritten"};
    EXPECT_EQ(db().create_step(anonymous).error(), errc::invalid_argument);
    expect_alice_unchanged();
}

TEST_P(owned_threads, the_refusals_hold_inside_a_batch_and_spare_the_other_writes) {
    auto mine = make_step(bob_thread_, "user_message", "bob's own");
    auto hijack = make_step(bob_thread_, "user_message", "bob's text");
    hijack.id = alice_step_.id;
    auto child = make_step(bob_thread_, "run");
    child.parent_id = alice_step_.id;
    std::vector<boost::system::error_code> errors;
    ASSERT_TRUE(db().write_batch([&](data_layer& d) -> result<void> {
        for (const auto* s : {&mine, &hijack, &child})
            if (auto r = d.create_step(*s); !r)
                errors.push_back(r.error());
        return {};
    }));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0], errc::conflict);
    EXPECT_EQ(errors[1], errc::conflict);
    expect_alice_unchanged();
    auto bob = db().get_thread(bob_thread_);
    ASSERT_EQ((*bob)->steps.size(), 1u);
    EXPECT_EQ((*bob)->steps[0].id, mine.id);
}

TEST_P(owned_threads, an_element_id_or_step_of_another_thread_is_refused) {
    auto bob_step = make_step(bob_thread_, "user_message", "bob's");
    ASSERT_TRUE(db().create_step(bob_step));
    element_dict moved = alice_element_;
    moved.thread_id = bob_thread_;
    moved.for_id = bob_step.id;
    moved.name = "stolen";
    EXPECT_EQ(db().create_element(moved).error(), errc::conflict);
    element_dict onto{.id = uuid4(), .thread_id = bob_thread_, .type = "text", .name = "x"};
    onto.for_id = alice_step_.id;
    EXPECT_EQ(db().create_element(onto).error(), errc::conflict);
    element_dict no_thread{.id = alice_element_.id, .type = "text", .name = "x"};
    no_thread.for_id = alice_step_.id;
    EXPECT_EQ(db().create_element(no_thread).error(), errc::invalid_argument);
    expect_alice_unchanged();
    EXPECT_TRUE((*db().get_thread(bob_thread_))->elements.empty());
}

TEST_P(owned_threads, a_feedback_id_stays_on_its_step) {
    auto bob_step = make_step(bob_thread_, "assistant_message", "bob's");
    ASSERT_TRUE(db().create_step(bob_step));
    auto r = db().upsert_feedback({.for_id = bob_step.id, .id = alice_feedback_, .value = 0});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::conflict);
    expect_alice_unchanged();
    // The same step may update its own feedback.
    ASSERT_TRUE(db().upsert_feedback(
        {.for_id = alice_step_.id, .id = alice_feedback_, .value = 0, .comment = "changed"}));
    auto steps = (*db().get_thread(alice_thread_))->steps;
    EXPECT_EQ(steps[0].feedback->comment, "changed");
}

TEST_P(owned_threads, a_thread_never_changes_hands) {
    auto r = db().update_thread(alice_thread_, {.name = "bob's now", .user_id = bob_id_});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::conflict);
    expect_alice_unchanged();
    EXPECT_EQ(*db().get_thread_author(alice_thread_),
              (*db().owner_of(row_kind::thread, alice_thread_))->author);
    // Naming the owner again, or nobody, is fine; an ownerless thread takes its first owner.
    EXPECT_TRUE(db().update_thread(alice_thread_, {.name = "renamed", .user_id = alice_id_}));
    EXPECT_TRUE(db().update_thread(alice_thread_, {.name = "alice's"}));
    const std::string orphan = uuid4();
    ASSERT_TRUE(db().update_thread(orphan, {.name = "orphan"}));
    EXPECT_TRUE(db().update_thread(orphan, {.user_id = bob_id_}));
    EXPECT_EQ(db().update_thread(orphan, {.user_id = alice_id_}).error(), errc::conflict);
}

TEST_P(owned_threads, a_scoped_delete_spares_other_threads) {
    ASSERT_TRUE(db().delete_step(alice_step_.id, std::string_view(bob_thread_)));
    expect_alice_unchanged();
    ASSERT_TRUE(db().delete_step(alice_step_.id, std::string_view(alice_thread_)));
    EXPECT_TRUE((*db().get_thread(alice_thread_))->steps.empty());
}

TEST_P(owned_threads, owner_of_names_the_thread_and_its_author_for_every_kind) {
    auto alice = db().get_user(*db().get_thread_author(alice_thread_));
    ASSERT_TRUE(alice && *alice);
    const std::string identifier = (*alice)->identifier;
    for (auto [kind, id] :
         {std::pair{row_kind::thread, alice_thread_}, std::pair{row_kind::step, alice_step_.id},
          std::pair{row_kind::element, alice_element_.id},
          std::pair{row_kind::feedback, alice_feedback_}}) {
        auto o = db().owner_of(kind, id);
        ASSERT_TRUE(o && *o) << static_cast<int>(kind);
        EXPECT_EQ((*o)->thread_id, alice_thread_);
        EXPECT_EQ((*o)->author, identifier);
        EXPECT_FALSE(db().owner_of(kind, uuid4())->has_value());
    }
    // An ownerless thread's rows answer with no author.
    const std::string orphan = uuid4();
    auto s = make_step(orphan);
    ASSERT_TRUE(db().create_step(s));
    auto o = db().owner_of(row_kind::step, s.id);
    ASSERT_TRUE(o && *o);
    EXPECT_EQ((*o)->thread_id, orphan);
    EXPECT_EQ((*o)->author, "");
}

TEST_P(owned_threads, a_removal_is_recorded_and_outlives_a_new_user_of_that_name) {
    auto alice = db().get_user(*db().get_thread_author(alice_thread_));
    const std::string identifier = (*alice)->identifier;
    EXPECT_FALSE(db().user_removed_at(identifier)->has_value());
    const auto before = *parse_iso(iso_now());
    ASSERT_TRUE(*db().delete_user(identifier));
    auto at = db().user_removed_at(identifier);
    ASSERT_TRUE(at && *at);
    auto when = parse_iso(**at);
    ASSERT_TRUE(when);
    EXPECT_GE(*when + std::chrono::milliseconds(1), before);
    ASSERT_TRUE(db().create_user({.identifier = identifier}));
    EXPECT_TRUE(db().user_removed_at(identifier)->has_value()) << "re-adding keeps the record";
    EXPECT_FALSE(*db().delete_user("nobody-" + uuid4()));
    EXPECT_FALSE(db().user_removed_at("nobody")->has_value());
}

} // namespace
} // namespace chainlit::data::testing
