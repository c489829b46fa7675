// Bad input ends that socket with an error; the server and the other sockets carry on. An
// observer socket hears each "left" broadcast (with the server's reason) and keeps echoing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, once, emitWithAck, rawWebsocket, rawPolling } from "./helpers.mjs";

let server;
let observer;
before(async () => {
  server = await startServer(["--max-buffered", "1000000"]);
  observer = await connect(server.url, { transports: ["websocket"] });
});
after(async () => {
  observer.close();
  assert.equal(await server.stop(), 0);
});

function leftFor(id, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "left" for ${id}`)), ms);
    const on = (info) => {
      if (info.id !== id) return;
      clearTimeout(t);
      observer.off("left", on);
      resolve(info.reason);
    };
    observer.on("left", on);
  });
}

async function observerStillWorks() {
  assert.equal(await emitWithAck(observer, "ack", "alive"), "alive");
}

async function rawCase(send, expectedReason) {
  const c = await rawWebsocket(server.url);
  const left = leftFor(c.sid);
  send(c.ws);
  assert.equal(await left, expectedReason);
  await c.closed;
  await observerStillWorks();
}

test("malformed Socket.IO packet", () => rawCase((ws) => ws.send('42["echo",'), "parse error"));

test("malformed Engine.IO frame", async () => {
  const c = await rawWebsocket(server.url);
  const left = leftFor(c.sid);
  c.ws.send("9garbage");
  assert.equal(await left, "parse error");
  assert.equal(await c.closed, 1002);
  await observerStillWorks();
});

test("event with a non-string name", () => rawCase((ws) => ws.send("42[1,2]"), "parse error"));

test("unknown event, through socket.io-client", async () => {
  const s = await connect(server.url, { transports: ["polling"] });
  const left = leftFor(s.id);
  const gone = once(s, "disconnect");
  s.emit("no_such_event", 1);
  assert.equal(await left, "unknown event");
  assert.equal((await gone)[0], "io server disconnect");
  await observerStillWorks();
});

test("ack with an id the server never used", () => rawCase((ws) => ws.send('43999["x"]'), "unknown ack id"));

test("binary event whose attachments never come", () =>
  rawCase((ws) => {
    ws.send('451-["echo",{"_placeholder":true,"num":0}]');
    ws.send('42["echo"]');
  }, "binary attachments missing"));

test("binary event with too many declared attachments", () =>
  rawCase((ws) => ws.send('499-["echo"]'), "parse error"));

test("payload over maxPayload on websocket", async () => {
  const s = await connect(server.url, { transports: ["websocket"] });
  const left = leftFor(s.id);
  const gone = once(s, "disconnect");
  s.emit("echo", "x".repeat(1_100_000));
  assert.equal(await left, "payload too large");
  await gone;
  await observerStillWorks();
});

test("payload over maxPayload on polling", async () => {
  const s = await connect(server.url, { transports: ["polling"] });
  const left = leftFor(s.id);
  const gone = once(s, "disconnect");
  s.emit("echo", "x".repeat(1_100_000));
  assert.equal(await left, "payload too large");
  await gone;
  await observerStillWorks();
});

test("a client that does not read is closed, not buffered without bound", async () => {
  const c = await rawWebsocket(server.url);
  const left = leftFor(c.sid, 15000);
  c.ws._socket.pause(); // stop reading: TCP buffers fill, then the session's queue
  c.ws.send('42["flood",400,100000]');
  assert.equal(await left, "client not reading");
  c.ws.terminate();
  await observerStillWorks();
});

test("event before CONNECT", async () => {
  const poll = rawPolling(server.url);
  const sid = await poll.handshake();
  assert.equal(await (await poll.post(sid, '42["echo"]')).text(), "ok");
  const body = await (await poll.get(sid)).text();
  assert.equal(body, "1");
  assert.equal((await poll.get(sid)).status, 400);
  await observerStillWorks();
});

test("overlapping polling GETs close the session with 400", async () => {
  const poll = rawPolling(server.url);
  const sid = await poll.handshake();
  const first = poll.get(sid);
  await new Promise((r) => setTimeout(r, 50));
  const second = await poll.get(sid);
  assert.equal(second.status, 400);
  assert.equal(await (await first).text(), "1");
  await observerStillWorks();
});

test("unknown sid, bad versions and transports are answered like engine.io", async () => {
  const base = `${server.url}/ws/socket.io/`;
  let r = await fetch(`${base}?EIO=4&transport=polling&sid=nope`);
  assert.equal(r.status, 400);
  assert.deepEqual(await r.json(), { code: 1, message: "Session ID unknown" });
  r = await fetch(`${base}?EIO=3&transport=polling`);
  assert.deepEqual(await r.json(), { code: 5, message: "Unsupported protocol version" });
  r = await fetch(`${base}?EIO=4&transport=carrier-pigeon`);
  assert.deepEqual(await r.json(), { code: 0, message: "Transport unknown" });
  r = await fetch(`${server.url}/ws/socket.io?EIO=4&transport=polling`);
  assert.equal(r.status, 200, "the path without trailing slash works too");
  assert.match(await r.text(), /^0\{"sid":/);
  r = await fetch(`${base}?EIO=4&transport=polling`, { method: "POST", body: "40" });
  assert.deepEqual(await r.json(), { code: 2, message: "Bad handshake method" });
  await observerStillWorks();
});
