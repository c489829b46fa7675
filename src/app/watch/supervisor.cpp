#include "supervisor.hpp"

#include "chainlit/core/config.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/core/log.hpp"
#include "file_watcher.hpp"
#include "manifest.hpp"

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

extern char** environ;

namespace chainlit::watch {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

/// Editors save in bursts (a write, a rename, a backup): act once they are quiet this long.
constexpr auto debounce = 150ms;
/// A new build that is not serving after this long is given up (its on_app_startup hangs).
constexpr auto ready_timeout = 60s;
/// How long a stopping build may drain before it is killed.
constexpr auto stop_timeout = 20s;
/// The fds a child finds its listening socket and its control socket on.
constexpr int child_listen_fd = 3;
constexpr int child_control_fd = 4;

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

/// Moves `fd` above the fds a child gets (dup2 onto itself would keep FD_CLOEXEC set).
int high_fd(int fd) {
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (moved < 0)
        fail("fcntl");
    ::close(fd);
    return moved;
}

int bind_listener(const std::string& host, unsigned short port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res))
        throw std::system_error(EINVAL, std::generic_category(), ::gai_strerror(rc));
    const int fd = ::socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
    const int on = 1;
    const bool ok = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
                    ::bind(fd, res->ai_addr, res->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0;
    const int err = errno;
    ::freeaddrinfo(res);
    if (!ok) {
        if (fd >= 0)
            ::close(fd);
        errno = err;
        fail("bind");
    }
    return high_fd(fd);
}

