// Files a user attaches to a message (POST /project/file, then client_message.fileReferences)
// are elements of that message (spec B.2 step 6): against a real server process
// (durability_app) and real socket.io-client sockets, they are
// - sent to the browser as `element` events for the message, and handed to on_message;
// - listed by /project/thread/{id} with the message as forId, their name, MIME type and type;
// - served, byte for byte, to the thread's author only, from element storage: the session's
//   upload folder is gone after a restart, the bytes are not;
// - re-sent with the thread on resume (resume_thread).
// A file ask's answer keeps its file the same way.
// And element URLs work under --root-path: fetched exactly as the UI would resolve them from
// its thread page. DURABILITY_DB=sqlite (default) or postgres, as for durability.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { cleanups, freshDatabase, io, startApp } from "./durability_app.mjs";

/// A client socket logged in with `token` (the auth cookie), resuming `threadId` if given.
/// Records every event it receives in `events` ({ev, arg}).
function connect(app, token, threadId = "") {
  const sessionId = randomUUID();
  const socket = io(app.origin, {
    path: `${app.rootPath}/ws/socket.io`, forceNew: true, reconnection: false, transports: ["websocket"],
    extraHeaders: { Cookie: `access_token=${token}` },
    auth: { clientType: "webapp", sessionId, threadId, userEnv: "{}", chatProfile: "" },
  });
  const events = [];
  socket.onAny((ev, arg, ...rest) => { // an ack callback comes last
    const ack = [arg, ...rest].findLast((a) => typeof a === "function");
    events.push({ ev, arg, ack });
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("connect timed out")), 10_000);
    socket.once("connect", () => {
      clearTimeout(t);
      socket.emit("connection_successful");
      resolve({ socket, sessionId, events });
    });
    socket.once("connect_error", (e) => { clearTimeout(t); socket.close(); reject(e); });
  });
}

/// Resolves with the first recorded event `ev` at index >= from (polling, bounded to 10 s).
async function waitFor(c, ev, from = 0) {
  for (let i = 0; i < 1000; ++i) {
    const hit = c.events.slice(from).find((e) => e.ev === ev);
    if (hit) return hit.arg;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${ev} within 10 s`);
}

/// Sends `output` with `fileReferences`; resolves with the message once its reply ("ok <id>")
/// and then a task_end arrived.
async function exchange(c, output, fileReferences = []) {
  const message = { id: randomUUID(), name: "User", type: "user_message", output, createdAt: new Date().toISOString() };
  const from = c.events.length;
  c.socket.emit("client_message", { message, fileReferences });
  for (let i = 0; i < 2000; ++i) {
    const evs = c.events.slice(from);
    const reply = evs.findIndex((e) => e.ev === "new_message" && e.arg?.output === `ok ${message.id}`);
    if (reply >= 0 && evs.slice(reply).some((e) => e.ev === "task_end")) return { message, events: evs };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no reply and task_end for ${message.id} within 20 s`);
}

async function upload(app, c, token, name, bytes, type, query = "") {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  const r = await fetch(`${app.base}/project/file?session_id=${c.sessionId}${query}`, {
    method: "POST", body: form, headers: { Cookie: `access_token=${token}` },
  });
  assert.equal(r.status, 200, `upload of ${name}: ${await r.clone().text()}`);
  return (await r.json()).id;
}

async function getThread(app, threadId, token) {
  const r = await fetch(`${app.base}/project/thread/${threadId}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, `thread ${threadId}: ${await r.clone().text()}`);
  return r.json();
}

/// Fetches an element URL the way the browser does from the UI's thread page: resolved against
/// <base>/thread/<id>, with the auth cookie.
async function fetchAsBrowser(app, threadId, url, token) {
  const resolved = new URL(url, `${app.base}/thread/${threadId}`);
  assert.equal(resolved.origin, app.origin, `${url} stays on the app's origin`);
  const headers = token ? { Cookie: `access_token=${token}` } : {};
  const r = await fetch(resolved, { headers });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()), type: r.headers.get("content-type") };
}

async function resumed(app, token, threadId) {
  const c = await connect(app, token, threadId);
  try {
    return await waitFor(c, "resume_thread");
  } finally {
    c.socket.close();
  }
}

const textBytes = Buffer.from("line one\nline two: ünïcödé\n", "utf8");
// Every byte value, so that any text decoding or truncation on the way shows.
const pngBytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
  Buffer.alloc(8, 0),
]);

