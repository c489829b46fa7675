// The compatibility proof of issue 3: Chainlit's own client library, @chainlit/react-client
// 0.3.0 from npm, rendered headless in jsdom (React 18 + Recoil), works against the C++ server
// unchanged: streaming, stop, asks, actions, uploads, and a dropped connection mid-stream.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startChatApp, loadReactClient, mountReactClient, until, sleep, findMessage, flatten,
  sessionState, randomUUID,
} from "./helpers.mjs";

let app;
let lib;
before(async () => {
  app = await startChatApp();
  lib = await loadReactClient(app.url);
});
after(async () => { assert.equal(await app.stop(), 0); });

const tokens = (n) => Array.from({ length: n }, (_, i) => `t${i} `);

/// Mounts the client and waits for on_chat_start's welcome message and its `ping` button.
async function mountWelcomed(opts) {
  const m = await mountReactClient(app.url, opts);
  await until(() => findMessage(m.messages, (x) => x.output === "Welcome!"), 5000, "welcome");
  await until(() => m.data.actions.some((a) => a.name === "ping"), 5000, "ping action");
  await until(() => !m.data.loading, 5000, "loading false after on_chat_start");
  return m;
}

/// Records, on every render, the output of the assistant message that is a grandchild of the
/// user message `userId` (user message > on_message run step > reply).
function replyTracker() {
  const t = { userId: undefined, snapshots: [] };
  t.onRender = (p) => {
    if (!t.userId) return;
    const reply = findMessage(p.messages.messages, (x) => x.type === "assistant_message" &&
      flatten(p.messages.messages).some((s) => s.id === x.parentId && s.parentId === t.userId));
    if (reply && reply.output !== t.snapshots.at(-1)) t.snapshots.push(reply.output);
  };
  t.reply = (messages) => findMessage(messages, (x) => x.type === "assistant_message" &&
    flatten(messages).some((s) => s.id === x.parentId && s.parentId === t.userId));
  return t;
}

function sendAs(m, output, fileReferences) {
  const id = randomUUID();
  m.interact.sendMessage({ id, name: "User", type: "user_message", output }, fileReferences);
  return id;
}

test("connect, send a message and receive the streamed reply in order", async () => {
  const tracker = replyTracker();
  const m = await mountWelcomed({ onRender: tracker.onRender });
  const seen = [];
  m.socket.on("stream_start", (d) => seen.push(d.output));
  m.socket.on("stream_token", (d) => seen.push(d.token));
  tracker.userId = sendAs(m, "stream 40 10");
  const expected = tokens(40).join("");
  const reply = await until(() => {
    const r = tracker.reply(m.messages);
    return r && r.output === expected && !r.streaming && !m.data.loading ? r : null;
  }, 10000, "complete streamed reply");
  assert.equal(reply.name, "Assistant");
  assert.deepEqual(seen, tokens(40), "tokens arrive once each, in order");
  // What the UI showed only ever grew: every rendered state is a prefix of the final text.
  assert.ok(tracker.snapshots.length > 3, `several intermediate renders (${tracker.snapshots.length})`);
  let prev = "";
  for (const s of tracker.snapshots) {
    assert.ok(expected.startsWith(s), `rendered output is a prefix: ${s}`);
    assert.ok(s.length >= prev.length);
    prev = s;
  }
  // The tree is user message > on_message run step > reply, and the user message is not echoed.
  const user = findMessage(m.messages, (x) => x.id === tracker.userId);
  assert.equal(user.steps.length, 1);
  assert.equal(user.steps[0].name, "on_message");
  assert.equal(user.steps[0].input, "stream 40 10");
  assert.equal(flatten(m.messages).filter((x) => x.id === tracker.userId).length, 1);
  assert.equal(m.probe.current.messages.firstInteraction, "stream 40 10");
  assert.ok(m.probe.current.messages.threadId, "first_interaction gave the thread id");
  m.unmount();
});

