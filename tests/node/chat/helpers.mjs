// Starts the C++ chat test app (path from CHAT_TEST_APP, see
// tests/integration/chat/chat_test_app.cpp) on an ephemeral port, and gives tests
// - chatClient(): a plain socket.io-client socket speaking Chainlit's protocol, recording every
//   event it receives in order;
// - mountReactClient(): the real @chainlit/react-client 0.3.0 rendered headless in jsdom.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");
if (!existsSync(join(modules, "socket.io-client")) ||
    !existsSync(join(modules, "@chainlit", "react-client"))) {
  throw new Error(
    "tests/node/node_modules is missing or stale: run scripts/bootstrap (or `npm ci` in tests/node)");
}
const { io } = await import("socket.io-client");
export { io, randomUUID };

/// The app, once it printed its port; stop() resolves with its exit code.
export async function startChatApp(args = []) {
  const app = await startAppProcess(builtBinary("CHAT_TEST_APP", "chat_test_app"), args);
  return { ...app, url: `http://127.0.0.1:${app.port}` };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Waits until predicate() is truthy (polling every 10 ms) and returns its value.
export async function until(predicate, ms = 5000, what = "condition") {
  const end = Date.now() + ms;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(10);
  }
}

/// The live session's state as the test app reports it (GET /test/session/<id>), or null.
export async function sessionState(url, id) {
  const r = await fetch(`${url}/test/session/${id}`);
  return r.status === 200 ? r.json() : null;
}

/// A user message as the react-client builds it (spec B.2 client_message).
export function userMessage(output, extra = {}) {
  return {
    id: randomUUID(),
    name: "User",
    type: "user_message",
    output,
    createdAt: new Date().toISOString(),
    metadata: { location: "http://localhost/" },
    ...extra,
  };
}

/// A plain socket.io-client socket with Chainlit's CONNECT auth, which emits
/// connection_successful on every connect as the react-client does, and records every event it
/// receives, in order, as {ev, args} (an ack callback is the last of args).
export async function chatClient(url, opts = {}) {
  const sessionId = opts.sessionId ?? randomUUID();
  const socket = io(url, {
    path: "/ws/socket.io",
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    transports: opts.transports ?? ["websocket"],
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
    auth: {
      clientType: "webapp", sessionId, threadId: "", userEnv: "{}", chatProfile: "",
      ...(opts.auth ?? {}),
    },
  });
  const events = [];
  socket.onAny((ev, ...args) => events.push({ ev, args, at: Date.now() }));
  socket.on("connect", () => {
    events.push({ ev: "#connect", args: [] });
    if (opts.handshake !== false) socket.emit("connection_successful");
  });
  socket.on("disconnect", (reason) => events.push({ ev: "#disconnect", args: [reason] }));
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", (err) => { socket.close(); reject(err); });
  });
  const client = {
    socket,
    sessionId,
    events,
    /// The first event at index >= from matching pred (an event name or a function).
    async waitFor(pred, { from = 0, ms = 5000 } = {}) {
      const test = typeof pred === "string" ? (e) => e.ev === pred : pred;
      const i = await until(() => {
        const k = events.findIndex((e, idx) => idx >= from && test(e));
        return k >= 0 ? k + 1 : 0;
      }, ms, `event ${typeof pred === "string" ? pred : pred.toString()}`);
      return { ...events[i - 1], index: i - 1 };
    },
    /// Emits client_message with a fresh user message; returns the message.
    send(output, fileReferences = [], extra = {}) {
      const message = userMessage(output, extra);
      socket.emit("client_message", { message, fileReferences });
      return message;
    },
    /// Sends `output` and waits for the task_end that closes its handling; returns the events
    /// of that task (from the send to task_end) and the message.
    async exchange(output, { ms = 5000, fileReferences = [] } = {}) {
      const from = events.length;
      const message = client.send(output, fileReferences);
      await client.waitFor("task_start", { from, ms });
      const end = await client.waitFor("task_end", { from, ms });
      return { message, events: events.slice(from, end.index + 1) };
    },
    names(from = 0) {
      return events.slice(from).map((e) => e.ev);
    },
    close() { socket.close(); },
  };
  return client;
}