unsigned short bound_port(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

std::string describe_status(int status) {
    if (WIFEXITED(status))
        return "exit code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("signal ") + ::strsignal(WTERMSIG(status));
    return "status " + std::to_string(status);
}

/// posix_spawn's attributes for a child: default signal dispositions and an empty mask (the
/// supervisor blocks the signals it reads through its signalfd).
struct spawn_attr {
    posix_spawnattr_t attr;
    spawn_attr() {
        ::posix_spawnattr_init(&attr);
        sigset_t none, defaults;
        sigemptyset(&none);
        sigemptyset(&defaults);
        for (int sig : {SIGINT, SIGTERM, SIGCHLD, SIGUSR1, SIGPIPE})
            sigaddset(&defaults, sig);
        ::posix_spawnattr_setsigmask(&attr, &none);
        ::posix_spawnattr_setsigdefault(&attr, &defaults);
        ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~spawn_attr() { ::posix_spawnattr_destroy(&attr); }
};

std::vector<char*> c_args(std::vector<std::string>& args) {
    std::vector<char*> out;
    for (auto& a : args)
        out.push_back(a.data());
    out.push_back(nullptr);
    return out;
}

/// One running build of the app.
struct child {
    pid_t pid = -1;
    int control = -1; ///< the supervisor's end of its control socket
    explicit operator bool() const { return pid > 0; }
};

class supervisor {
public:
    supervisor(const run_options& opts, std::vector<std::string> run_args, manifest m)
        : opts_(opts), args_(std::move(run_args)), m_(std::move(m)),
          files_([this](const fs::path& dir) { return skip_dir(dir); }) {}

    int run() {
        listen_fd_ = bind_listener(opts_.host, opts_.port);
        open_signals();
        files_.add_tree(opts_.app_root);
        for (const auto& dir : m_.watch)
            files_.add_tree(dir);
        const bool v6 = opts_.host.find(':') != std::string::npos;
        log().info("watch: serving http://{}{}{}:{}{} and watching {} folders; a save rebuilds "
                   "{} and reloads it",
                   v6 ? "[" : "", opts_.host, v6 ? "]" : "", bound_port(listen_fd_),
                   opts_.root_path, files_.folder_count(), m_.target);
        // The binary that runs this may be older than its sources: build once first.
        rebuild_and_swap();
        for (;;) {
            pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {files_.fd(), POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0 && errno != EINTR)
                fail("poll");
            if (fds[0].revents & POLLIN)
                if (!handle_signals())
                    return shut_down();
            if (fds[1].revents & POLLIN) {
                const change what = collect_changes();
                if (what == change::rebuild)
                    rebuild_and_swap();
                else if (what == change::restart)
                    swap("a file of the app changed");
            }
        }
    }

private:
    const run_options& opts_;
    std::vector<std::string> args_;
    manifest m_;
    file_watcher files_;
    int listen_fd_ = -1;
    int signal_fd_ = -1;
    child current_;
    std::vector<child> retiring_;
    std::string last_failure_; ///< the last build's error while it failed, for a new child

    bool skip_dir(const fs::path& dir) const {
        const auto name = dir.filename().string();
        if (dir == m_.build_dir || name == "node_modules" || fs::exists(dir / "CMakeCache.txt"))
            return true;
        if (dir.parent_path().filename() == ".chainlit")
            return name != "translations"; // uploaded files and the like change all the time
        return name.size() > 1 && name.front() == '.' && name != ".chainlit";
    }

    void open_signals() {
        sigset_t set;
        sigemptyset(&set);
        for (int sig : {SIGINT, SIGTERM, SIGCHLD})
            sigaddset(&set, sig);
        ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
        ::signal(SIGPIPE, SIG_IGN);
        signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
        if (signal_fd_ < 0)
            fail("signalfd");
    }

    /// False on SIGINT or SIGTERM. Reaps the children that ended.
    bool handle_signals() {
        bool go_on = true;
        signalfd_siginfo info;
        while (::read(signal_fd_, &info, sizeof info) == sizeof info)
            if (info.ssi_signo == SIGINT || info.ssi_signo == SIGTERM)
                go_on = false;
        reap();
        return go_on;
    }

    void reap() {
        int status = 0;
        for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
            if (pid == current_.pid) {
                log().warn("watch: the app exited ({}); the next save starts it again",
                           describe_status(status));
                ::close(current_.control);
                current_ = {};
            }
            std::erase_if(retiring_, [&](const child& c) {
                if (c.pid != pid)
                    return false;
                ::close(c.control);
                return true;
            });
        }
    }

    /// Reads the pending changes and those that follow within the debounce window. With
    /// `built_after` (a build started then), sources saved before it count as nothing: that
    /// build had them already.
    change collect_changes(std::optional<fs::file_time_type> built_after = std::nullopt) {
        change what = change::none;
        for (;;) {
            for (const auto& file : files_.take_changes()) {
                auto kind = classify(file, opts_.app_root, m_);
                std::error_code ec;
                if (kind == change::rebuild && built_after) {
                    const auto t = fs::last_write_time(file, ec);
                    if (!ec && t < *built_after)
                        kind = change::none;
                }
                if (kind == change::rebuild || (kind == change::restart && what == change::none))
                    what = kind;
                if (kind != change::none)
                    log().debug("watch: {} changed", file.string());
            }
            pollfd p{files_.fd(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(debounce.count())) <= 0)
                return what;
        }
    }

    struct build_result {
        bool ok = false;
        std::string error; ///< the first error, for the browsers' banner
    };

    /// `cmake --build <dir> --target <target>`, its output passed through to the terminal
    /// as it comes (the compiler's messages and the build's progress) and kept for the banner.
    build_result build() {
        log().info("watch: building {} ...", m_.target);
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            fail("pipe2");
        posix_spawn_file_actions_t fa;
        ::posix_spawn_file_actions_init(&fa);
        ::posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        ::posix_spawn_file_actions_adddup2(&fa, out[1], 2);
        std::vector<std::string> argv = {m_.cmake.string(), "--build", m_.build_dir.string(),
                                         "--target", m_.target};
        auto cargv = c_args(argv);
        spawn_attr attr;
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, cargv[0], &fa, &attr.attr, cargv.data(), environ);
        ::posix_spawn_file_actions_destroy(&fa);
        ::close(out[1]);
        if (rc != 0) {
            ::close(out[0]);
            return {false, "cannot run " + m_.cmake.string() + ": " + std::strerror(rc)};
        }
        std::string output;
        char buf[8192];
        for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) != 0;) {
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                break;
            }
            std::fwrite(buf, 1, static_cast<std::size_t>(n), stdout);
            std::fflush(stdout);
            if (output.size() < (1u << 20))
                output.append(buf, static_cast<std::size_t>(n));
        }
        ::close(out[0]);
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            return {true, {}};
        auto error = first_build_error(output);
        if (error.empty())
            error = "the build failed (" + describe_status(status) + "); see the terminal";
        return {false, std::move(error)};
    }

    void rebuild_and_swap() {
        for (;;) {
            const auto started = clock::now();
            const auto files_before = fs::file_time_type::clock::now();
            auto result = build();
            const auto secs = std::chrono::duration<double>(clock::now() - started).count();
            // Saves made while it built: built already, unless written after it started.
            const change again = collect_changes(files_before);
            if (again == change::rebuild)
                continue;
            if (!result.ok) {
                log().error("watch: the build of {} failed after {:.1f} s; the previous build "
                            "keeps serving",
                            m_.target, secs);
                last_failure_ = result.error;
                send_status(current_, false, result.error);
                if (!current_ && fs::exists(m_.binary))
                    swap("no build was running"); // start the last good binary meanwhile
                return;
            }
            log().info("watch: built {} in {:.1f} s", m_.target, secs);
            last_failure_.clear();
            swap("a new build");
            return;
        }
    }

    void send_status(const child& c, bool ok, const std::string& error) {
        if (!c)
            return;
        json::object status{{"ok", ok}, {"target", m_.target}};
        if (!ok)
            status["error"] = error;
        const std::string line = json::serialize(json::object{{"build_status", status}}) + "\n";
        // MSG_NOSIGNAL: a child that just died must not take the supervisor with it.
        if (::send(c.control, line.data(), line.size(), MSG_NOSIGNAL) < 0)
            log().debug("watch: cannot reach the app: {}", std::strerror(errno));
    }

    child spawn() {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            fail("socketpair");
        const int mine = high_fd(sv[0]), theirs = high_fd(sv[1]);
        posix_spawn_file_actions_t fa;
        ::posix_spawn_file_actions_init(&fa);
        ::posix_spawn_file_actions_adddup2(&fa, listen_fd_, child_listen_fd);
        ::posix_spawn_file_actions_adddup2(&fa, theirs, child_control_fd);
        std::vector<std::string> argv = {m_.binary.string(), "run"};
        argv.insert(argv.end(), args_.begin(), args_.end());
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e) {
            const std::string_view v(*e);
            if (!v.starts_with("CHAINLIT_LISTEN_FD=") && !v.starts_with("CHAINLIT_WATCH_FD=") &&
                !v.starts_with("WATCH="))
                env.emplace_back(v);
        }
        env.push_back("CHAINLIT_LISTEN_FD=" + std::to_string(child_listen_fd));
        env.push_back("CHAINLIT_WATCH_FD=" + std::to_string(child_control_fd));
        auto cargv = c_args(argv);
        auto cenv = c_args(env);
        spawn_attr attr;
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, cargv[0], &fa, &attr.attr, cargv.data(), cenv.data());
        ::posix_spawn_file_actions_destroy(&fa);
        ::close(theirs);
        if (rc != 0) {
            ::close(mine);
            log().error("watch: cannot start {}: {}", m_.binary.string(), std::strerror(rc));
            return {};
        }
        return {pid, mine};
    }

    /// Whether `c` said it serves within ready_timeout (false: it exited or hangs).
    bool wait_ready(const child& c) {
        const auto deadline = clock::now() + ready_timeout;
        std::string got;
        while (clock::now() < deadline) {
            pollfd p{c.control, POLLIN, 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                continue;
            char buf[64];
            const ssize_t n = ::read(c.control, buf, sizeof buf);
            if (n <= 0)
                return false; // it exited before serving
            got.append(buf, static_cast<std::size_t>(n));
            if (got.find("ready\n") != std::string::npos)
                return true;
        }
        return false;
    }

    /// Starts the current binary and, once it serves, retires the running one (it tells its
    /// browsers to reload, then stops gracefully).
    void swap(const char* why) {
        const auto started = clock::now();
        child next = spawn();
        if (!next)
            return;
        if (!wait_ready(next)) {
            ::kill(next.pid, SIGKILL);
            int status = 0;
            ::waitpid(next.pid, &status, 0);
            ::close(next.control);
            const std::string error =
                "the new build did not start (" + describe_status(status) + "); see the terminal";
            log().error("watch: {}; {}", error,
                        current_ ? "the previous build keeps serving" : "waiting for a change");
            last_failure_ = error;
            send_status(current_, false, error);
            return;
        }
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started).count();
        if (current_) {
            ::kill(current_.pid, SIGUSR1);
            retiring_.push_back(current_);
            log().info("watch: reloaded ({}): the new process served after {} ms", why, ms);
        }
        current_ = next;
        if (!last_failure_.empty())
            send_status(current_, false, last_failure_);
    }

    int shut_down() {
        log().info("watch: stopping");
        if (current_)
            retiring_.push_back(current_);
        current_ = {};
        for (const auto& c : retiring_)
            ::kill(c.pid, SIGTERM);
        const auto deadline = clock::now() + stop_timeout;
        while (!retiring_.empty() && clock::now() < deadline) {
            ::usleep(20'000);
            reap();
        }
        for (const auto& c : retiring_) {
            log().warn("watch: process {} did not stop in time; killing it", c.pid);
            ::kill(c.pid, SIGKILL);
            ::waitpid(c.pid, nullptr, 0);
        }
        ::close(listen_fd_);
        return 0;
    }
};

} // namespace

int supervise(const run_options& opts, std::vector<std::string> run_args) {
    manifest m = read_manifest(own_manifest_path()); // config_error: exit 2
    std::erase_if(run_args, [](const std::string& a) { return a == "-w" || a == "--watch"; });
    supervisor s(opts, std::move(run_args), std::move(m));
    return s.run();
}

} // namespace chainlit::watch
