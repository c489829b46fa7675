// Issue 12 findings 1 and 2, and every other id-bearing input of docs/SECURITY.md: bob, logged
// in, names alice's ids (he can read them from her shared thread) in feedback, client
// messages, edits, ask answers, uploads, actions and a custom endpoint. Each attempt is refused
// and alice's thread reads back byte for byte the same. Positive controls show that the same
// calls work on the caller's own data, so the refusals are not just broken routes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  aliceWorld, api, assertAliceUnchanged, chat, errorOf, exchangeRaw, forgedMessage, login,
  snapshot, startApp, uuid,
} from "./harness.mjs";

let app, alice, bob, bobChat, bobThread;

before(async () => {
  app = await startApp();
  alice = await aliceWorld(app);
  bob = await login(app, "bob");
  bobChat = await chat(app, bob);
  await bobChat.waitFor("task_end");
  const own = await bobChat.exchange("bob's own message");
  bobThread = bobChat.events.find((e) => e.ev === "first_interaction").args[0].thread_id;
  assert.ok(own.events.some((e) => e.ev === "new_message" && e.args[0].output === "echo: bob's own message"));
});
after(() => {
  bobChat?.close();
  alice?.chat.close();
});

test("bob can read alice's shared thread, so he knows her ids (the attack's premise)", async () => {
  const shared = await api(app, bob, "GET", `/project/share/${alice.threadId}`);
  assert.equal(shared.status, 200);
  for (const id of alice.userMessages) assert.ok(shared.text.includes(id));
});

test("finding 1: feedback on, over or off alice's steps is refused", async () => {
  const bobStep = JSON.parse(await snapshot(app, bob, bobThread)).steps
    .find((s) => s.output?.startsWith("echo:")).id;
  const attempts = [
    { forId: alice.replies[0], value: 0, comment: "bob was here" },
    { forId: alice.replies[1], value: 0, comment: "bob", threadId: bobThread },
    { forId: alice.replies[1], value: 0, comment: "bob", threadId: alice.threadId },
    { forId: alice.replies[0], value: 0, comment: "bob", id: alice.feedbackId },
    { forId: bobStep, value: 0, comment: "bob", id: alice.feedbackId },
  ];
  for (const feedback of attempts) {
    const r = await api(app, bob, "PUT", "/feedback", { feedback });
    assert.ok([401, 409].includes(r.status), `${JSON.stringify(feedback)} -> ${r.status} ${r.text}`);
    assert.equal(typeof r.json?.detail, "string");
  }
  const del = await api(app, bob, "DELETE", "/feedback", { feedbackId: alice.feedbackId });
  assert.equal(del.status, 401, del.text);
  await assertAliceUnchanged(app, alice, "bob's feedback attempts");

  // Control: the same calls work on bob's own step.
  const mine = await api(app, bob, "PUT", "/feedback", { feedback: { forId: bobStep, value: 1 } });
  assert.equal(mine.status, 200, mine.text);
  const again = await api(app, bob, "PUT", "/feedback",
    { feedback: { forId: bobStep, value: 0, id: mine.json.feedbackId } });
  assert.equal(again.status, 200, again.text);
  assert.equal((await api(app, bob, "DELETE", "/feedback", { feedbackId: mine.json.feedbackId })).status, 200);
});

test("finding 2: a client_message with alice's step id is refused and nothing moves", async () => {
  for (const output of ["", "bob's new text"]) {
    const events = await exchangeRaw(bobChat, forgedMessage({ id: alice.userMessages[0], output }));
    const error = errorOf(events);
    assert.ok(error, `an error message for output ${JSON.stringify(output)}`);
    assert.match(error.output, /already in use/);
    assert.ok(!events.some((e) => e.args[0]?.output?.startsWith?.("echo:")), "on_message did not run");
  }
  await assertAliceUnchanged(app, alice, "client_message with her id");
  const bobs = await snapshot(app, bob, bobThread);
  for (const id of alice.stepIds) assert.ok(!bobs.includes(id), `bob's thread shows ${id}`);
  assert.ok(!bobs.includes("alice's first secret"));
});

test("a parentId in alice's thread is refused", async () => {
  const events = await exchangeRaw(bobChat, forgedMessage({ parentId: alice.replies[0], output: "child" }));
  assert.match(errorOf(events)?.output ?? "", /parent/);
  await assertAliceUnchanged(app, alice, "client_message with her parent id");
});

