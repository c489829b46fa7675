// The three transports modes of the real socket.io-client against the C++ server, and what
// every mode must carry: events, acks both ways, binary both ways.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, once, emitWithAck, until } from "./helpers.mjs";

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0); });

const modes = {
  polling: { transports: ["polling"] },
  websocket: { transports: ["websocket"] },
  upgrade: {},
};

for (const [mode, opts] of Object.entries(modes)) {
  test(`${mode}: connects, echoes events and answers acks`, async () => {
    const s = await connect(server.url, opts);
    if (mode === "upgrade") {
      await until(() => s.io.engine.transport.name === "websocket");
    } else {
      assert.equal(s.io.engine.transport.name, mode);
    }
    const echoed = once(s, "echo");
    s.emit("echo", "hi", { n: 1 }, [1, 2]);
    assert.deepEqual(await echoed, ["hi", { n: 1 }, [1, 2]]);
    assert.deepEqual(await emitWithAck(s, "ack", "x", 2), "x");
    const [who] = [await emitWithAck(s, "whoami")];
    assert.equal(who.id, s.id);
    s.close();
  });

  test(`${mode}: binary travels both ways, in events and acks`, async () => {
    const s = await connect(server.url, opts);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const echoed = once(s, "echo");
    s.emit("echo", { data: bytes, name: "chunk" }, Buffer.from("second"));
    const [obj, second] = await echoed;
    assert.equal(obj.name, "chunk");
    assert.deepEqual(Buffer.from(obj.data), bytes);
    assert.deepEqual(Buffer.from(second).toString(), "second");
    const acked = await s.timeout(5000).emitWithAck("ack", bytes);
    assert.deepEqual(Buffer.from(acked), bytes);
    s.close();
  });

  test(`${mode}: server-side emit_with_ack gets the client's answer, binary included`, async () => {
    const s = await connect(server.url, opts);
    s.on("q1", (question, cb) => cb(`answer to ${question}`, Buffer.from("bin")));
    const answered = once(s, "answer");
    s.emit("ask", "q1", 3000);
    const [res] = await answered;
    assert.deepEqual(res.reply, ["answer to question", { _placeholder: true, num: 0 }]);
    assert.equal(res.attachments, 1);
    assert.equal(res.first, "bin");
    s.close();
  });
}

test("emit_with_ack times out when the client never answers", async () => {
  const s = await connect(server.url, { transports: ["websocket"] });
  s.on("silent", () => {});
  const answered = once(s, "answer");
  s.emit("ask", "silent", 200);
  const [res] = await answered;
  assert.equal(res.error, "timed out");
  s.close();
});

test("a refusal reaches the client as connect_error with the server's message", async () => {
  for (const transports of [["polling"], ["websocket"]]) {
    await assert.rejects(connect(server.url, { transports, auth: { refuse: "authentication failed" } }),
      (err) => err.message === "authentication failed");
  }
  await assert.rejects(connect(server.url, { auth: { throw: true } }),
    (err) => err.message === "internal error");
});

test("the connect handler sees the auth payload and the handshake cookies", async () => {
  for (const transports of [["polling"], ["websocket"]]) {
    const s = await connect(server.url, {
      transports, auth: { sessionId: "abc", userEnv: "{}" }, extraHeaders: { cookie: "test=yum; other=1" },
    });
    const who = await emitWithAck(s, "whoami");
    assert.deepEqual(who.auth, { sessionId: "abc", userEnv: "{}" });
    assert.equal(who.cookie, "yum");
    s.close();
  }
});

test("another namespace is refused with a CONNECT_ERROR", async () => {
  await assert.rejects(connect(`${server.url}/admin`, { transports: ["websocket"] }),
    (err) => err.message === "Invalid namespace");
});

test("broadcast reaches every connected socket", async () => {
  const a = await connect(server.url, { transports: ["polling"] });
  const b = await connect(server.url, { transports: ["websocket"] });
  const got = Promise.all([once(a, "broadcast"), once(b, "broadcast")]);
  const n = await emitWithAck(a, "broadcast", "all");
  assert.ok(n >= 2);
  assert.deepEqual(await got, [["all"], ["all"]]);
  a.close();
  b.close();
});

test("server-side disconnect is final for the client", async () => {
  for (const transports of [["polling"], ["websocket"]]) {
    const s = await connect(server.url, { transports });
    const gone = once(s, "disconnect");
    s.emit("bye");
    assert.deepEqual((await gone)[0], "io server disconnect");
  }
});

test("a throwing handler is logged and the socket stays up", async () => {
  const s = await connect(server.url, { transports: ["websocket"] });
  s.emit("throw");
  assert.equal(await emitWithAck(s, "ack", "still here"), "still here");
  assert.ok(s.connected);
  s.close();
});

test("sessions are released when clients leave", async () => {
  const probe = await connect(server.url, { transports: ["websocket"] });
  const before = await emitWithAck(probe, "stats");
  const clients = await Promise.all([1, 2, 3].map(() => connect(server.url)));
  clients.forEach((c) => c.close());
  await until(async () => (await emitWithAck(probe, "stats")).sessions <= before.sessions);
  probe.close();
});
