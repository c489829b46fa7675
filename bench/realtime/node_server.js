// The Node socket.io peer: the same event logic as bench/realtime/echo_server.cpp and
// python_server.py. On `client_message` {message: {id, output, ...}} it emits `task_start`,
// `new_message` {id, output: "echo: <output>", ...} and `task_end`; on `connection_successful`
// `task_end`, `clear_ask` and `clear_call_fn`. "stream N" streams N tokens 10 ms apart
// (bench/agents). Websocket transport at /ws/socket.io, the
// Chainlit timings (pingInterval 25 s, pingTimeout 20 s, maxHttpBufferSize 1 MB).
// Usage: node node_server.js <port>
"use strict";
const http = require("node:http");
const crypto = require("node:crypto");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 8000);
const server = http.createServer();
const io = new Server(server, {
  path: "/ws/socket.io",
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 1e6,
  serveClient: false,
  cors: { origin: "*" },
});

io.on("connection", (socket) => {
  socket.on("connection_successful", () => {
    socket.emit("task_end", {});
    socket.emit("clear_ask", {});
    socket.emit("clear_call_fn", {});
  });
  socket.on("client_message", (payload) => {
    const m = (payload && payload.message) || {};
    socket.emit("task_start", {});
    const output = String(m.output || "");
    if (output.startsWith("stream ")) {
      streamTokens(socket, m, Math.max(1, Math.min(100000, Number(output.slice(7)) || 1)));
      return;
    }
    socket.emit("new_message", {
      id: crypto.randomUUID(),
      threadId: m.threadId || "",
      parentId: m.id || "",
      name: "Assistant",
      type: "assistant_message",
      output: "echo: " + (m.output || ""),
      createdAt: m.createdAt || "",
    });
    socket.emit("task_end", {});
  });
});

// "stream N": N tokens ("tok "), 10 ms apart, as bench_realtime_server.cpp streams them:
// stream_start with the first, stream_token for the rest, then the whole message and task_end.
function streamTokens(socket, m, n) {
  const msg = {
    id: crypto.randomUUID(),
    threadId: m.threadId || "",
    parentId: m.id || "",
    name: "Assistant",
    type: "assistant_message",
    output: "",
    createdAt: new Date().toISOString(),
    streaming: true,
  };
  let sent = 0;
  const tick = () => {
    if (!socket.connected) return;
    msg.output += "tok ";
    if (sent++ === 0) socket.emit("stream_start", msg);
    else socket.emit("stream_token", { id: msg.id, token: "tok ", isSequence: false, isInput: false });
    if (sent < n) {
      setTimeout(tick, 10);
    } else {
      socket.emit("new_message", { ...msg, streaming: false });
      socket.emit("task_end", {});
    }
  };
  setTimeout(tick, 10);
}

server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