test("a message's attachments are its elements: in the thread, served to the author only, kept across a restart, re-sent on resume", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_attach_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "attach");
  let app = await startApp(db, root);
  const c = await connect(app, app.tokens.author);
  const other = await connect(app, app.tokens.other);
  const notes = await upload(app, c, app.tokens.author, "notes.txt", textBytes, "text/plain");
  const pixel = await upload(app, c, app.tokens.author, "pixel.png", pngBytes, "image/png");
  const foreign = await upload(app, other, app.tokens.other, "theirs.txt", "not yours", "text/plain");
  other.socket.close();

  const { message, events } = await exchange(c, "look at these", [
    { id: notes }, { id: pixel }, { id: notes }, { id: foreign }, { id: randomUUID() }, { id: 7 }, {}, "x", null,
  ]);
  const threadId = (await waitFor(c, "first_interaction")).thread_id;
  assert.ok(threadId);

  // Live: one element per attached upload (duplicates and other sessions' ids ignored), for
  // the message, loaded by the browser from the session's file store.
  const live = events.filter((e) => e.ev === "element").map((e) => e.arg);
  assert.deepEqual(live.map((e) => e.chainlitKey), [notes, pixel]);
  for (const e of live) {
    assert.equal(e.forId, message.id);
    assert.equal(e.threadId, threadId);
    assert.equal(e.display, "inline");
    assert.equal(e.url, null);
  }
  assert.deepEqual(live.map((e) => [e.name, e.type, e.mime]), [
    ["notes.txt", "file", "text/plain"], ["pixel.png", "image", "image/png"],
  ]);
  const seen = events.find((e) => e.ev === "new_message" && e.arg?.output?.startsWith("files "));
  assert.equal(seen?.arg.output, `files notes.txt:${textBytes.length}:text/plain,pixel.png:${pngBytes.length}:image/png`,
    "on_message was given the attached files");

  const check = async (label) => {
    const thread = await getThread(app, threadId, app.tokens.author);
    const stored = thread.elements.filter((e) => e.forId === message.id);
    assert.deepEqual(stored.map((e) => e.id).sort(), live.map((e) => e.id).sort(), `${label}: both attachments are elements of the message`);
    for (const want of live) {
      const e = stored.find((s) => s.id === want.id);
      assert.equal(e.name, want.name);
      assert.equal(e.mime, want.mime);
      assert.equal(e.type, want.type);
      assert.equal(e.display, "inline");
      assert.equal(e.objectKey, `threads/${threadId}/files/${want.id}`);
      assert.equal(e.url, `/project/thread/${threadId}/element/${want.id}/file`);
    }
    assert.equal(thread.steps.find((s) => s.id === message.id)?.type, "user_message");
    for (const [name, bytes] of [["notes.txt", textBytes], ["pixel.png", pngBytes]]) {
      const e = stored.find((s) => s.name === name);
      const mine = await fetchAsBrowser(app, threadId, e.url, app.tokens.author);
      assert.equal(mine.status, 200, `${label}: ${name} for its author`);
      assert.ok(mine.bytes.equals(bytes), `${label}: ${name} comes back byte for byte`);
      assert.equal(mine.type.split(";")[0], e.mime);
      const theirs = await fetchAsBrowser(app, threadId, e.url, app.tokens.other);
      assert.ok([401, 403, 404].includes(theirs.status), `${label}: another user gets ${theirs.status}`);
      assert.ok(!theirs.bytes.includes(bytes.subarray(0, 8)), `${label}: no bytes for another user`);
      const nobody = await fetchAsBrowser(app, threadId, e.url, "");
      assert.equal(nobody.status, 401);
    }
    return stored;
  };
  await check("while the session lives");

  // The session ends (clear_session, then the socket goes): its upload folder is removed, after
  // the element writes queued before; the stored bytes stay.
  const uploads = join(root, ".files", c.sessionId);
  assert.ok(existsSync(uploads), "the uploads sit in the session's folder");
  c.socket.emit("clear_session"); // handled in order, before the disconnect
  c.socket.close();
  for (let i = 0; i < 500 && existsSync(uploads); ++i) await new Promise((r) => setTimeout(r, 10));
  assert.ok(!existsSync(uploads), "the session's uploads are removed at its end");
  await check("after the session ended");

  // A restart.
  assert.equal(await app.stop(), 0, app.stderr());
  app = await startApp(db, root);
  const stored = await check("after the restart");

  // Resume: the thread comes back with the attachments and their URLs.
  const thread = await resumed(app, app.tokens.author, threadId);
  assert.equal(thread.id, threadId);
  for (const e of stored) {
    const again = thread.elements.find((x) => x.id === e.id);
    assert.ok(again, `resume_thread carries ${e.name}`);
    assert.equal(again.forId, message.id);
    assert.equal(again.url, e.url);
    const r = await fetchAsBrowser(app, threadId, again.url, app.tokens.author);
    assert.equal(r.status, 200);
  }
  // Another user cannot resume it, and so gets none of its elements (spec A.3: refused at connect).
  await assert.rejects(connect(app, app.tokens.other, threadId), /authorization failed/);
  await app.stop();
});