test("edit_message of alice's message does nothing", async () => {
  const from = bobChat.events.length;
  bobChat.socket.emit("edit_message", { message: { id: alice.userMessages[0], output: "edited" } });
  // A marker exchange: once it is handled, the edit (handled before it, in order) is done.
  await bobChat.exchange("marker after edit");
  assert.ok(!bobChat.events.slice(from).some((e) => e.ev === "delete_message"));
  await assertAliceUnchanged(app, alice, "edit_message of her message");
});

test("an ask answer with alice's step id is stored under a fresh id", async () => {
  const from = bobChat.events.length;
  bobChat.send("ask");
  const ask = await bobChat.waitFor("ask", { from });
  const reply = ask.args[ask.args.length - 1];
  reply({ ...forgedMessage({ id: alice.userMessages[1], output: "hijack" }) });
  const answered = await bobChat.waitFor(
    (e) => e.ev === "new_message" && e.args[0].output === "answered: hijack", { from });
  await bobChat.waitFor("task_end", { from: answered.index });
  await assertAliceUnchanged(app, alice, "ask answer with her id");
  const bobs = JSON.parse(await snapshot(app, bob, bobThread));
  assert.ok(bobs.steps.some((s) => s.output === "hijack" && !alice.stepIds.includes(s.id)));
});

test("fileReferences naming alice's element ids are ignored", async () => {
  const refs = alice.elementIds.map((id) => ({ id }));
  const events = await exchangeRaw(bobChat, forgedMessage({ output: "files?" }), refs);
  const attached = events.filter((e) => e.ev === "element" && refs.some((r) => r.id === e.args[0].chainlitKey));
  assert.equal(attached.length, 0);
  await assertAliceUnchanged(app, alice, "fileReferences of her elements");
});

test("/project/action runs only the caller's own session's actions", async () => {
  const her = alice.actions[0];
  const bobSession = bobChat.sessionId;
  const foreign = await api(app, bob, "POST", "/project/action", { sessionId: bobSession, action: her });
  assert.equal(foreign.status, 404, foreign.text);
  const inHers = await api(app, bob, "POST", "/project/action", { sessionId: alice.chat.sessionId, action: her });
  assert.equal(inHers.status, 401, inHers.text);
  await assertAliceUnchanged(app, alice, "her actions clicked by bob");
  // Control: bob's own button works.
  const mine = bobChat.events.find((e) => e.ev === "action").args[0];
  const ok = await api(app, bob, "POST", "/project/action", { sessionId: bobSession, action: mine });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { success: true, response: { ok: true } });
});

test("a custom endpoint cannot write into alice's thread for bob (HTTP context)", async () => {
  const r = await api(app, bob, "POST", `/notify?thread=${alice.threadId}`);
  assert.equal(r.status, 403, r.text);
  assert.match(r.json.detail, /another user/);
  await assertAliceUnchanged(app, alice, "/notify into her thread");
  // Control: alice writes into her own thread, and bob into a new one.
  const own = await api(app, alice.cookie, "POST", `/notify?thread=${alice.threadId}`);
  assert.equal(own.status, 200, own.text);
  const fresh = uuid();
  assert.equal((await api(app, bob, "POST", `/notify?thread=${fresh}`)).status, 200);
  assert.ok((await snapshot(app, bob, fresh)).includes("note from bob"));
  alice.before = await snapshot(app, alice.cookie, alice.threadId); // her own note is in it now
});

test("connecting with alice's thread id is refused", async () => {
  await assert.rejects(chat(app, bob, { auth: { threadId: alice.threadId } }),
    (err) => err.message === "authorization failed");
  await assertAliceUnchanged(app, alice, "a connect naming her thread");
});

test("thread routes with alice's thread id are refused", async () => {
  for (const [method, path, body] of [
    ["GET", `/project/thread/${alice.threadId}`],
    ["PUT", "/project/thread", { threadId: alice.threadId, name: "bob's now" }],
    ["PUT", "/project/thread/share", { threadId: alice.threadId, isShared: false }],
    ["DELETE", "/project/thread", { threadId: alice.threadId }],
    ["GET", `/project/thread/${alice.threadId}/element/${alice.elementIds[0]}`],
  ]) {
    const r = await api(app, bob, method, path, body);
    assert.equal(r.status, 401, `${method} ${path}: ${r.status} ${r.text}`);
  }
  await assertAliceUnchanged(app, alice, "thread routes");
});

test("the app stops cleanly afterwards", async () => {
  bobChat.close();
  alice.chat.close();
  assert.equal(await app.stop(), 0);
});
