#pragma once
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <system_error>

namespace chainlit {

/// Expected failures shared by several layers. Layers with richer needs add their own enum.
enum class errc {
    ok = 0,
    invalid_argument = 1,
    not_found,
    unauthorized,
    forbidden,
    conflict,
    too_large,
    timeout,
    unavailable,
    parse_error,
};

const boost::system::error_category& chainlit_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), chainlit_category()};
}

template <class T> using result = boost::system::result<T, boost::system::error_code>;

} // namespace chainlit

namespace boost::system {
template <> struct is_error_code_enum<chainlit::errc> : std::true_type {};
} // namespace boost::system
