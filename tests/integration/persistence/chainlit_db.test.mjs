// Issue 15 item 10: a database that Chainlit's official PostgreSQL data layer created and
// filled works as is. The test loads the official schema (chainlit_db/official_schema.sql) and
// two users' chats written by that layer's conventions (chainlit_db/official_data.sql) into a
// fresh database, then points durability_app at it and checks, through the real HTTP routes
// and socket.io-client:
// - the history list, the thread read (steps in order, elements typed from their metadata,
//   feedback) and the resume (the user session comes back from the thread's metadata);
// - that new writes land in the official tables in a shape the official layer reads
//   (startTime/endTime set, enum types, one feedback row per step);
// - that the official tables' columns are left as they were (only side tables and indexes
//   are added);
// - that the other user's thread stays byte for byte the same whatever the first user tries.
// PostgreSQL only (CMake sets DURABILITY_DB=postgres): the official layer is PostgreSQL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { freshDatabase, io, startApp } from "./durability_app.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "chainlit_db");
const lisbon = "aaaaaaaa-0000-4000-8000-000000000001";
const secret = "bbbbbbbb-0000-4000-8000-000000000001";
const step = (n) => `a1000000-0000-4000-8000-00000000000${n}`;
const secretAnswer = "b1000000-0000-4000-8000-000000000002";
const secretFeedback = "f1000000-0000-4000-8000-000000000002";

/// Runs `sql` (or the file `file`) with psql; returns the unaligned output's lines.
function psql(db, { sql, file }) {
  const args = [db, "-X", "-At", "-v", "ON_ERROR_STOP=1", ...(file ? ["-f", file] : ["-c", sql])];
  const r = spawnSync("psql", args, { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, `psql failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l !== "");
}

/// The official tables' columns, as information_schema has them.
function officialColumns(db) {
  return psql(db, {
    sql: `SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' ||
                 coalesce(column_default, '')
          FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN ('User', 'Thread', 'Step', 'Element', 'Feedback')
          ORDER BY table_name, ordinal_position`,
  });
}

/// Every row of thread `id` and of its user, steps, elements and feedback, as JSON text.
function threadRows(db, id) {
  return psql(db, {
    sql: `SELECT row_to_json(t)::text FROM "Thread" t WHERE id = '${id}'
          UNION ALL SELECT row_to_json(u)::text FROM "User" u
            WHERE id = (SELECT "userId" FROM "Thread" WHERE id = '${id}')
          UNION ALL SELECT * FROM (SELECT row_to_json(s)::text FROM "Step" s
            WHERE "threadId" = '${id}' ORDER BY id) s
          UNION ALL SELECT * FROM (SELECT row_to_json(e)::text FROM "Element" e
            WHERE "threadId" = '${id}' ORDER BY id) e
          UNION ALL SELECT * FROM (SELECT row_to_json(f)::text FROM "Feedback" f
            WHERE "stepId" IN (SELECT id FROM "Step" WHERE "threadId" = '${id}') ORDER BY id) f`,
  });
}

async function api(app, token, method, path, body) {
  const r = await fetch(`${app.origin}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}

/// A Chainlit socket of the user `token`, resuming `threadId`; resolves once connected, with
/// the events it got so far kept in `events` (and every later one).
function connect(app, token, threadId) {
  const socket = io(app.origin, {
    path: "/ws/socket.io", forceNew: true, reconnection: false, transports: ["websocket"],
    extraHeaders: { Cookie: `access_token=${token}` },
    auth: { clientType: "webapp", sessionId: randomUUID(), threadId, userEnv: "{}", chatProfile: "" },
  });
  socket.events = [];
  socket.onAny((event, payload) => socket.events.push({ event, payload }));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("connect timed out")), 10_000);
    socket.once("connect", () => { clearTimeout(t); socket.emit("connection_successful"); resolve(socket); });
    socket.once("connect_error", (e) => { clearTimeout(t); socket.close(); resolve(Object.assign(socket, { refused: e })); });
  });
}

/// Resolves with the first event `event` whose payload satisfies `match`, seen or to come.
function waitFor(socket, event, match = () => true, ms = 10_000) {
  const seen = socket.events.find((e) => e.event === event && match(e.payload));
  if (seen) return Promise.resolve(seen.payload);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.offAny(on); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const on = (ev, payload) => {
      if (ev === event && match(payload)) { clearTimeout(t); socket.offAny(on); resolve(payload); }
    };
    socket.onAny(on);
  });
}

