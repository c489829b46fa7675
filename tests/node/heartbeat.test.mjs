// Heartbeat: clients that answer pings stay connected across many intervals; a client that
// stops answering is closed after pingTimeout. Short intervals keep the test fast; the timeout
// is long enough that a client on a loaded machine (CI runs two suites at once) still pongs in time.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, once, emitWithAck, rawPolling, WebSocket } from "./helpers.mjs";

let server;
before(async () => { server = await startServer(["--ping-interval", "150", "--ping-timeout", "1000", "--connect-timeout", "400"]); });
after(async () => { assert.equal(await server.stop(), 0); });

test("the open packet announces the configured heartbeat", async () => {
  const body = await (await fetch(`${server.url}/ws/socket.io/?EIO=4&transport=polling`)).text();
  const open = JSON.parse(body.slice(1));
  assert.deepEqual(open.upgrades, ["websocket"]);
  assert.equal(open.pingInterval, 150);
  assert.equal(open.pingTimeout, 1000);
  assert.equal(open.maxPayload, 1000000);
});

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`${transports.join("+")}: a live client survives many ping intervals`, async () => {
    const s = await connect(server.url, { transports });
    let pings = 0;
    s.io.engine.on("ping", () => pings++);
    let dropped = false;
    s.on("disconnect", () => { dropped = true; });
    await new Promise((r) => setTimeout(r, 1200));
    assert.ok(pings >= 4, `only ${pings} pings`);
    assert.equal(dropped, false);
    assert.equal(await emitWithAck(s, "ack", "ok"), "ok");
    s.close();
  });
}

test("a websocket client that never pongs is closed after pingTimeout", async () => {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/ws/socket.io/?EIO=4&transport=websocket`);
  const seen = [];
  ws.on("message", (d) => seen.push(d.toString()));
  const closed = once(ws, "close", 3000);
  await once(ws, "open");
  ws.send("40");
  const started = Date.now();
  await closed;
  assert.ok(seen.includes("2"), "a ping was sent");
  assert.ok(Date.now() - started >= 1000, "closed only after the timeout");
});

test("a polling client that never pongs is closed after pingTimeout", async () => {
  const poll = rawPolling(server.url);
  const sid = await poll.handshake();
  await poll.post(sid, "40");
  const bodies = [];
  for (let i = 0; i < 20; ++i) {
    const r = await poll.get(sid);
    if (r.status !== 200) break;
    const body = await r.text();
    bodies.push(body);
    if (body.split("\x1e").includes("1")) break;
  }
  assert.ok(bodies.some((b) => b.split("\x1e").includes("2")), "a ping was sent");
  assert.equal((await poll.get(sid)).status, 400, "the session is gone");
});

test("a session that never sends CONNECT is closed after the connect timeout", async () => {
  const poll = rawPolling(server.url);
  const sid = await poll.handshake();
  const started = Date.now();
  let last = "";
  for (let i = 0; i < 40; ++i) {
    const r = await poll.get(sid);
    if (r.status !== 200) break;
    last = await r.text();
    if (last.split("\x1e").includes("1")) break;
    if (last.split("\x1e").includes("2")) await poll.post(sid, "3"); // a live, idle client
  }
  assert.ok(last.split("\x1e").includes("1"), "the close packet arrived");
  assert.ok(Date.now() - started >= 400);
});
