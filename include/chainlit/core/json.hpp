#pragma once
// JSON values in the public API are Boost.JSON values: one well-tested type for wire payloads,
// config and app data alike.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace chainlit {
namespace json = boost::json;
} // namespace chainlit