async function until(what, check, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a database of Chainlit's official data layer works as is: history, resume, feedback, writes", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_official_"));
  const db = freshDatabase(root, "official");
  psql(db, { file: join(fixtures, "official_schema.sql") });
  psql(db, { file: join(fixtures, "official_data.sql") });
  const columnsBefore = officialColumns(db);

  const app = await startApp(db, root);
  const { author, other } = app.tokens;
  // Taken after the start: durability_app logs both users in once at start-up (create_user,
  // which refreshes the User row as Chainlit's login does).
  const secretBefore = threadRows(db, secret);
  assert.equal(secretBefore.length, 5, "the other user's thread, user, 2 steps and feedback");

  // The schema is adopted, not changed: same columns; chainlit-cpp's own tables beside them.
  assert.deepEqual(officialColumns(db), columnsBefore);
  assert.ok(psql(db, { sql: `SELECT to_regclass('"ChainlitCppStep"') IS NOT NULL` })[0] === "t");

  // History: the author's thread only, with its name.
  const list = await api(app, author, "POST", "/project/threads",
    { pagination: { first: 20, cursor: null }, filter: {} });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.data.map((t) => [t.id, t.name]), [[lisbon, "Trip to Lisbon"]]);
  assert.equal(list.json.data[0].userIdentifier, "author");
  assert.deepEqual(list.json.data[0].tags, ["travel"]);
  const search = await api(app, author, "POST", "/project/threads",
    { pagination: { first: 20 }, filter: { search: "Lisbon" } });
  assert.equal(search.status, 200, search.text);
  assert.ok(search.json.data.some((t) => t.id === lisbon), "search finds the thread by its step text");

  // The thread read: steps in the order the official layer wrote them (by startTime), the
  // answer's feedback, the elements typed from their metadata.
  const read = await api(app, author, "GET", `/project/thread/${lisbon}`);
  assert.equal(read.status, 200, read.text);
  const thread = read.json;
  assert.deepEqual(thread.steps.map((s) => s.id), [1, 2, 3, 4, 5, 6, 7].map(step));
  assert.deepEqual(thread.steps.map((s) => s.type),
    ["user_message", "run", "tool", "assistant_message", "user_message", "run", "assistant_message"]);
  assert.equal(thread.steps[0].output, "Plan two days in Lisbon");
  assert.equal(thread.steps[2].parentId, step(2));
  assert.equal(thread.steps[2].input, '{"city": "Lisbon"}');
  assert.equal(thread.steps[3].output, "Day 1: Alfama. Day 2: Belem.");
  assert.equal(thread.steps[3].feedback.value, 1);
  assert.equal(thread.steps[3].feedback.comment, "Very useful");
  assert.equal(thread.steps[3].feedback.id, "f1000000-0000-4000-8000-000000000001");
  for (const s of thread.steps) assert.ok(s.createdAt && s.start && s.end, `step ${s.id} has its times`);
  const elements = Object.fromEntries(thread.elements.map((e) => [e.name, e]));
  assert.equal(elements.map.type, "image");
  assert.equal(elements.map.display, "inline");
  assert.equal(elements.map.size, "medium");
  assert.equal(elements.map.url, "http://127.0.0.1:9/lisbon-map.png");
  assert.equal(elements.map.forId, step(4));
  assert.equal(elements.guide.type, "pdf");
  assert.equal(elements.guide.display, "side");
  assert.equal(elements.guide.page, 2);

  // Feedback: the rating the Python app stored is changed in place (same row, same id); a new
  // rating is a new row under the official name.
  const changed = await api(app, author, "PUT", "/feedback",
    { feedback: { forId: step(4), id: "f1000000-0000-4000-8000-000000000001", value: 0, comment: "changed my mind" } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.feedbackId, "f1000000-0000-4000-8000-000000000001");
  assert.deepEqual(psql(db, { sql: `SELECT id, name, value, comment FROM "Feedback" WHERE "stepId" = '${step(4)}'` }),
    ["f1000000-0000-4000-8000-000000000001|user_feedback|0|changed my mind"]);
  const added = await api(app, author, "PUT", "/feedback", { feedback: { forId: step(7), value: 1 } });
  assert.equal(added.status, 200, added.text);
  assert.deepEqual(psql(db, { sql: `SELECT id, name, value FROM "Feedback" WHERE "stepId" = '${step(7)}'` }),
    [`${added.json.feedbackId}|user_feedback|1`]);

  // Resume: the browser gets the thread back, on_chat_resume runs, and the user session comes
  // back from the thread's metadata (the Python app's counter was 5).
  const socket = await connect(app, author, lisbon);
  assert.equal(socket.refused, undefined, `resume refused: ${socket.refused}`);
  const resumed = await waitFor(socket, "resume_thread");
  assert.equal(resumed.id, lisbon);
  assert.equal(resumed.steps.length, 7);
  const userMessage = { id: randomUUID(), name: "author", type: "user_message", output: "count", createdAt: new Date().toISOString() };
  socket.emit("client_message", { message: userMessage, fileReferences: [] });
  const counted = await waitFor(socket, "new_message", (m) => m?.output?.startsWith("count "));
  assert.equal(counted.output, "count 6 resumed=yes");
  await waitFor(socket, "task_end", () => socket.events.some((e) => e.event === "new_message" && e.payload === counted));
  socket.close();

  // The new rows are in the official tables, in the shape the official layer reads: enum
  // types, times set, the user message at the top level, the answer under the run step.
  const rows = await until("the chat's new steps", () => {
    const r = psql(db, {
      sql: `SELECT s.type, coalesce(s.output, ''), s."startTime" IS NOT NULL AND s."endTime" IS NOT NULL,
                   coalesce(p.type::text, '-')
            FROM "Step" s LEFT JOIN "Step" p ON p.id = s."parentId"
            WHERE s."threadId" = '${lisbon}' AND s."createdAt" > '2025-12-31'
            ORDER BY s."startTime", s.type`,
    });
    return r.length >= 3 && r;
  });
  assert.ok(rows.includes("user_message|count|t|-"), rows.join("\n"));
  assert.ok(rows.includes("assistant_message|count 6 resumed=yes|t|run"), rows.join("\n"));
  // The user session goes back into the thread's metadata at disconnect, as Chainlit keeps it.
  await until("the counter in the thread's metadata", () =>
    psql(db, { sql: `SELECT metadata->>'count' FROM "Thread" WHERE id = '${lisbon}'` })[0] === "6");
  const reread = await api(app, author, "GET", `/project/thread/${lisbon}`);
  assert.equal(reread.status, 200);
  assert.deepEqual(reread.json.steps.slice(0, 7).map((s) => s.id), [1, 2, 3, 4, 5, 6, 7].map(step));
  assert.equal(reread.json.steps.length, 10);
  assert.equal(reread.json.steps[7].output, "count");

  // The other user's thread: the author can neither read, rate, rename, delete nor resume it,
  // and its rows stay byte for byte the same.
  assert.notEqual((await api(app, author, "GET", `/project/thread/${secret}`)).status, 200);
  for (const [method, path, body] of [
    ["PUT", "/feedback", { feedback: { forId: secretAnswer, value: 1, comment: "hijacked" } }],
    ["PUT", "/feedback", { feedback: { forId: step(4), id: secretFeedback, value: 1 } }],
    ["DELETE", "/feedback", { feedbackId: secretFeedback }],
    ["PUT", "/project/thread", { threadId: secret, name: "hijacked" }],
    ["DELETE", "/project/thread", { threadId: secret }],
  ]) {
    const r = await api(app, author, method, path, body);
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} answered ${r.status}: ${r.text}`);
  }
  const intruder = await connect(app, author, secret);
  assert.ok(intruder.refused, "resuming another user's thread is refused");
  assert.deepEqual(threadRows(db, secret), secretBefore);

  // Its owner still has it, as the official layer wrote it.
  const own = await api(app, other, "GET", `/project/thread/${secret}`);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.json.steps.map((s) => s.output), ["my secret plan", "noted"]);
  assert.equal(own.json.steps[1].feedback.comment, "meh");
  assert.equal(await app.stop(), 0);
});
