// The single translation unit that compiles Asio and Beast (see src/CMakeLists.txt).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
// TLS for the clients (src/llm): OpenSSL is linked to this target for it.
#include <boost/asio/ssl/impl/src.hpp>
