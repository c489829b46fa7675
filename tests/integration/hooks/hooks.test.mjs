// Chainlit 2.x hooks end to end: on_app_startup and on_app_shutdown around the server's life,
// author_rename on what is shown and stored, and on_feedback in the rater's live chat or, without
// one, in an HTTP context of the rated thread (another user's chat is never reached).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { cleanups, freshDatabase } from "../../support/test_database.mjs";
import { chatClient, until } from "../../node/chat/helpers.mjs";

const hooksApp = resolve(builtBinary("HOOKS_APP", "hooks_app")); // absolute: one test runs it elsewhere

async function startApp() {
  const root = mkdtempSync(join(tmpdir(), "cl_hooks_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "hooks");
  const proc = await startAppProcess(hooksApp, ["serve", "--db", db, "--root", root], { timeoutMs: 60_000 });
  cleanups.push(() => { if (proc.child.exitCode === null) proc.child.kill("SIGKILL"); });
  return { ...proc, root, url: `http://127.0.0.1:${proc.port}` };
}

async function login(app, name) {
  const res = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: name, password: `${name}-password` }),
  });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).filter((c) => !c.endsWith("=")).join("; ");
}

async function api(app, cookie, method, path, body) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json };
}

async function chat(app, cookie) {
  const c = await chatClient(app.url, { headers: { cookie } });
  await c.waitFor("clear_call_fn");
  return c;
}

const dicts = (events, name) => events.filter((e) => e.ev === name).map((e) => e.args[0]);
const threadOf = (c) => c.events.find((e) => e.ev === "first_interaction").args[0].thread_id;

test("on_app_startup has run before the first request, and its background task keeps running", async () => {
  const app = await startApp();
  const first = await (await fetch(`${app.url}/state`)).json();
  assert.equal(first.startup_done, true, "start() returned only after the startup hook");
  await until(async () => (await (await fetch(`${app.url}/state`)).json()).ticks >= 3, 5000,
    "the ticker the hook spawned on the server's executor");
  assert.equal(await app.stop(), 0, app.stderr());
  // on_app_shutdown ran after the drain: it saw every request and the ticker stopped for it.
  const written = readFileSync(join(app.root, "shutdown.txt"), "utf8");
  assert.match(written, /^ticks=some requests=\d+$/);
  assert.ok(Number(written.split("requests=")[1]) >= 2, written);
});

test("an on_app_startup that throws stops the app with one clear line and exit code 1", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_hooks_fail_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const r = spawnSync(hooksApp, ["serve", "--db", freshDatabase(root, "hooks"), "--root", root, "--fail-startup"],
    { cwd: root, encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error: on_app_startup failed: no model configured$/m);
  assert.doesNotMatch(r.stdout + r.stderr, /Your app is available/, "it never served");
});

test("author_rename names what is sent, streamed and stored, once", async () => {
  const app = await startApp();
  const cookie = await login(app, "alice");
  const c = await chat(app, cookie);
  const { events } = await c.exchange("hello");
  const shown = dicts(events, "new_message").filter((d) => d.type === "assistant_message");
  assert.deepEqual(shown.map((d) => [d.output, d.name]),
    [["echo: hello", "Helper"], ["hi from bot", "Renamed bot"]]);
  const streamed = await c.exchange("stream");
  assert.equal(dicts(streamed.events, "stream_start")[0].name, "Helper");
  const final = dicts(streamed.events, "new_message").find((d) => d.output === "a b c");
  assert.equal(final.name, "Helper", "the stream's final send does not rename again");
  c.close();
  const thread = await api(app, cookie, "GET", `/project/thread/${threadOf(c)}`);
  assert.equal(thread.status, 200, thread.text);
  const stored = thread.json.steps.filter((s) => s.type === "assistant_message").map((s) => [s.output, s.name]);
  assert.deepEqual(stored, [["echo: hello", "Helper"], ["hi from bot", "Renamed bot"], ["a b c", "Helper"]]);
  assert.equal(await app.stop(), 0, app.stderr());
});

test("on_feedback runs in the rater's live chat, else in its thread; another user's chat never sees it", async () => {
  const app = await startApp();
  const alice = await login(app, "alice");
  const bob = await login(app, "bob");
  const a = await chat(app, alice);
  const reply = dicts((await a.exchange("rate me")).events, "new_message").find((d) => d.output === "echo: rate me");
  const threadId = threadOf(a);

  // From her open chat: the hook's message reaches her browser.
  let from = a.events.length;
  const live = await api(app, alice, "PUT", "/feedback",
    { feedback: { forId: reply.id, value: 1 }, sessionId: a.sessionId });
  assert.equal(live.status, 200, live.text);
  const said = await a.waitFor((e) => e.ev === "new_message" && e.args[0].output?.startsWith("feedback"), { from });
  assert.equal(said.args[0].output, `feedback 1 on ${reply.id} in ${threadId}`);

  // bob's own chat, rated while he names alice's session: the hook runs in his thread only.
  const b = await chat(app, bob);
  const bobReply = dicts((await b.exchange("bob's")).events, "new_message").find((d) => d.output === "echo: bob's");
  const bobThread = threadOf(b);
  from = a.events.length;
  const crossed = await api(app, bob, "PUT", "/feedback",
    { feedback: { forId: bobReply.id, value: 0 }, sessionId: a.sessionId });
  assert.equal(crossed.status, 200, crossed.text);
  const bobSteps = async () => (await api(app, bob, "GET", `/project/thread/${bobThread}`)).json.steps;
  await until(async () => (await bobSteps()).some((s) => s.output === `feedback 0 on ${bobReply.id} in ${bobThread}`),
    5000, "the hook's message stored in bob's thread");
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(a.names(from), [], "alice's chat got nothing from bob's rating");
  // And bob cannot rate alice's message at all (the hook does not run for a refused rating).
  const refused = await api(app, bob, "PUT", "/feedback",
    { feedback: { forId: reply.id, value: 0 }, sessionId: a.sessionId });
  assert.equal(refused.status, 401, refused.text);

  // A hook that throws is logged; the rating is stored and answered as a success.
  const boom = await api(app, alice, "PUT", "/feedback",
    { feedback: { forId: reply.id, value: 0, comment: "boom", id: live.json.feedbackId }, sessionId: a.sessionId });
  assert.equal(boom.status, 200, boom.text);
  const stored = (await api(app, alice, "GET", `/project/thread/${threadId}`)).json.steps.find((s) => s.id === reply.id);
  assert.equal(stored.feedback.value, 0);
  assert.equal(stored.feedback.comment, "boom");
  await until(() => app.stderr().includes("on_feedback failed: the feedback hook failed on purpose"), 5000, "the log line");
  a.close();
  b.close();
  assert.equal(await app.stop(), 0, app.stderr());
});
