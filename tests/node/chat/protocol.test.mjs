// Chainlit's socket protocol (spec A.3-A.5, B) at the event level, with the plain
// socket.io-client: what the server sends, in which order, for each client event.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startChatApp, chatClient, messagesOf, sessionState, until, sleep, upload, userMessage,
  randomUUID,
} from "./helpers.mjs";

let app;
before(async () => { app = await startChatApp(); });
after(async () => { assert.equal(await app.stop(), 0); });

const tokens = (n) => Array.from({ length: n }, (_, i) => `t${i} `);
const isOutput = (text) => (e) => e.ev === "new_message" && e.args[0].output === text;

/// A client whose on_chat_start task has finished.
async function welcomed(opts) {
  const c = await chatClient(app.url, opts);
  const w = await c.waitFor(isOutput("Welcome!"));
  await c.waitFor("task_end", { from: w.index });
  return c;
}

test("connect: task_end, clear_ask, clear_call_fn, then on_chat_start in its run step", async () => {
  const c = await chatClient(app.url);
  const w = await c.waitFor(isOutput("Welcome!"));
  await c.waitFor("task_end", { from: w.index });
  assert.deepEqual(c.names(), ["#connect", "task_end", "clear_ask", "clear_call_fn", "task_start",
    "new_message", "new_message", "action", "update_message", "task_end"]);
  // Each event's last argument is its offset (connection state recovery), counting up.
  const offsets = c.events.slice(1).map((e) => Number(e.args.at(-1)));
  offsets.forEach((o, i) => assert.equal(o, i + 1, `offset of event ${i + 1}`));
  for (const e of c.events.slice(1, 4)) assert.deepEqual(e.args.slice(0, -1), [{}]);
  const run = c.events[5].args[0];
  assert.equal(run.type, "run");
  assert.equal(run.name, "on_chat_start");
  assert.equal(run.parentId, null);
  const welcome = c.events[6].args[0];
  assert.equal(welcome.parentId, run.id);
  assert.equal(welcome.type, "assistant_message");
  const action = c.events[7].args[0];
  assert.equal(action.name, "ping");
  assert.equal(action.forId, welcome.id);
  assert.deepEqual(action.payload, { n: 1 });
  const end = c.events[8].args[0];
  assert.equal(end.id, run.id);
  assert.ok(end.end, "the run step ends with an end time");
  assert.match(end.end, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  c.close();
});

test("client_message: on_message inside task_start/task_end, under its run step; first_interaction once", async () => {
  const c = await welcomed();
  const { message, events } = await c.exchange("hi");
  assert.deepEqual(events.map((e) => e.ev),
    ["task_start", "first_interaction", "new_message", "new_message", "update_message", "task_end"]);
  const fi = events[1].args[0];
  assert.equal(fi.interaction, "hi");
  assert.ok(fi.thread_id);
  const run = events[2].args[0];
  assert.equal(run.name, "on_message");
  assert.equal(run.type, "run");
  assert.equal(run.parentId, message.id);
  assert.equal(run.input, "");
  const reply = events[3].args[0];
  assert.equal(reply.output, "You said: hi");
  assert.equal(reply.parentId, run.id);
  assert.equal(reply.threadId, fi.thread_id);
  const end = events[4].args[0];
  assert.equal(end.id, run.id);
  assert.equal(end.input, "hi");
  const second = await c.exchange("again");
  assert.ok(!second.events.some((e) => e.ev === "first_interaction"));
  assert.deepEqual(messagesOf(second.events).map((m) => m.output), ["You said: again"]);
  c.close();
});

test("client_message with a non-uuid4 id or without createdAt gives an error message in a task", async () => {
  const c = await welcomed();
  const bad = [
    { ...userMessage("v1 id"), id: "a0eebc99-9c0b-11d1-b85c-00a0c91e6bf6" },
    { ...userMessage("junk id"), id: "not-a-uuid" },
    (() => { const m = userMessage("no date"); delete m.createdAt; return m; })(),
  ];
  for (const message of bad) {
    const from = c.events.length;
    c.socket.emit("client_message", { message, fileReferences: [] });
    const end = await c.waitFor("task_end", { from });
    const evs = c.events.slice(from, end.index + 1);
    assert.equal(evs[0].ev, "task_start");
    const errs = evs.filter((e) => e.ev === "new_message");
    assert.equal(errs.length, 1, JSON.stringify(evs));
    assert.equal(errs[0].args[0].isError, true);
    assert.equal(errs[0].args[0].name, "Error");
  }
  // The session goes on.
  const ok = await c.exchange("still here");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: still here"]);
  c.close();
});

test("a handler that throws sends an error message; the server and the session go on", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("boom");
  const err = messagesOf(events).find((m) => m.isError);
  assert.equal(err.output, "boom on purpose");
  assert.equal(err.name, "Error");
  const run = events.filter((e) => e.ev === "update_message").at(-1).args[0];
  assert.equal(run.name, "on_message");
  assert.equal(run.isError, true, "the run step that threw is marked as an error");
  assert.equal(events.at(-1).ev, "task_end");
  const ok = await c.exchange("hi");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: hi"]);
  c.close();
});

