#pragma once
// Internal: GET /openapi.json (OpenAPI 3.1, built from the router's routes and their docs) and
// GET /docs (Swagger UI, embedded with the web UI). `[features] api_docs = false` turns both off.
#include "chainlit/core/config.hpp"
#include "chainlit/http/router.hpp"

#include <string>

namespace chainlit {

/// The OpenAPI document of every route in `r` but the UI's catch-all, HEAD/OPTIONS and hidden
/// ones. An app route shadows a built-in one of the same method and path. Built-in routes
/// without a doc get theirs from builtin_route_doc.
json::object openapi_document(const http::router& r, const app_config& cfg,
                              const std::string& root_path);

/// The documentation of a built-in route ("" summary when it has none).
http::route_doc builtin_route_doc(http::method m, const std::string& pattern);

/// Adds /openapi.json, /docs and the Swagger UI's files at built-in priority.
void add_openapi_routes(http::router& r, const app_config& cfg, std::string root_path);

} // namespace chainlit
