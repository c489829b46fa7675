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

} // namespace chainlit::data::testing