test("nested steps are sent parent first; an exception in a step marks it isError", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("step");
  const steps = events.filter((e) => ["new_message", "update_message"].includes(e.ev))
    .map((e) => ({ ev: e.ev, ...e.args[0] }));
  const run = steps.find((s) => s.name === "on_message");
  const seq = steps.map((s) => `${s.ev === "new_message" ? "+" : "~"}${s.name}`);
  assert.deepEqual(seq, ["+on_message", "+Outer", "+Inner", "~Inner", "~Outer", "+Failing",
    "~Failing", "+Assistant", "~on_message"]);
  const outer = steps.find((s) => s.name === "Outer" && s.ev === "update_message");
  const inner = steps.find((s) => s.name === "Inner" && s.ev === "update_message");
  assert.equal(outer.parentId, run.id);
  assert.equal(outer.type, "tool");
  assert.equal(outer.output, "outer done");
  assert.equal(outer.input, "outer input");
  assert.equal(inner.parentId, outer.id);
  assert.equal(inner.type, "llm");
  assert.equal(inner.output, "inner done");
  assert.equal(inner.isError, false);
  const failing = steps.find((s) => s.name === "Failing" && s.ev === "update_message");
  assert.equal(failing.isError, true);
  assert.equal(failing.output, "step failed on purpose");
  assert.equal(failing.parentId, run.id);
  assert.equal(steps.at(-2).output, "Steps done");
  assert.equal(steps.at(-1).isError, false, "the handler caught it: the run step is fine");
  c.close();
});

test("streaming: stream_start holds the first token, stream_token the rest, then the full message", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("stream 20 5");
  const start = events.find((e) => e.ev === "stream_start").args[0];
  assert.equal(start.output, "t0 ");
  assert.equal(start.streaming, true);
  const toks = events.filter((e) => e.ev === "stream_token").map((e) => e.args[0]);
  assert.deepEqual(toks.map((t) => t.token), tokens(20).slice(1));
  assert.ok(toks.every((t) => t.id === start.id && t.isSequence === false && t.isInput === false));
  const final = events.find((e) => e.ev === "new_message" && e.args[0].id === start.id).args[0];
  assert.equal(final.output, tokens(20).join(""));
  assert.equal(final.streaming, false);
  c.close();
});

test("ask: the message travels only in `ask`; the ack is followed by task_end, clear_ask, task_start", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.send("ask");
  const ask = await c.waitFor("ask", { from });
  const [{ msg, spec }, ack] = ask.args;
  assert.equal(msg.output, "What is your name?");
  assert.equal(msg.waitForAnswer, true);
  assert.deepEqual(spec, { type: "text", step_id: msg.id, timeout: 10 });
  assert.ok(!c.events.slice(from).some((e) => e.ev === "new_message" && e.args[0].id === msg.id));
  const before = c.events.length;
  ack({ ...userMessage("Bob"), threadId: "" });
  const hello = await c.waitFor(isOutput("Hello, Bob!"), { from: before });
  const order = c.names(before).slice(0, hello.index - before);
  assert.deepEqual(order, ["task_end", "clear_ask", "task_start"]);
  await c.waitFor("task_end", { from: hello.index });
  c.close();
});

