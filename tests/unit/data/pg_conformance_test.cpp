// The conformance suite on a real PostgreSQL server: a fresh database per test on the shared
// server (see pg_support.hpp for where the server comes from).
#include "conformance.hpp"
#include "pg_support.hpp"

namespace chainlit::data::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(postgres, conformance,
                         ::testing::Values(backend{
                             "postgres", [] { return make_pg_database(shared_pg_url()); }}),
                         backend_name);
INSTANTIATE_TEST_SUITE_P(postgres, owned_threads,
                         ::testing::Values(backend{
                             "postgres", [] { return make_pg_database(shared_pg_url()); }}),
                         backend_name);

} // namespace
} // namespace chainlit::data::testing
