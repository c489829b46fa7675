// Issue 5's durability promise, against a real server process (durability_app) and real
// socket.io-client sockets:
// - "Once the client has received the task_end of a message, that message and its steps are
//   durable": a run of up to DURABILITY_MESSAGES (10,000) messages over a few sessions, the
//   server killed with SIGKILL after a seeded random number of task_ends, restarted on the same
//   database; every acknowledged message, its run step and its reply are in the thread, and the
//   database passes its integrity check.
// - Element files survive a restart and are served only to their thread's author.
// DURABILITY_DB=sqlite (default) or postgres (a server from scripts/pg_test_server, or the URL
// in CHAINLIT_TEST_PG_URL). DURABILITY_SEED fixes the kill point.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { cleanups, durabilityApp, freshDatabase, io, startApp } from "./durability_app.mjs";

const total = Number(process.env.DURABILITY_MESSAGES ?? 10000);
const sessions = 4;
const seed = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const sendPhaseMs = 150_000; // the kill happens by then at the latest, whatever the count

/// mulberry32: a small seeded generator, so that a failing kill point can be replayed.
function rng(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// A Chainlit client socket logged in with `token` (the auth cookie), resuming `threadId` if given.
function connect(app, token, threadId = "") {
  const socket = io(app.origin, {
    path: "/ws/socket.io", forceNew: true, reconnection: false, transports: ["websocket"],
    extraHeaders: { Cookie: `access_token=${token}` },
    auth: { clientType: "webapp", sessionId: randomUUID(), threadId, userEnv: "{}", chatProfile: "" },
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("connect timed out")), 10_000);
    socket.once("connect", () => { clearTimeout(t); socket.emit("connection_successful"); resolve(socket); });
    socket.once("connect_error", (e) => { clearTimeout(t); socket.close(); reject(e); });
  });
}

function userMessage(output) {
  return { id: randomUUID(), name: "User", type: "user_message", output, createdAt: new Date().toISOString() };
}

/// Sends `output` and resolves with the message once its reply and then a task_end arrived;
/// rejects when the socket drops or after 20 s.
function exchange(socket, output) {
  const message = userMessage(output);
  return new Promise((resolve, reject) => {
    let replied = false;
    const onNew = (m) => { if (m?.output === `ok ${message.id}`) replied = true; };
    const onEnd = () => { if (replied) done(null, message); };
    const onDrop = () => done(new Error("disconnected"));
    const t = setTimeout(() => done(new Error("no task_end within 20 s")), 20_000);
    function done(err, v) {
      clearTimeout(t);
      socket.off("new_message", onNew); socket.off("task_end", onEnd); socket.off("disconnect", onDrop);
      err ? reject(err) : resolve(v);
    }
    socket.on("new_message", onNew);
    socket.on("task_end", onEnd);
    socket.once("disconnect", onDrop);
    socket.emit("client_message", { message, fileReferences: [] });
  });
}

async function getJson(app, path, token) {
  const r = await fetch(`${app.origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: r.status === 200 ? await r.json() : await r.text() };
}

test(`every message whose task_end the client saw survives kill -9 (${total} messages, seed ${seed})`, async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_durability_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "durability");
  const random = rng(seed);
  const killAfter = Math.floor(total * (0.2 + 0.6 * random())); // somewhere in the middle
  let app = await startApp(db, root);

  const acked = []; // {threadId, id}
  let killed = null;
  const deadline = Date.now() + sendPhaseMs;
  const killNow = () => { if (!killed) killed = app.kill9(); return killed; };
  const run = async (quota) => {
    const socket = await connect(app, app.tokens.author);
    let threadId = "";
    socket.on("first_interaction", (fi) => { threadId = fi.thread_id; });
    try {
      for (let i = 0; i < quota && !killed; ++i) {
        const m = await exchange(socket, `message ${i}`);
        acked.push({ threadId, id: m.id });
        if (acked.length >= killAfter || Date.now() > deadline) killNow();
      }
    } catch (e) {
      if (!killed) throw e; // after the kill, a message in flight is simply not acknowledged
    } finally {
      socket.close();
    }
  };
  await Promise.all(Array.from({ length: sessions }, () => run(Math.ceil(total / sessions))));
  const exit = await killNow();
  assert.equal(exit.signal, "SIGKILL", "the server was killed, not ended");
  assert.ok(acked.length > 0 && acked.length < total, `killed in the middle: ${acked.length} of ${total}`);
  console.log(`seed ${seed}: killed after ${acked.length} task_ends (target ${killAfter})`);

  app = await startApp(db, root);
  const byThread = new Map();
  for (const a of acked) {
    assert.ok(a.threadId, "first_interaction gave the thread id");
    if (!byThread.has(a.threadId)) byThread.set(a.threadId, []);
    byThread.get(a.threadId).push(a.id);
  }
  let checked = 0;
  for (const [tid, ids] of byThread) {
    const { status, body } = await getJson(app, `/project/thread/${tid}`, app.tokens.author);
    assert.equal(status, 200, `thread ${tid}: ${body}`);
    const steps = new Map(body.steps.map((s) => [s.id, s]));
    const runs = new Set(body.steps.filter((s) => s.type === "run").map((s) => s.parentId));
    const replies = new Set(body.steps.filter((s) => s.type === "assistant_message").map((s) => s.output));
    for (const id of ids) {
      assert.equal(steps.get(id)?.type, "user_message", `message ${id} is stored`);
      assert.ok(runs.has(id), `the run step of ${id} is stored`);
      assert.ok(replies.has(`ok ${id}`), `the reply to ${id} is stored`);
      ++checked;
    }
  }
  assert.equal(checked, acked.length);
  await app.stop();

  const r = spawnSync(durabilityApp, ["integrity", "--db", db], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `integrity check: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /INTEGRITY OK/);
});