/// The assistant messages' outputs among recorded events (new_message of *_message types).
export function messagesOf(evs) {
  return evs.filter((e) => e.ev === "new_message" && e.args[0].type.endsWith("_message"))
    .map((e) => e.args[0]);
}

/// Uploads `content` as `name` into a session (POST /project/file); returns the response.
export async function upload(url, sessionId, name, content, type = "text/plain", headers = {}) {
  const form = new FormData();
  form.append("file", new Blob([content], { type }), name);
  return fetch(`${url}/project/file?session_id=${sessionId}`, { method: "POST", body: form, headers });
}

// ---- @chainlit/react-client in jsdom ---------------------------------------------------------

let lib;

/// Sets up a jsdom window at `url` (so XHR uploads are same-origin) and loads React, Recoil and
/// @chainlit/react-client into it. Once per process: every test file runs in its own process.
export async function loadReactClient(url) {
  if (lib) return lib;
  const { JSDOM } = await import("jsdom");
  const dom = new JSDOM("<!doctype html><html><body><div id=root></div></body></html>", {
    url: `${url}/`,
    pretendToBeVisual: true,
  });
  const w = dom.window;
  globalThis.window = w;
  globalThis.document = w.document;
  Object.defineProperty(globalThis, "navigator", { value: w.navigator, configurable: true });
  globalThis.localStorage = w.localStorage;
  globalThis.sessionStorage = w.sessionStorage;
  globalThis.HTMLElement = w.HTMLElement;
  // uploadFile posts a FormData through XMLHttpRequest: jsdom's own pair.
  globalThis.XMLHttpRequest = w.XMLHttpRequest;
  globalThis.FormData = w.FormData;
  const React = (await import("react")).default;
  const { createRoot } = await import("react-dom/client");
  const { RecoilRoot } = await import("recoil");
  const rc = await import("@chainlit/react-client");
  lib = { dom, window: w, React, createRoot, RecoilRoot, rc };
  return lib;
}

/// Renders RecoilRoot > ChainlitContext.Provider > a probe component that calls the client's
/// hooks and connects once mounted. `probe.current` always holds the latest hook values:
/// {session, interact, messages, data}. `probe.renders` counts renders; `onRender` runs on each.
export async function mountReactClient(url, { transports, onRender } = {}) {
  const { React, createRoot, RecoilRoot, rc } = await loadReactClient(url);
  const probe = { current: undefined, renders: 0 };
  function Probe() {
    const session = rc.useChatSession();
    const interact = rc.useChatInteract();
    const messages = rc.useChatMessages();
    const data = rc.useChatData();
    probe.current = { session, interact, messages, data };
    probe.renders++;
    if (onRender) onRender(probe.current);
    React.useEffect(() => {
      session.connect({ userEnv: {}, transports });
    }, []);
    return null;
  }
  const api = new rc.ChainlitAPI(url, "webapp");
  const container = lib.window.document.createElement("div");
  lib.window.document.body.appendChild(container);
  const root = createRoot(container);
  // sessionIdState's default is one uuid made when the module loads (one per page in a
  // browser); each mount here is a new page, so it gets its own.
  const sessionId = randomUUID();
  const initializeState = ({ set }) => set(rc.sessionIdState, sessionId);
  root.render(React.createElement(RecoilRoot, { initializeState },
    React.createElement(rc.ChainlitContext.Provider, { value: api },
      React.createElement(Probe))));
  await until(() => probe.current?.session.session?.socket?.connected, 5000, "react-client connect");
  return {
    probe,
    api,
    get socket() { return probe.current.session.session.socket; },
    get sessionId() { return probe.current.session.sessionId; },
    get messages() { return probe.current.messages.messages; },
    get data() { return probe.current.data; },
    get interact() { return probe.current.interact; },
    unmount() {
      probe.current?.session.disconnect();
      root.unmount();
      container.remove();
    },
  };
}

/// Depth-first walk over the react-client's message tree.
export function flatten(messages) {
  const out = [];
  const walk = (list) => list.forEach((m) => { out.push(m); walk(m.steps ?? []); });
  walk(messages);
  return out;
}

export function findMessage(messages, pred) {
  return flatten(messages).find(pred);
}