test("stop in the middle of a stream", async () => {
  const tracker = replyTracker();
  const m = await mountWelcomed({ onRender: tracker.onRender });
  tracker.userId = sendAs(m, "slow");
  await until(() => m.data.loading, 5000, "loading");
  await until(() => (tracker.reply(m.messages)?.output.length ?? 0) > 20, 5000, "a few tokens");
  m.interact.stopTask();
  await until(() => findMessage(m.messages, (x) => x.output === "Task manually stopped."),
    5000, "stop notice");
  await until(() => !m.data.loading, 5000, "loading false");
  await sleep(100);
  const stoppedAt = tracker.reply(m.messages).output;
  await sleep(400);
  const later = tracker.reply(m.messages);
  assert.equal(later.output, stoppedAt, "the stream stopped growing");
  // (its `streaming` flag stays as the last stream event left it: the cancelled handler never
  // finishes the message, as in Chainlit; stopTask only resets top-level messages.)
  assert.ok(stoppedAt.length < tokens(1000).join("").length);
  assert.ok(tokens(1000).join("").startsWith(stoppedAt));
  const st = await sessionState(app.url, m.sessionId);
  assert.equal(st.user_session.stops, 1, "on_stop ran");
  // The session goes on: a new message is answered.
  const id = sendAs(m, "after stop");
  await until(() => findMessage(m.messages, (x) => x.output === "You said: after stop"),
    5000, "answer after stop");
  assert.ok(id);
  m.unmount();
});

test("answer an ask through the askUser state and replyMessage", async () => {
  const m = await mountWelcomed();
  sendAs(m, "ask");
  const ask = await until(() => m.data.askUser, 5000, "askUser");
  assert.equal(ask.spec.type, "text");
  assert.equal(ask.spec.timeout, 10);
  assert.equal(m.data.loading, false, "the client waits for the user, not loading");
  const asking = findMessage(m.messages, (x) => x.id === ask.spec.step_id);
  assert.equal(asking.output, "What is your name?");
  assert.equal(asking.waitForAnswer, true);
  m.interact.replyMessage({
    id: randomUUID(), name: "User", type: "user_message", output: "Ada",
    createdAt: new Date().toISOString(), threadId: "",
  });
  await until(() => findMessage(m.messages, (x) => x.output === "Hello, Ada!"), 5000, "greeting");
  await until(() => !m.data.loading && !m.data.askUser, 5000, "ask cleared");
  m.unmount();
});

test("an ask that times out clears the ask and the handler goes on", async () => {
  const m = await mountWelcomed();
  sendAs(m, "ask-short");
  await until(() => m.data.askUser, 5000, "askUser");
  await until(() => findMessage(m.messages, (x) => x.output === "No answer"), 5000, "timeout");
  assert.equal(m.data.askUser, undefined);
  await until(() => !m.data.loading, 5000, "loading false");
  m.unmount();
});

test("click an action: callAction runs its callback in the session", async () => {
  const m = await mountWelcomed();
  const ping = m.data.actions.find((a) => a.name === "ping");
  const welcome = findMessage(m.messages, (x) => x.output === "Welcome!");
  assert.equal(ping.forId, welcome.id);
  assert.deepEqual(ping.payload, { n: 1 });
  const res = await m.api.callAction(ping, m.sessionId);
  assert.deepEqual(res, { success: true, response: { pong: 1 } });
  await until(() => findMessage(m.messages, (x) => x.output === "Pong 1"), 5000, "pong");
  assert.equal(m.probe.current.messages.firstInteraction, "ping");
  await until(() => !m.data.loading, 5000, "loading false");
  m.unmount();
});

test("answer an ask_action by clicking one of its actions", async () => {
  const m = await mountWelcomed();
  sendAs(m, "ask-action");
  const ask = await until(() => m.data.askUser, 5000, "askUser");
  assert.equal(ask.spec.type, "action");
  const offered = m.data.actions.filter((a) => ask.spec.keys.includes(a.id));
  assert.deepEqual(offered.map((a) => a.name).sort(), ["no", "yes"]);
  assert.ok(offered.every((a) => a.forId === ask.spec.step_id));
  ask.callback(offered.find((a) => a.name === "yes"));
  await until(() => findMessage(m.messages, (x) => x.output === "You chose yes"), 5000, "choice");
  // The buttons are removed and the asking message says what was chosen.
  await until(() => !m.data.actions.some((a) => ask.spec.keys.includes(a.id)), 5000, "removed");
  assert.equal(findMessage(m.messages, (x) => x.id === ask.spec.step_id).output,
    "**Selected:** Yes");
  m.unmount();
});

