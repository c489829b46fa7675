#pragma once
// The start-up of the apps that a Node harness runs as a child process (chat_test_app,
// oauth_test_app, durability_app, bench_persistence), the C++ side of app_process.mjs: flags
// from argv, a temporary app root, and serving until SIGTERM or SIGINT after printing the ready
// line (the port first) on stdout.
#include <chainlit/chainlit.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <pthread.h>
#include <string>
#include <string_view>

namespace chainlit::test {

/// The value after `--name` on the command line, or `fallback`.
inline std::string arg(int argc, char** argv, std::string_view name, std::string fallback = {}) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name)
            return argv[i + 1];
    return fallback;
}

/// True when `--name` is on the command line.
inline bool flag(int argc, char** argv, std::string_view name) {
    return std::any_of(argv + 1, argv + argc, [name](const char* a) { return a == name; });
}

/// A fresh directory under the system's temporary one, named `<prefix>.XXXXXX`; nullopt (after
/// perror) when it cannot be made.
inline std::optional<std::filesystem::path> temporary_root(std::string_view prefix) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) {
        std::perror("mkdtemp");
        return std::nullopt;
    }
    return std::filesystem::path(tmpl);
}

/// Starts `served` with `opts`, calls `started` (which prints the ready line: the port first),
/// serves until SIGTERM or SIGINT, then stops gracefully and returns 0. When start() throws,
/// writes "<name>: <what>" to stderr and returns `start_failure`. The signals are blocked
/// before the server's threads start (they inherit the mask), so only sigwait takes them.
inline int serve_until_signal(app& served, const run_options& opts, std::string_view name,
                              int start_failure, const std::function<void()>& started) {
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
    try {
        served.start(opts);
    } catch (const std::exception& e) {
        std::cerr << name << ": " << e.what() << std::endl;
        return start_failure;
    }
    started();
    int sig = 0;
    sigwait(&sigs, &sig);
    served.stop();
    served.wait();
    return 0;
}

} // namespace chainlit::test