test("an element's file survives a restart and is served only to its thread's author", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_elements_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "durability");
  let app = await startApp(db, root);
  const socket = await connect(app, app.tokens.author);
  let threadId = "";
  let sent = null;
  socket.on("first_interaction", (fi) => { threadId = fi.thread_id; });
  socket.on("element", (e) => { sent = e; });
  const m = await exchange(socket, "element");
  socket.close();
  const bytes = `element bytes for ${m.id}`;
  assert.ok(threadId && sent?.chainlitKey, "the element went out with a session file");
  // A crash right after task_end: the element's bytes must be durable too.
  await app.kill9();

  app = await startApp(db, root);
  const thread = await getJson(app, `/project/thread/${threadId}`, app.tokens.author);
  assert.equal(thread.status, 200, String(thread.body));
  const stored = thread.body.elements.find((e) => e.id === sent.id);
  assert.ok(stored, "the element row is in the thread");
  assert.equal(stored.objectKey, `threads/${threadId}/files/${sent.id}`);
  assert.ok(stored.url, "a stored element gets the URL of its bytes");

  const asAuthor = await fetch(`${app.origin}${stored.url}`, { headers: { Authorization: `Bearer ${app.tokens.author}` } });
  assert.equal(asAuthor.status, 200);
  assert.equal(await asAuthor.text(), bytes);
  assert.match(asAuthor.headers.get("content-type"), /^text\/plain/);
  assert.equal(asAuthor.headers.get("x-content-type-options"), "nosniff");
  const viaCookie = await fetch(`${app.origin}${stored.url}`, { headers: { Cookie: `access_token=${app.tokens.author}` } });
  assert.equal(viaCookie.status, 200, "the browser's way: the auth cookie");
  const asOther = await fetch(`${app.origin}${stored.url}`, { headers: { Authorization: `Bearer ${app.tokens.other}` } });
  assert.ok([401, 403, 404].includes(asOther.status), `another user gets ${asOther.status}`);
  assert.doesNotMatch(await asOther.text(), /element bytes/);
  const anonymous = await fetch(`${app.origin}${stored.url}`);
  assert.equal(anonymous.status, 401);
  const elementRoute = await getJson(app, `/project/thread/${threadId}/element/${sent.id}`, app.tokens.author);
  assert.equal(elementRoute.status, 200);
  assert.equal(elementRoute.body.url, stored.url);

  // Resume over the socket: the resumed thread's element points at the same bytes.
  const resumed = await connect(app, app.tokens.author, threadId);
  const wire = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("no resume_thread within 10 s")), 10_000);
    resumed.once("resume_thread", (th) => { clearTimeout(t); resolve(th); });
  });
  resumed.close();
  const again = wire.elements.find((e) => e.id === sent.id);
  assert.equal(again?.url, stored.url);
  const r = await fetch(`${app.origin}${again.url}`, { headers: { Cookie: `access_token=${app.tokens.author}` } });
  assert.equal(await r.text(), bytes);

  // Deleting the thread deletes its stored files.
  const del = await fetch(`${app.origin}/project/thread`, {
    method: "DELETE", body: JSON.stringify({ threadId }),
    headers: { Authorization: `Bearer ${app.tokens.author}`, "Content-Type": "application/json" },
  });
  assert.equal(del.status, 200);
  assert.ok(!existsSync(join(root, ".chainlit", "files", "threads", threadId)), "the thread's files are gone");
  await app.stop();
});
