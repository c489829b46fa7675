// The attacker's harness (docs/SECURITY.md): security_app as a real process on a fresh SQLite or
// PostgreSQL database (DURABILITY_DB), users logged in through POST /login, socket.io-client
// chats carrying their login cookie, and snapshots of a thread as its owner reads it, so that a
// test can say "byte for byte the same".
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { cleanups, freshDatabase } from "../../support/test_database.mjs";
import { chatClient, randomUUID, until, userMessage } from "../../node/chat/helpers.mjs";

export { chatClient, cleanups, randomUUID, until, userMessage };
export const securityApp = builtBinary("SECURITY_APP", "security_app");

/// Starts security_app on a fresh database, or on `reuse`'s (an app started before, now
/// stopped); `args` are extra serve flags (--creates-users).
export async function startApp(args = [], reuse) {
  let { root, db } = reuse ?? {};
  if (!root) {
    root = mkdtempSync(join(tmpdir(), "cl_security_"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    db = freshDatabase(root, "security");
  }
  const proc = await startAppProcess(securityApp, ["serve", "--db", db, "--root", root, ...args],
    { timeoutMs: 60_000 });
  cleanups.push(() => { if (proc.child.exitCode === null) proc.child.kill("SIGKILL"); });
  const url = `http://127.0.0.1:${proc.port}`;
  return { ...proc, url, db, root };
}

/// A JWT for `identifier` signed with the app's secret, dated `iatOffset` seconds from now.
export function token(identifier, iatOffset = 0) {
  const r = spawnSync(securityApp, ["token", "--identifier", identifier, "--iat-offset", String(iatOffset)],
    { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/// Removes a user with the data layer, as `user remove` does.
export function removeUser(app, name) {
  const r = spawnSync(securityApp, ["remove-user", "--db", app.db, name], { encoding: "utf8" });
  assert.equal(r.status, 0, `remove-user ${name}: ${r.stderr}`);
}

/// The auth cookies a response sets, as one Cookie header ("" if none).
export function cookiesOf(res) {
  return res.headers.getSetCookie().map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("=")).join("; ");
}

/// Logs `name` in through POST /login (the password form); returns the Cookie header.
export async function login(app, name) {
  const res = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: name, password: `${name}-password` }),
  });
  assert.equal(res.status, 200, `login ${name}: ${await res.text()}`);
  const cookie = cookiesOf(res);
  assert.match(cookie, /access_token/);
  return cookie;
}

/// fetch with the caller's cookie and a JSON body; resolves with {status, text, json}.
export async function api(app, cookie, method, path, body) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json, headers: res.headers };
}

/// The thread as its owner reads it: the raw body of GET /project/thread/<id> (what "byte for
/// byte the same" compares), and the parsed thread.
export async function snapshot(app, ownerCookie, threadId) {
  const r = await api(app, ownerCookie, "GET", `/project/thread/${threadId}`);
  assert.equal(r.status, 200, `thread ${threadId}: ${r.text}`);
  return r.text;
}

/// The thread ids a user's history lists (POST /project/threads), as JSON text.
export async function history(app, cookie) {
  const r = await api(app, cookie, "POST", "/project/threads", { pagination: { first: 50 }, filter: {} });
  assert.equal(r.status, 200, r.text);
  return JSON.stringify(r.json.data.map((t) => [t.id, t.name]));
}

/// A logged-in user's chat over socket.io-client; `auth` overrides CONNECT auth fields.
export async function chat(app, cookie, { auth, transports, sessionId, reconnection } = {}) {
  return chatClient(app.url, { headers: { cookie }, auth, transports, sessionId, reconnection });
}

/// Sends `message` (a client_message payload's message) and waits for its task_end.
export async function exchangeRaw(c, message, fileReferences = []) {
  const from = c.events.length;
  c.socket.emit("client_message", { message, fileReferences });
  await c.waitFor("task_start", { from });
  const end = await c.waitFor("task_end", { from });
  return c.events.slice(from, end.index + 1);
}

/// alice's world: her chat with two exchanges (persisted), shared, with a feedback on her
/// first reply. Returns her cookie, chat client, thread id, step ids (user messages, replies,
/// all), the feedback id, element and action ids, and the snapshot to compare against.
export async function aliceWorld(app) {
  const cookie = await login(app, "alice");
  const c = await chat(app, cookie);
  await c.waitFor("task_end");
  const first = await c.exchange("alice's first secret");
  const second = await c.exchange("alice's second secret");
  const threadId = c.events.find((e) => e.ev === "first_interaction").args[0].thread_id;
  const replies = [first, second].map((x) => x.events.find((e) => e.ev === "new_message" &&
    e.args[0].output?.startsWith("echo:")).args[0].id);
  const actions = c.events.filter((e) => e.ev === "action").map((e) => e.args[0]);
  const elements = c.events.filter((e) => e.ev === "element").map((e) => e.args[0]);
  const fb = await api(app, cookie, "PUT", "/feedback",
    { feedback: { forId: replies[0], value: 1, comment: "alice likes it" } });
  assert.equal(fb.status, 200, fb.text);
  const shared = await api(app, cookie, "PUT", "/project/thread/share", { threadId, isShared: true });
  assert.equal(shared.status, 200, shared.text);
  const thread = JSON.parse(await snapshot(app, cookie, threadId));
  return {
    cookie, chat: c, threadId,
    userMessages: [first.message.id, second.message.id],
    replies,
    stepIds: thread.steps.map((s) => s.id),
    feedbackId: fb.json.feedbackId,
    actions,
    elementIds: elements.map((e) => e.id),
    before: await snapshot(app, cookie, threadId),
    historyBefore: await history(app, cookie),
  };
}

/// Asserts that alice's thread and history read back exactly as `world` recorded them.
export async function assertAliceUnchanged(app, world, what) {
  assert.equal(await snapshot(app, world.cookie, world.threadId), world.before,
    `alice's thread changed after: ${what}`);
  assert.equal(await history(app, world.cookie), world.historyBefore,
    `alice's history changed after: ${what}`);
}

/// The error message of a refused client message (new_message with isError), or undefined.
export const errorOf = (events) => events.find((e) => e.ev === "new_message" && e.args[0].isError)?.args[0];

/// A user message as the react-client builds it, with `id` and other fields overridden.
export const forgedMessage = (fields) => userMessage(fields.output ?? "hi", fields);

export { randomUUID as uuid };
