#pragma once
// Form encoding for the OAuth requests and replies (application/x-www-form-urlencoded).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::auth::detail {

/// RFC 3986 unreserved characters stay; everything else becomes %XX (spaces too: %20 is valid
/// in a form and in a query).
std::string percent_encode(std::string_view s);
/// `k1=v1&k2=v2`, both sides percent-encoded.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
/// The reverse: '+' is a space, bad escapes are kept literally. Never throws.
std::vector<std::pair<std::string, std::string>> form_decode(std::string_view body);

} // namespace chainlit::auth::detail
