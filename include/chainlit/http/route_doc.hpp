#pragma once
// What /openapi.json says about a route: all optional. Without it a route is still listed, with
// its path parameters.
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainlit::http {

/// A query parameter of a route, for its documentation.
struct query_param_doc {
    std::string name;
    std::string description{};
    bool required = false;
    json::object schema{{"type", "string"}};
};

/// The documentation of a route (OpenAPI 3.1 operation fields).
///
///     app.post("/summarize", handler, {.summary = "Summarize a text", .tags = {"tools"},
///                                       .request_schema = json::object{{"type", "object"}}});
struct route_doc {
    std::string summary{};
    std::string description{};
    std::vector<std::string> tags{};
    /// The JSON schema of the request body (application/json); none: no body documented.
    std::optional<json::object> request_schema{};
    /// The JSON schema of a 200 answer (application/json); none: any answer.
    std::optional<json::object> response_schema{};
    std::vector<query_param_doc> query{};
    /// Needs a logged-in user (a Bearer token). Set by itself for authenticated app routes.
    bool auth = false;
    /// Left out of /openapi.json.
    bool hidden = false;
};

} // namespace chainlit::http
