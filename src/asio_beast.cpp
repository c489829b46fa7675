// The single translation unit that compiles Asio and Beast (see src/CMakeLists.txt).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
// TLS for the clients (src/llm): OpenSSL is linked to this target for it.
#include <boost/asio/ssl/impl/src.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

// Debug builds only (BOOST_ENABLE_ASSERT_DEBUG_HANDLER, set for this TU in src/CMakeLists.txt).
namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file,
                          long line) {
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed%s%s\n", file, line, function, expr,
                 msg ? ": " : ".", msg ? msg : "");
    std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
    // Too strict in Boost 1.81 (Beast PR 2861): a chunk header may continue in 3 or 4 bytes,
    // and the parser then asks for more data, as it should.
    const std::string_view f(file);
    if (std::string_view(expr) == "n >= 5" && f.size() >= 16 &&
        f.substr(f.size() - 16) == "basic_parser.ipp")
        return;
    assertion_failed_msg(expr, nullptr, function, file, line);
}

} // namespace boost