test("ask timeout: ask_timeout, then the handler goes on", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.send("ask-short");
  await c.waitFor("ask", { from });
  const t = await c.waitFor("ask_timeout", { from, ms: 4000 });
  const no = await c.waitFor(isOutput("No answer"), { from });
  assert.ok(no.index > t.index);
  c.close();
});

test("ask_file: an uploaded file answers; the server resolves it in the session", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.send("ask-file");
  const ask = await c.waitFor("ask", { from });
  const [{ spec }, ack] = ask.args;
  assert.equal(spec.type, "file");
  assert.deepEqual(spec.accept, ["text/plain"]);
  assert.equal(spec.max_files, 1);
  const r = await upload(app.url, c.sessionId, "hello.txt", "hello");
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.deepEqual(Object.keys(body), ["id"]);
  ack([{ id: body.id }, { id: "not-mine" }]);
  await c.waitFor(isOutput("Got hello.txt:5"), { from });
  c.close();
});

test("stop cancels the running handler, says so, and calls on_stop", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.send("slow");
  await c.waitFor("stream_start", { from });
  await sleep(100);
  c.socket.emit("stop");
  const notice = await c.waitFor(isOutput("Task manually stopped."), { from });
  assert.equal(notice.args[0].parentId, null);
  await c.waitFor("task_end", { from: notice.index });
  await sleep(50);
  const count = c.events.filter((e) => e.ev === "stream_token").length;
  await sleep(400);
  assert.equal(c.events.filter((e) => e.ev === "stream_token").length, count, "the stream stopped");
  await until(async () => (await sessionState(app.url, c.sessionId)).user_session.stops === 1);
  const ok = await c.exchange("after");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: after"]);
  c.close();
});

test("edit_message deletes the later user messages and runs on_message again", async () => {
  const c = await welcomed();
  const a = await c.exchange("first");
  const b = await c.exchange("second");
  const from = c.events.length;
  c.socket.emit("edit_message", { message: { ...a.message, output: "first edited" } });
  const end = await c.waitFor("task_end", { from });
  const evs = c.events.slice(from, end.index + 1);
  const deleted = evs.filter((e) => e.ev === "delete_message").map((e) => e.args[0].id);
  assert.ok(deleted.includes(b.message.id), "the later user message is deleted");
  assert.ok(!deleted.includes(a.message.id));
  const upd = evs.find((e) => e.ev === "update_message" && e.args[0].id === a.message.id);
  assert.equal(upd.args[0].output, "first edited");
  assert.ok(evs.some(isOutput("You said: first edited")));
  assert.ok(evs.findIndex((e) => e.ev === "task_start") > evs.indexOf(upd));
  c.close();
});

test("edit_message also deletes the assistant messages after the edited one (Chainlit's chat context)",
  async () => {
    const c = await welcomed();
    const a = await c.exchange("first");
    const replyA = messagesOf(a.events)[0];
    const from = c.events.length;
    c.socket.emit("edit_message", { message: { ...a.message, output: "first edited" } });
    const end = await c.waitFor("task_end", { from });
    const deleted = c.events.slice(from, end.index + 1).filter((e) => e.ev === "delete_message")
      .map((e) => e.args[0].id);
    assert.ok(deleted.includes(replyA.id), "the old reply to the edited message is deleted");
    c.close();
  });

