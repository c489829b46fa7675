// The conformance suite on SQLite: a new database file in a private temp folder per test.
#include "conformance.hpp"

#include "chainlit/core/ids.hpp"

#include <filesystem>

namespace chainlit::data::testing {
namespace {

class sqlite_database final : public test_database {
public:
    sqlite_database()
        : dir_(std::filesystem::temp_directory_path() / ("chainlit-data-" + uuid4())) {
        std::filesystem::create_directories(dir_);
    }
    ~sqlite_database() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::string url() const override { return "sqlite://" + (dir_ / "chainlit.db").string(); }

private:
    std::filesystem::path dir_;
};

INSTANTIATE_TEST_SUITE_P(sqlite, conformance,
                         ::testing::Values(backend{
                             "sqlite", [] { return std::make_unique<sqlite_database>(); }}),
                         backend_name);
INSTANTIATE_TEST_SUITE_P(sqlite, owned_threads,
                         ::testing::Values(backend{
                             "sqlite", [] { return std::make_unique<sqlite_database>(); }}),
                         backend_name);

} // namespace
} // namespace chainlit::data::testing