test("upload a file, reference it in a message and load the element", async () => {
  const m = await mountWelcomed();
  const file = new lib.window.File(["hello file"], "a.txt", { type: "text/plain" });
  const progress = [];
  const { promise } = m.interact.uploadFile(file, (p) => progress.push(p));
  const { id } = await promise;
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const msgId = sendAs(m, "with a file", [{ id }]);
  const el = await until(() => m.data.elements.find((e) => e.chainlitKey === id), 5000, "element");
  assert.equal(el.forId, msgId);
  assert.equal(el.type, "file");
  assert.equal(el.name, "a.txt");
  assert.equal(el.display, "inline");
  // The client made the URL from chainlitKey (spec B.1 element); the server serves it.
  assert.equal(el.url, `${app.url}/project/file/${id}?session_id=${m.sessionId}`);
  const r = await fetch(el.url);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/plain/);
  assert.equal(await r.text(), "hello file");
  await until(() => findMessage(m.messages, (x) => x.output === "You said: with a file"),
    5000, "answer");
  m.unmount();
});

test("answer an ask_file with an upload", async () => {
  const m = await mountWelcomed();
  sendAs(m, "ask-file");
  const ask = await until(() => m.data.askUser, 5000, "askUser");
  assert.equal(ask.spec.type, "file");
  assert.deepEqual(ask.spec.accept, ["text/plain"]);
  const file = new lib.window.File(["12345"], "five.txt", { type: "text/plain" });
  const { id } = await m.interact.uploadFile(file, () => {}, ask.spec.step_id).promise;
  ask.callback([{ id }]);
  await until(() => findMessage(m.messages, (x) => x.output === "Got five.txt:5"), 5000, "got");
  await until(() => !m.data.loading && !m.data.askUser, 5000, "ask cleared");
  m.unmount();
});

for (const [mode, transports] of [["websocket", ["websocket"]], ["polling then upgrade", undefined]]) {
  test(`drop the connection mid-stream (${mode}), reconnect with the same session, get everything in order`, async (t) => {
    const tracker = replyTracker();
    const m = await mountWelcomed({ transports, onRender: tracker.onRender });
    t.after(() => m.unmount()); // also when an assertion fails: a live client keeps node running
    const sessionId = m.sessionId;
    const seen = [];
    let connects = 0;
    m.socket.on("connect", () => connects++);
    m.socket.on("stream_start", (d) => seen.push(d.output));
    m.socket.on("stream_token", (d) => seen.push(d.token));
    tracker.userId = sendAs(m, "stream 60 20");
    await until(() => seen.length >= 10, 5000, "ten tokens");
    // The network drops: the client stops reading while the server goes on writing tokens
    // into its TCP connection, then the connection dies. What was written meanwhile never
    // reaches the client; the server only learns of the drop at the end. socket.io-client
    // reconnects by itself with its pid and last offset, and must get those tokens back.
    const transport = m.socket.io.engine.transport;
    const raw = transport.name === "websocket" ? transport.ws?._socket : undefined;
    let lostInFlight = 0;
    if (raw) {
      raw.pause();
      const before = seen.length;
      await sleep(200); // about ten tokens, 20 ms apart
      lostInFlight = 1; // checked below: the tokens came back, none missing
      assert.equal(seen.length, before, "nothing read while the connection is stalled");
      raw.destroy();
    } else {
      m.socket.io.engine.close(); // still polling: the transport goes away
    }
    await until(() => connects >= 1 && m.socket.connected, 10000, "reconnected");
    assert.equal(m.sessionId, sessionId);
    const expected = tokens(60).join("");
    await until(() => {
      const r = tracker.reply(m.messages);
      return r && r.output === expected && !r.streaming && !m.data.loading;
    }, 15000, "complete reply after the reconnect");
    // Every token exactly once, in order: those written into the dead connection came back
    // through connection state recovery, those sent after the server noticed the drop from the
    // session's offline buffer.
    assert.equal(m.socket.recovered, true, "socket.io-client reports the state recovered");
    assert.deepEqual(seen, tokens(60)); // stream_start carries t0, stream_token the rest
    if (lostInFlight) t.diagnostic("tokens were written into the stalled connection and recovered");
    // What the UI showed was always a prefix of the final text.
    for (const s of tracker.snapshots) assert.ok(expected.startsWith(s), `prefix: ${s}`);
    // The same session went on: on_chat_start ran once, the welcome is there once.
    const st = await sessionState(app.url, sessionId);
    assert.equal(st.user_session.chat_starts, 1);
    assert.equal(flatten(m.messages).filter((x) => x.output === "Welcome!").length, 1);
  });
}