test("chat_settings_change merges into the session settings and runs on_settings_update", async () => {
  const c = await welcomed();
  const defined = await c.exchange("settings");
  const form = defined.events.find((e) => e.ev === "chat_settings").args[0];
  assert.equal(form[0].id, "flag");
  let from = c.events.length;
  c.socket.emit("chat_settings_change", { flag: true });
  let end = await c.waitFor("task_end", { from });
  assert.deepEqual(c.names(from).slice(0, end.index - from + 1),
    ["task_start", "new_message", "task_end"]);
  assert.equal(c.events[from + 1].args[0].output, 'Settings: {"flag":true}');
  from = c.events.length;
  c.socket.emit("chat_settings_change", { other: 2 });
  end = await c.waitFor("task_end", { from });
  assert.ok(c.events.slice(from).some(isOutput('Settings: {"flag":true,"other":2}')));
  const st = await sessionState(app.url, c.sessionId);
  assert.deepEqual(st.chat_settings, { flag: true, other: 2 });
  assert.deepEqual(st.user_session.chat_settings, { flag: true, other: 2 });
  c.close();
});

test("window_message runs on_window_message (no task events)", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.socket.emit("window_message", { hello: "parent" });
  const back = await c.waitFor("window_message", { from });
  assert.deepEqual(back.args[0], { echo: { hello: "parent" } });
  await sleep(100);
  assert.deepEqual(c.names(from), ["window_message"]);
  const st = await sessionState(app.url, c.sessionId);
  assert.equal(st.user_session.window_messages, 1);
  assert.deepEqual(st.user_session.last_window_message, { hello: "parent" });
  c.close();
});

test("an unknown event ends that socket; other sessions are not affected", async () => {
  const c = await welcomed();
  const other = await welcomed();
  c.socket.emit("no_such_event", { x: 1 });
  const gone = await c.waitFor("#disconnect");
  assert.equal(gone.args[0], "io server disconnect");
  const ok = await other.exchange("fine");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: fine"]);
  other.close();
});

test("known Chainlit events this server does not implement are accepted silently", async () => {
  const c = await welcomed();
  const from = c.events.length;
  c.socket.emit("fetch_favorites");
  c.socket.emit("audio_end");
  c.socket.emit("chat_settings_edit", { a: 1 });
  const ok = await c.exchange("still");
  assert.ok(c.socket.connected);
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: still"]);
  assert.equal(c.events.slice(from).filter((e) => e.ev === "#disconnect").length, 0);
  c.close();
});

test("a session is restored after a disconnect; on_chat_start does not run again", async () => {
  const c1 = await welcomed();
  const sessionId = c1.sessionId;
  await c1.exchange("hi");
  c1.close();
  await until(async () => (await sessionState(app.url, sessionId))?.connected === false);
  const c2 = await chatClient(app.url, { sessionId });
  await c2.waitFor("clear_call_fn");
  await sleep(300);
  assert.deepEqual(c2.names(), ["#connect", "task_end", "clear_ask", "clear_call_fn"]);
  const st = await sessionState(app.url, sessionId);
  assert.equal(st.connected, true);
  assert.equal(st.user_session.chat_starts, 1);
  assert.equal(st.user_session.chat_ends, 1, "on_chat_end runs on every disconnect");
  const ok = await c2.exchange("back");
  assert.ok(!ok.events.some((e) => e.ev === "first_interaction"), "the first interaction was before");
  assert.deepEqual(messagesOf(ok.events).map((m) => m.output), ["You said: back"]);
  c2.close();
});

test("events sent while disconnected are replayed in order after the reset events", async () => {
  const c1 = await welcomed();
  const sessionId = c1.sessionId;
  c1.close();
  await until(async () => (await sessionState(app.url, sessionId))?.connected === false);
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`${app.url}/hello/${sessionId}`);
    assert.equal(r.status, 200, "a disconnected session is still reachable");
  }
  const c2 = await chatClient(app.url, { sessionId });
  await until(() => c2.events.filter(isOutput("Hello World")).length === 3);
  assert.deepEqual(c2.names(), ["#connect", "task_end", "clear_ask", "clear_call_fn",
    "new_message", "new_message", "new_message"]);
  const ids = c2.events.slice(4).map((e) => e.args[0].id);
  assert.equal(new Set(ids).size, 3);
  c2.close();
});

