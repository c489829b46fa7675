// The fuzz-style ownership test (docs/SECURITY.md): bob sends alice's ids, picked at random,
// into every id field of every socket event and HTTP route that takes one; afterwards alice's
// thread and history read back byte for byte the same. Bounded: ITERATIONS calls. The seed is
// printed; SECURITY_FUZZ_SEED=<n> replays a run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  aliceWorld, api, assertAliceUnchanged, chat, exchangeRaw, forgedMessage, login, snapshot,
  startApp,
} from "./harness.mjs";

const ITERATIONS = 150;
const seed = Number(process.env.SECURITY_FUZZ_SEED ?? Date.now() % 2 ** 31);

// mulberry32: small, seedable, good enough to pick cases.
function rng(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let app, alice, bob, bobChat, bobStep;
before(async () => {
  app = await startApp();
  alice = await aliceWorld(app);
  bob = await login(app, "bob");
  bobChat = await chat(app, bob);
  await bobChat.waitFor("task_end");
  await bobChat.exchange("bob's own");
  const bobThread = bobChat.events.find((e) => e.ev === "first_interaction").args[0].thread_id;
  bobStep = JSON.parse(await snapshot(app, bob, bobThread)).steps[0].id;
});
after(() => {
  bobChat?.close();
  alice?.chat.close();
});

/// One way to send an id, as bob. Each returns once the server has answered or handled it.
const ops = {
  "client_message id": (id) => exchangeRaw(bobChat, forgedMessage({ id, output: "x" })),
  "client_message empty output": (id) => exchangeRaw(bobChat, forgedMessage({ id, output: "" })),
  "client_message parentId": (id) => exchangeRaw(bobChat, forgedMessage({ parentId: id })),
  "client_message fileReferences": (id) => exchangeRaw(bobChat, forgedMessage({}), [{ id }]),
  "edit_message id": async (id) => {
    bobChat.socket.emit("edit_message", { message: { id, output: "edited" } });
  },
  "feedback forId": (id) => api(app, bob, "PUT", "/feedback", { feedback: { forId: id, value: 0 } }),
  "feedback id": (id) => api(app, bob, "PUT", "/feedback", { feedback: { forId: bobStep, value: 0, id } }),
  "feedback id and forId": (id) =>
    api(app, bob, "PUT", "/feedback", { feedback: { forId: id, value: 0, id: alice.feedbackId } }),
  "feedback threadId": (id) =>
    api(app, bob, "PUT", "/feedback", { feedback: { forId: alice.replies[0], value: 0, threadId: id } }),
  "delete feedback": (id) => api(app, bob, "DELETE", "/feedback", { feedbackId: id }),
  "action sessionId": (id) => api(app, bob, "POST", "/project/action", { sessionId: id, action: alice.actions[0] }),
  "action id": (id) => api(app, bob, "POST", "/project/action",
    { sessionId: bobChat.sessionId, action: { id, name: "act", forId: id, payload: {} } }),
  "get thread": (id) => api(app, bob, "GET", `/project/thread/${id}`),
  "rename thread": (id) => api(app, bob, "PUT", "/project/thread", { threadId: id, name: "bob's" }),
  "delete thread": (id) => api(app, bob, "DELETE", "/project/thread", { threadId: id }),
  "share thread": (id) => api(app, bob, "PUT", "/project/thread/share", { threadId: id, isShared: false }),
  "element": (id) => api(app, bob, "GET", `/project/thread/${alice.threadId}/element/${id}`),
  "element file": (id) => api(app, bob, "GET", `/project/thread/${id}/element/${id}/file`),
  "session file": (id) => api(app, bob, "GET", `/project/file/${id}?session_id=${id}`),
  "notify thread": (id) => api(app, bob, "POST", `/notify?thread=${id}`),
  "connect threadId": (id) => connectOnce({ auth: { threadId: id } }),
  "connect sessionId": (id) => connectOnce({ sessionId: id }),
  "connect pid": (id) => connectOnce({ auth: { pid: id, offset: "0" } }),
};

async function connectOnce(opts) {
  try {
    const c = await chat(app, bob, opts);
    await c.waitFor("task_end").catch(() => {});
    c.close();
  } catch {
    // refused: that is one of the right answers
  }
}

test(`bob's ${ITERATIONS} random calls with alice's ids change nothing of hers (seed ${seed})`,
  { timeout: 240_000 }, async () => {
    console.log(`security fuzz seed: ${seed} (SECURITY_FUZZ_SEED=${seed} replays it)`);
    const ids = [alice.threadId, ...alice.stepIds, alice.feedbackId, ...alice.elementIds,
      ...alice.actions.map((a) => a.id), alice.chat.sessionId, alice.chat.socket._pid]
      .filter(Boolean);
    const names = Object.keys(ops);
    const next = rng(seed);
    const tried = new Map();
    for (let i = 0; i < ITERATIONS; i++) {
      const name = names[Math.floor(next() * names.length)];
      const id = ids[Math.floor(next() * ids.length)];
      await ops[name](id);
      tried.set(name, (tried.get(name) ?? 0) + 1);
    }
    await bobChat.exchange("marker"); // every event bob sent before is handled
    assert.ok(alice.chat.socket.connected, "alice is still connected");
    await assertAliceUnchanged(app, alice, `${ITERATIONS} random calls (seed ${seed})`);
    console.log(`calls per input: ${JSON.stringify(Object.fromEntries(tried))}`);
  });

test("the app stops cleanly afterwards", async () => {
  bobChat.close();
  alice.chat.close();
  assert.equal(await app.stop(), 0);
});
