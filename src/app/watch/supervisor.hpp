#pragma once
// `run --watch`: the supervising process of watch mode (docs/guide/watch.md). It binds the
// port once, starts the app's current build as a child that serves on that socket, watches the
// app's files, and on a change rebuilds with the app's own build tool and swaps the child for
// the new build with no moment in which the port refuses a connection.
#include "chainlit/app/app.hpp"

#include <string>
#include <vector>

namespace chainlit::watch {

/// Runs until SIGINT or SIGTERM; returns the process's exit code. `run_args` are the `run`
/// command's arguments as given (each child gets them, without --watch).
int supervise(const run_options& opts, std::vector<std::string> run_args);

} // namespace chainlit::watch