test("a stream running while the client is away is replayed completely and in order", async (t) => {
  const c1 = await welcomed();
  const sessionId = c1.sessionId;
  const from = c1.events.length;
  c1.send("stream 40 20");
  await until(() => c1.events.filter((e) => e.ev === "stream_token").length >= 5);
  c1.close();
  await sleep(300); // the stream goes on without a browser
  const c2 = await chatClient(app.url, { sessionId });
  const final = await c2.waitFor((e) => e.ev === "new_message" && e.args[0].output ===
    tokens(40).join(""), { ms: 5000 });
  await c2.waitFor("task_end", { from: final.index });
  const received = [...c1.events.slice(from), ...c2.events]
    .filter((e) => e.ev === "stream_start" || e.ev === "stream_token")
    .map((e) => e.ev === "stream_start" ? e.args[0].output : e.args[0].token);
  if (received.length !== 40) t.diagnostic(`tokens received: ${received.length} of 40`);
  const idx = received.map((s) => Number(s.slice(1)));
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], `order: ${idx}`);
  assert.deepEqual(received, tokens(40), "every token exactly once, in order");
  // Still running when c2 arrived: it is told so after the reset events.
  const names = c2.names();
  assert.deepEqual(names.slice(0, 4), ["#connect", "task_end", "clear_ask", "clear_call_fn"]);
  c2.close();
});

test("a second CONNECT with a live session's id takes the session over", async () => {
  const c1 = await welcomed();
  const sessionId = c1.sessionId;
  const c2 = await chatClient(app.url, { sessionId });
  await c2.waitFor("clear_call_fn");
  const c1From = c1.events.length;
  const r = await fetch(`${app.url}/hello/${sessionId}`);
  assert.equal(r.status, 200);
  await c2.waitFor(isOutput("Hello World"));
  // The first socket stays connected but is no longer the session's: it gets nothing, and
  // what it sends is ignored.
  c1.socket.emit("client_message", { message: userMessage("from the old socket"), fileReferences: [] });
  await sleep(300);
  assert.deepEqual(c1.names(c1From), []);
  assert.ok(!c2.events.some(isOutput("You said: from the old socket")));
  // Its disconnect does not end the session.
  c1.close();
  await sleep(200);
  const st = await sessionState(app.url, sessionId);
  assert.equal(st.connected, true);
  assert.equal(st.user_session.chat_ends ?? 0, 0);
  assert.equal(st.user_session.chat_starts, 1);
  c2.close();
});

test("clear_session then disconnect deletes the session at once", async () => {
  const c = await welcomed();
  c.socket.emit("clear_session");
  await sleep(50);
  c.close();
  await until(async () => (await fetch(`${app.url}/hello/${c.sessionId}`)).status === 404);
});

test("a CONNECT without a sessionId is refused", async () => {
  await assert.rejects(chatClient(app.url, { auth: { sessionId: "" } }),
    (err) => err.message === "authorization failed");
});

