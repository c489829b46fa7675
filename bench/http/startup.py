"""Start-up time to the first 200: launches the server command, then polls `url` over plain
sockets in a tight loop and prints the milliseconds from launch to the first 200. The server is
then stopped by its PID (SIGTERM, SIGKILL after 5 s).

Usage: startup.py <port> <path> <cwd> -- <command...>"""
import os
import signal
import socket
import subprocess
import sys
import time


def first_status(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            data = s.recv(64)
            return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        return 0


def main():
    port, path, cwd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < 10:
            if first_status(port, path) == 200:
                print(f"{(time.perf_counter() - start) * 1000:.1f}")
                return 0
            if proc.poll() is not None:
                break
        print("nan")
        return 1
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()


if __name__ == "__main__":
    sys.exit(main())
