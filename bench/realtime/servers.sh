# Sourced by bench/realtime/run and bench/agents/run: starting and stopping the servers they
# compare. The sourcing script sets: rt_dir (bench/realtime), work (a scratch folder, with an
# empty app folder work/app), python, chat (bench_realtime_server), echo_rt, minimal,
# server_cpu; start_server sets server_pid, stop_server clears it.

free_port() {
    "$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# start_server <name> <port>: starts that server pinned to the server CPU and waits until its
# Engine.IO endpoint answers a polling handshake (minimal-beast, websocket only: any answer).
start_server() {
    local name=$1 port=$2
    local -a cmd
    local cwd=$work/app
    case $name in
    chainlit-cpp)
        cmd=("$chat" run --host 127.0.0.1 --port "$port" --threads 1 --no-access-log --headless) ;;
    chainlit-cpp-realtime)
        cmd=("$echo_rt" "$port") ;;
    minimal-beast)
        cmd=("$minimal" "$port") ;;
    node-socket.io)
        cwd=$rt_dir
        cmd=(node node_server.js "$port") ;;
    python-socketio)
        cwd=$rt_dir
        cmd=("$python" -m uvicorn python_server:app --host 127.0.0.1 --port "$port"
             --ws wsproto --workers 1 --no-access-log --log-level warning) ;;
    *)
        echo "bench/realtime: unknown server $name" >&2; exit 1 ;;
    esac
    (cd "$cwd" && exec taskset -c $server_cpu "${cmd[@]}" >"$work/server.log" 2>&1) &
    server_pid=$!
    local want=200 code
    [[ $name = minimal-beast ]] && want=any
    for _ in $(seq 1 500); do
        code=$(curl -s -o /dev/null -w '%{http_code}' \
            "http://127.0.0.1:$port/ws/socket.io/?EIO=4&transport=polling" || true)
        if [[ $code = 200 || ($want = any && $code != 000) ]]; then
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.02
    done
    echo "bench/realtime: server $name did not answer on port $port" >&2
    cat "$work/server.log" >&2
    exit 1
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 250); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.02
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