test("elements: content stored in the session, served with its MIME to that session only", async () => {
  const c = await welcomed();
  const other = await welcomed();
  const { events } = await c.exchange("element");
  const msg = messagesOf(events).find((m) => m.output === "Here is a note");
  const el = events.find((e) => e.ev === "element").args[0];
  assert.equal(el.forId, msg.id);
  assert.equal(el.type, "text");
  assert.equal(el.name, "note.txt");
  assert.equal(el.mime, "text/plain");
  assert.equal(el.url, null);
  assert.ok(el.chainlitKey);
  assert.ok(events.indexOf(events.find((e) => e.ev === "element")) >
    events.findIndex(isOutput("Here is a note")), "the element comes after its message");
  const r = await fetch(`${app.url}/project/file/${el.chainlitKey}?session_id=${c.sessionId}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/plain/);
  assert.equal(await r.text(), "note content");
  const wrong = await fetch(`${app.url}/project/file/${el.chainlitKey}?session_id=${other.sessionId}`);
  assert.equal(wrong.status, 404, "another session's store does not have it");
  const unknown = await fetch(`${app.url}/project/file/${el.chainlitKey}?session_id=${randomUUID()}`);
  assert.equal(unknown.status, 401);
  c.close();
  other.close();
});

test("uploads: unknown session 404; fileReferences become elements; foreign ids are ignored", async () => {
  const c = await welcomed();
  const other = await welcomed();
  const none = await upload(app.url, randomUUID(), "x.txt", "x");
  assert.equal(none.status, 404);
  assert.deepEqual(await none.json(), { detail: "Session not found" });
  const mine = await (await upload(app.url, c.sessionId, "pic.png", "\x89PNG", "image/png")).json();
  const theirs = await (await upload(app.url, other.sessionId, "t.txt", "t")).json();
  const { message, events } = await c.exchange("files", {
    fileReferences: [{ id: mine.id }, { id: theirs.id }],
  });
  const els = events.filter((e) => e.ev === "element").map((e) => e.args[0]);
  assert.equal(els.length, 1);
  assert.equal(els[0].chainlitKey, mine.id);
  assert.equal(els[0].type, "image");
  assert.equal(els[0].forId, message.id);
  c.close();
  other.close();
});

test("/project/action runs only an action the session was sent, as it was sent; the callback's return value is the response", async () => {
  const c = await welcomed();
  const action = c.events.find((e) => e.ev === "action").args[0];
  const post = (body) => fetch(`${app.url}/project/action`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  // A renamed action, or one this session never got, is no action of this chat.
  for (const forged of [{ ...action, name: "nope" }, { ...action, id: randomUUID() }]) {
    const nope = await post({ sessionId: c.sessionId, action: forged });
    assert.equal(nope.status, 404);
    assert.deepEqual(await nope.json(), { detail: "Action not found" });
  }
  const from = c.events.length;
  // The callback gets the server's own copy: a payload the client rewrote is ignored.
  const ok = await post({ sessionId: c.sessionId, action: { ...action, payload: { n: 7 } } });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { success: true, response: { pong: 1 } });
  // The HTTP answer and the websocket events travel on different connections: no order
  // between them is promised, so wait for the events before looking at them.
  await c.waitFor("task_end", { from });
  const evs = c.events.slice(from);
  assert.equal(evs[0].ev, "first_interaction");
  assert.deepEqual(evs[0].args[0].interaction, "ping");
  assert.ok(evs.some(isOutput("Pong 1")));
  c.close();
});

test("run_blocking inside a handler returns its value", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("blocking");
  assert.deepEqual(messagesOf(events).map((m) => m.output), ["blocking: 42"]);
  c.close();
});

test("a disconnected session is removed after session_timeout; the id then starts afresh", async () => {
  const short = await startChatApp(["--session-timeout", "1"]);
  try {
    const c = await chatClient(short.url);
    await c.waitFor(isOutput("Welcome!"));
    c.close();
    await until(async () => (await fetch(`${short.url}/hello/${c.sessionId}`)).status === 404, 5000);
    const again = await chatClient(short.url, { sessionId: c.sessionId });
    await again.waitFor(isOutput("Welcome!"));
    again.close();
  } finally {
    assert.equal(await short.stop(), 0);
  }
});

test("side panel and toast: set_sidebar_title, element, set_sidebar_elements, toast", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("sidebar");
  const names = events.map((e) => e.ev).filter((n) => !["task_start", "task_end",
    "first_interaction", "new_message", "update_message"].includes(n));
  assert.deepEqual(names, ["set_sidebar_title", "element", "set_sidebar_elements", "toast"]);
  assert.equal(events.find((e) => e.ev === "set_sidebar_title").args[0], "Notes");
  const el = events.find((e) => e.ev === "element").args[0];
  assert.equal(el.display, "side");
  const side = events.find((e) => e.ev === "set_sidebar_elements").args[0];
  assert.equal(side.key, "k1");
  assert.deepEqual(side.elements.map((e) => e.id), [el.id]);
  assert.deepEqual(events.find((e) => e.ev === "toast").args[0],
    { message: "Sidebar ready", type: "success" });
  assert.ok(events.some(isOutput("Sidebar set")));
  c.close();
});
