// Connection state recovery (socket.io 4.6's connectionStateRecovery) against the real
// socket.io-client: events the server wrote into a connection that then died come back when
// the client reconnects with its pid and last offset.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, io, once, until, emitWithAck, WebSocket } from "./helpers.mjs";

let server;
before(async () => { server = await startServer(["--recovery", "60000"]); });
after(async () => { assert.equal(await server.stop(), 0); });

function reconnecting(transports) {
  const s = io(server.url, { path: "/ws/socket.io", forceNew: true, transports,
    reconnectionDelay: 50, reconnectionDelayMax: 100 });
  const blobs = [];
  s.on("blob", (i, blob, offset) => blobs.push({ i, blob, offset }));
  return { s, blobs };
}

test("events written into a stalled connection that then dies are sent again, in order", async () => {
  const { s, blobs } = reconnecting(["websocket"]);
  await once(s, "connect");
  assert.equal(s.recovered, false);
  s.emit("flood", 5, 10);
  await until(() => blobs.length === 5);
  // Every event without an ack carries its offset last; they count up.
  const first = Number(blobs[0].offset);
  blobs.forEach((b, k) => assert.equal(Number(b.offset), first + k));

  const raw = s.io.engine.transport.ws._socket;
  s.emit("flood", 50, 10);
  raw.pause(); // the client stops reading: what the server writes now stays in flight
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(blobs.length, 5, "nothing read while stalled");
  raw.destroy(); // the connection dies; the server learns of it only now
  await until(() => s.connected && s.recovered, 5000);
  await until(() => blobs.length === 55, 5000);
  assert.deepEqual(blobs.slice(5).map((b) => b.i), Array.from({ length: 50 }, (_, i) => i));
  blobs.slice(5).forEach((b) => assert.equal(b.blob, "x".repeat(10)));
  s.close();
});

test("a client back before the server noticed the drop replaces its old socket", async () => {
  const { s, blobs } = reconnecting(["websocket"]);
  await once(s, "connect");
  // The client gives up on its transport on its own (as on a network change) while the old
  // TCP connection stays open, unread: the server still counts that socket as connected when
  // the reconnect arrives, and would until its ping timeout (25 s here).
  const ws = s.io.engine.transport.ws;
  const raw = ws._socket;
  s.emit("flood", 20, 10);
  raw.pause();
  ws.close = () => {}; // no close frame, no FIN: the old connection just goes silent
  s.io.engine.close();
  await until(() => s.connected && s.recovered, 5000);
  await until(() => blobs.length === 20, 5000);
  assert.deepEqual(blobs.map((b) => b.i), Array.from({ length: 20 }, (_, i) => i));
  // The old socket is gone at once (replaced, or closed by its transport), not left to its
  // ping timeout: this client is the only one connected.
  await until(async () => (await emitWithAck(s, "stats")).connected === 1, 5000);
  s.close();
  raw.destroy();
});

test("a disconnect the client asked for is not recovered", async () => {
  const { s } = reconnecting(["websocket"]);
  await once(s, "connect");
  s.disconnect();
  s.connect();
  await once(s, "connect");
  assert.equal(s.recovered, false);
  s.close();
});

test("an unknown pid or a malformed offset gets a fresh state, not an error", async () => {
  for (const auth of ['{"pid":"nope","offset":"3"}', '{"pid":"nope","offset":"Title"}',
    '{"pid":42,"offset":{}}']) {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/ws/socket.io/?EIO=4&transport=websocket`);
    const messages = [];
    ws.on("message", (d) => messages.push(d.toString()));
    await once(ws, "open");
    await until(() => messages.length >= 1);
    ws.send(`40${auth}`);
    await until(() => messages.some((m) => m.startsWith("40")));
    const ack = JSON.parse(messages.find((m) => m.startsWith("40")).slice(2));
    assert.equal(typeof ack.sid, "string");
    assert.equal(typeof ack.pid, "string");
    assert.notEqual(ack.pid, "nope");
    ws.close();
  }
});
