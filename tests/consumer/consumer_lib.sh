# Shared by the consumer tests (sourced): install the main build into a fresh prefix, build a
# project against it as a user would, and run a server and stop it by pid.
# Needs: cmake_bin main_build generator cxx launcher (set by the sourcing script).

# install_prefix PREFIX: cmake --install the main build there; the log goes beside it.
install_prefix() {
    "$cmake_bin" --install "$main_build" --prefix "$1" >"$1.install.log"
}

# build_against PREFIX SOURCE BUILD [BUILD_TYPE]: configure and build with the main build's
# generator, compiler and launcher (ccache), so a rebuild of the same sources is a cache hit.
build_against() {
    local configure=(-S "$2" -B "$3" -G "$generator" -DCMAKE_BUILD_TYPE="${4:-}"
                     -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$1")
    if [[ -n "$launcher" ]]; then
        configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
    fi
    "$cmake_bin" "${configure[@]}"
    "$cmake_bin" --build "$3"
}

# start_server LOG CMD...: starts CMD in the background (server_pid), waits for its "available
# at" line and sets server_port. Fails if it exits first or says nothing for 10 s.
server_pid=
server_port=
start_server() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    server_pid=$!
    server_port=
    for _ in $(seq 1 200); do
        server_port=$(sed -n 's|.*available at http://127.0.0.1:\([0-9][0-9]*\).*|\1|p' "$log" |
                      head -n1)
        [[ -n "$server_port" ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || fail "the server exited early"
        sleep 0.05
    done
    fail "the server did not report its port"
}

# stop_server: SIGTERM by pid, then the exit code must be 0 (a graceful stop).
stop_server() {
    local rc=0
    kill -TERM "$server_pid"
    wait "$server_pid" || rc=$?
    server_pid=
    [[ $rc -eq 0 ]] || fail "the server exited $rc on SIGTERM"
}

# Stops a server a failed check left running (an EXIT trap); the work folder stays for a look.
stop_leftover_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