test("a file ask's answer keeps its file: an element of the answer, in the thread after the session", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_attach_ask_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "attach");
  const app = await startApp(db, root);
  const c = await connect(app, app.tokens.author);
  const message = { id: randomUUID(), name: "User", type: "user_message", output: "ask-file", createdAt: new Date().toISOString() };
  c.socket.emit("client_message", { message, fileReferences: [] });
  const askArg = await waitFor(c, "ask");
  const askEvent = c.events.find((e) => e.ev === "ask");
  assert.equal(askArg.spec.type, "file");
  assert.equal(typeof askEvent.ack, "function", "the ask expects an acknowledgement");
  const id = await upload(app, c, app.tokens.author, "asked.txt", textBytes, "text/plain", `&ask_parent_id=${askArg.msg.id}`);
  const from = c.events.length;
  askEvent.ack([{ id }]);
  for (let i = 0; i < 2000 && !c.events.slice(from).some((e) => e.ev === "new_message" && e.arg?.output === `ok ${message.id}`); ++i)
    await new Promise((r) => setTimeout(r, 10));
  const ok = c.events.findIndex((e, i) => i >= from && e.ev === "new_message" && e.arg?.output === `ok ${message.id}`);
  assert.ok(ok >= 0, "the handler finished");
  await waitFor(c, "task_end", ok); // the task's writes are committed
  const after = c.events.slice(from);
  assert.ok(after.some((e) => e.ev === "new_message" && e.arg?.output === "asked asked.txt"), "the handler got the file");
  const live = after.filter((e) => e.ev === "element").map((e) => e.arg);
  assert.equal(live.length, 1);
  assert.equal(live[0].chainlitKey, id);
  const threadId = (await waitFor(c, "first_interaction")).thread_id;
  c.socket.emit("clear_session");
  c.socket.close();
  const uploads = join(root, ".files", c.sessionId);
  for (let i = 0; i < 500 && existsSync(uploads); ++i) await new Promise((r) => setTimeout(r, 10));
  assert.ok(!existsSync(uploads), "the session's uploads are gone");

  const thread = await getThread(app, threadId, app.tokens.author);
  const e = thread.elements.find((x) => x.id === live[0].id);
  assert.ok(e, "the asked file is an element of the thread");
  const answer = thread.steps.find((s) => s.id === e.forId);
  assert.equal(answer?.type, "user_message", "it belongs to the persisted answer");
  assert.equal(answer.output, "asked.txt");
  const r = await fetchAsBrowser(app, threadId, e.url, app.tokens.author);
  assert.equal(r.status, 200);
  assert.ok(r.bytes.equals(textBytes));
  await app.stop();
});

test("a message of files only names its thread after them", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_attach_name_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "attach");
  const app = await startApp(db, root);
  const c = await connect(app, app.tokens.author);
  const a = await upload(app, c, app.tokens.author, "a.txt", "a", "text/plain");
  const b = await upload(app, c, app.tokens.author, "b.png", pngBytes, "image/png");
  const { message } = await exchange(c, "", [{ id: a }, { id: b }]);
  const first = await waitFor(c, "first_interaction");
  assert.equal(first.interaction, "a.txt,b.png");
  c.socket.close();
  const thread = await getThread(app, first.thread_id, app.tokens.author);
  assert.equal(thread.name, "a.txt,b.png");
  assert.equal(thread.elements.filter((e) => e.forId === message.id).length, 2);
  await app.stop();
});

test("under --root-path, element URLs carry the prefix and work as the UI resolves them", async () => {
  const root = mkdtempSync(join(tmpdir(), "cl_attach_rp_"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const db = freshDatabase(root, "attach");
  const app = await startApp(db, root, "/chat");
  const c = await connect(app, app.tokens.author);
  const notes = await upload(app, c, app.tokens.author, "notes.txt", textBytes, "text/plain");
  const { message } = await exchange(c, "element", [{ id: notes }]); // an app element too
  const threadId = (await waitFor(c, "first_interaction")).thread_id;
  c.socket.close();

  const thread = await getThread(app, threadId, app.tokens.author);
  const byName = new Map(thread.elements.map((e) => [e.name, e]));
  const want = [["notes.txt", textBytes], ["note", Buffer.from(`element bytes for ${message.id}`)]];
  for (const [name, bytes] of want) {
    const e = byName.get(name);
    assert.ok(e, `${name} is in the thread`);
    assert.equal(e.url, `/chat/project/thread/${threadId}/element/${e.id}/file`);
    const r = await fetchAsBrowser(app, threadId, e.url, app.tokens.author);
    assert.equal(r.status, 200, `${name} at ${e.url}`);
    assert.ok(r.bytes.equals(bytes), `${name}: the exact bytes`);
  }
  const single = await fetch(`${app.base}/project/thread/${threadId}/element/${byName.get("note").id}`,
    { headers: { Authorization: `Bearer ${app.tokens.author}` } });
  assert.equal(single.status, 200);
  assert.equal((await single.json()).url, byName.get("note").url);

  const wire = await resumed(app, app.tokens.author, threadId);
  for (const [name, bytes] of want) {
    const e = wire.elements.find((x) => x.name === name);
    assert.equal(e?.url, byName.get(name).url, `resume_thread gives ${name} the same URL`);
    const r = await fetchAsBrowser(app, threadId, e.url, app.tokens.author);
    assert.equal(r.status, 200);
    assert.ok(r.bytes.equals(bytes));
  }
  await app.stop();
});
