// Starts the C++ realtime test server (path from REALTIME_TEST_SERVER) on an ephemeral port
// and gives tests real socket.io-client sockets and raw Engine.IO helpers against it.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtBinary, startAppProcess } from "../support/app_process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "socket.io-client"))) {
  throw new Error(
    "tests/node/node_modules is missing: run scripts/bootstrap (or `npm ci` in tests/node)");
}
const { io } = await import("socket.io-client");
const { WebSocket } = await import("ws");
export { io, WebSocket };

/// The server, once it printed its port; stop() resolves with its exit code.
export async function startServer(args = []) {
  const bin = builtBinary("REALTIME_TEST_SERVER", "realtime_test_server");
  const server = await startAppProcess(bin, args);
  return { ...server, url: `http://127.0.0.1:${server.port}` };
}

/// A connected socket.io-client socket; rejects on connect_error.
export function connect(url, opts = {}) {
  const socket = io(url, { path: "/ws/socket.io", reconnection: false, forceNew: true, ...opts });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => { socket.close(); reject(err); });
  });
}

export function once(emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    emitter.once(event, (...args) => { clearTimeout(t); resolve(args); });
  });
}

export function emitWithAck(socket, event, ...args) {
  return socket.timeout(5000).emitWithAck(event, ...args);
}

/// Waits until predicate() is true, polling every 20 ms.
export async function until(predicate, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/// A raw websocket Engine.IO client, connected at the Socket.IO level ("40" sent and answered).
export async function rawWebsocket(url) {
  const ws = new WebSocket(`${url.replace("http", "ws")}/ws/socket.io/?EIO=4&transport=websocket`);
  const messages = [];
  const waiters = [];
  ws.on("message", (data, isBinary) => {
    const m = isBinary ? data : data.toString();
    if (m === "2") ws.send("3"); // keep the heartbeat happy
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise((r) => ws.once("close", (code) => r(code)));
  await once(ws, "open");
  const next = async (pred) => {
    for (;;) {
      const i = messages.findIndex(pred);
      if (i >= 0) return messages.splice(i, 1)[0];
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
  };
  await next((m) => typeof m === "string" && m.startsWith("0{"));
  ws.send("40");
  const connected = await next((m) => typeof m === "string" && m.startsWith("40"));
  return { ws, closed, next, sid: JSON.parse(connected.slice(2)).sid };
}

/// Raw polling requests. `handshake()` opens a session and returns its sid.
export function rawPolling(url) {
  const base = `${url}/ws/socket.io/?EIO=4&transport=polling`;
  return {
    async handshake() {
      const body = await (await fetch(base)).text();
      return JSON.parse(body.slice(1)).sid;
    },
    get: (sid) => fetch(`${base}&sid=${sid}`),
    post: (sid, body) => fetch(`${base}&sid=${sid}`, { method: "POST", body }),
  };
}
