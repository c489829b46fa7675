// Sessions belong to their user (spec A.3 step 3, D.6): Chainlit's session-hijack CVE came from
// restoring a live session for anyone who knew its id. The test app runs with --test-auth: the
// user is the `test_user` cookie, anonymous without one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startChatApp, chatClient, sessionState, until, upload, messagesOf } from "./helpers.mjs";

let app;
before(async () => { app = await startChatApp(["--test-auth"]); });
after(async () => { assert.equal(await app.stop(), 0); });

const as = (name) => ({ cookie: `test_user=${name}` });
const isOutput = (text) => (e) => e.ev === "new_message" && e.args[0].output === text;

async function welcomed(opts) {
  const c = await chatClient(app.url, opts);
  const w = await c.waitFor(isOutput("Welcome!"));
  await c.waitFor("task_end", { from: w.index });
  return c;
}

for (const transports of [["websocket"], ["polling"]]) {
  test(`someone else cannot take over a live session (${transports})`, async () => {
    const alice = await welcomed({ headers: as("alice"), transports });
    for (const intruder of [as("bob"), undefined]) {
      await assert.rejects(
        chatClient(app.url, { sessionId: alice.sessionId, headers: intruder, transports }),
        (err) => err.message === "authorization failed");
    }
    // Alice is not affected.
    assert.ok(alice.socket.connected);
    const ok = await alice.exchange("still mine");
    assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: still mine"]);
    alice.close();
  });
}

test("someone else cannot restore a disconnected session; its owner can", async () => {
  const alice = await welcomed({ headers: as("alice") });
  alice.close();
  await until(async () => (await sessionState(app.url, alice.sessionId))?.connected === false);
  await assert.rejects(chatClient(app.url, { sessionId: alice.sessionId, headers: as("bob") }),
    (err) => err.message === "authorization failed");
  const back = await chatClient(app.url, { sessionId: alice.sessionId, headers: as("alice") });
  await back.waitFor("clear_call_fn");
  const ok = await back.exchange("back");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: back"]);
  back.close();
});

test("an anonymous session cannot be restored by a logged-in user", async () => {
  const anon = await welcomed();
  await assert.rejects(chatClient(app.url, { sessionId: anon.sessionId, headers: as("bob") }),
    (err) => err.message === "authorization failed");
  anon.close();
});

test("a failed authentication refuses the connection", async () => {
  await assert.rejects(chatClient(app.url, { headers: as("refuse") }),
    (err) => err.message === "authentication failed");
});

test("the session's HTTP routes check the owner", async () => {
  const alice = await welcomed({ headers: as("alice") });
  const bobUpload = await upload(app.url, alice.sessionId, "x.txt", "x", "text/plain", as("bob"));
  assert.equal(bobUpload.status, 401);
  const mine = await upload(app.url, alice.sessionId, "x.txt", "x", "text/plain", as("alice"));
  assert.equal(mine.status, 200);
  const { id } = await mine.json();
  const file = (who) => fetch(`${app.url}/project/file/${id}?session_id=${alice.sessionId}`,
    { headers: as(who) });
  assert.equal((await file("bob")).status, 401);
  assert.equal((await file("alice")).status, 200);
  const action = alice.events.find((e) => e.ev === "action").args[0];
  const post = (who) => fetch(`${app.url}/project/action`, {
    method: "POST",
    headers: { "content-type": "application/json", ...as(who) },
    body: JSON.stringify({ sessionId: alice.sessionId, action }),
  });
  assert.equal((await post("bob")).status, 401);
  assert.ok(!alice.events.some(isOutput("Pong 1")), "bob's click ran nothing");
  assert.equal((await post("alice")).status, 200);
  await alice.waitFor(isOutput("Pong 1"));
  alice.close();
});

test("the owner coming back while the old socket still looks connected replaces it at once", async () => {
  // A new socket.io-client Socket (no pid from the old one) with the same sessionId: the old
  // socket is disconnected by the server now instead of lingering until its ping timeout.
  const first = await welcomed({ headers: as("alice") });
  const second = await chatClient(app.url, { sessionId: first.sessionId, headers: as("alice") });
  await first.waitFor("#disconnect");
  assert.equal(first.events.find((e) => e.ev === "#disconnect").args[0], "io server disconnect");
  assert.ok(second.socket.connected);
  await second.waitFor("clear_call_fn"); // connection_successful's resets are in
  const ok = await second.exchange("still here");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: still here"]);
  second.close();
});
