#pragma once
// The data-layer conformance suite: one TEST_P set (conformance_test.cpp) that every engine
// passes. Each binary instantiates it with the engines it can run: SQLite in the unit binary,
// PostgreSQL (a real server) in the integration binary.
#include "chainlit/data/data_layer.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace chainlit::data::testing {

/// A fresh, empty database for one test; destroying it removes it.
class test_database {
public:
    virtual ~test_database() = default;
    /// A URL make_data_layer accepts.
    virtual std::string url() const = 0;
};

struct backend {
    std::string name;
    std::function<std::unique_ptr<test_database>()> create;
};

/// Test names and failure messages show the engine, not the struct's bytes.
inline void PrintTo(const backend& b, std::ostream* os) {
    *os << b.name;
}

inline std::string backend_name(const ::testing::TestParamInfo<backend>& info) {
    return info.param.name;
}

class conformance : public ::testing::TestWithParam<backend> {
protected:
    void SetUp() override;
    void TearDown() override;
    /// Opens another data layer on the same database (reopen, concurrent handles).
    std::unique_ptr<data_layer> open_again() const;

    data_layer& db() { return *layer_; }
    /// A step in `thread` with sensible defaults.
    static step_dict make_step(const std::string& thread, const std::string& type = "run",
                               std::optional<std::string> output = {});
    /// A user with a unique identifier; returns its id.
    std::string make_user(const std::string& prefix = "user");

    std::unique_ptr<test_database> database_;
    std::unique_ptr<data_layer> layer_;
};

/// The ownership tests (ownership_conformance_test.cpp): alice's thread with a step, an element
/// and a feedback, and bob's empty thread, each owned by its user. Instantiated per engine
/// like `conformance`.
class owned_threads : public conformance {
protected:
    void SetUp() override;
    /// alice's thread reads back exactly (JSON text) as it did after SetUp.
    void expect_alice_unchanged();

    const std::string alice_thread_ = new_id(), bob_thread_ = new_id();
    std::string alice_id_, bob_id_, alice_feedback_, before_;
    step_dict alice_step_;
    element_dict alice_element_;

private:
    static std::string new_id();
};

} // namespace chainlit::data::testing
