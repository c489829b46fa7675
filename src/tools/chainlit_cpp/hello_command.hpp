#pragma once
// `chainlit-cpp hello [ARGS...]`: runs the installed demo app (examples/hello), as
// `chainlit hello` does. The demo writes its database, secret and config into its app folder,
// so it runs in a per-user copy of the installed one ($XDG_DATA_HOME/chainlit-cpp/hello,
// default ~/.local/share/chainlit-cpp/hello), never in the install prefix.
#include <string>
#include <vector>

namespace chainlit::tools {

/// Copies the installed app folder's missing files into the per-user folder (all of them on
/// the first run; a file the user changed stays), then execs the demo there with `args`
/// (`--port 9000`, `run --host 0.0.0.0`, `--help`...). Returns only on failure: 1, after one
/// line on stderr saying what is missing.
int run_hello(const std::vector<std::string>& args);

} // namespace chainlit::tools
