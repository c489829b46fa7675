#pragma once
#include "chainlit/app/app.hpp"
#include "chainlit/http/server.hpp"

#include <optional>

namespace chainlit {

struct app::impl {
    http::router routes;
    app_config config = default_config();
    run_options opts;
    std::unique_ptr<http::server> server;
    bool builtins_added = false;

    void add_builtin_routes();
};

} // namespace chainlit
