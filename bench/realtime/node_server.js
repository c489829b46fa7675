// The Node socket.io peer: the same event logic as bench/realtime/echo_server.cpp and
// python_server.py. On `client_message` {message: {id, output, ...}} it emits `task_start`,
// `new_message` {id, output: "echo: <output>", ...} and `task_end`; on `connection_successful`
// `task_end`, `clear_ask` and `clear_call_fn`. Websocket transport at /ws/socket.io, the
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

server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
