// Scale-out, first part (issue 13, docs/SCALING.md): three nodes of a real app share a real
// Redis and PostgreSQL behind a real nginx doing plain round robin (no ip_hash, no sticky
// cookie). Engine.IO requests of one session land on any node and are served through the
// node that owns the session. The seed's websocket context reaches a chat from any node. Also:
// Redis with SQLite is refused at start, /healthz and
// /readyz, and a Redis restart is survived without restarting a node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { startAppProcess } from "../../support/app_process.mjs";
import { cleanups, durabilityApp, freshDatabase, io } from "../persistence/durability_app.mjs";

const scripts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts");
const run = (script, ...args) => {
  const r = spawnSync(join(scripts, script), args, { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${script} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim().split("\n");
};

const work = mkdtempSync(join(tmpdir(), "cl_cluster_"));
const redisDir = join(work, "redis");
const [redisUrl] = run("redis_test_server", "start", redisDir);
cleanups.push(() => spawnSync(join(scripts, "redis_test_server"), ["stop", redisDir]));
const db = freshDatabase(work, "cluster");

// Every node has the same config, as in production: MCP on, with the one stdio server the MCP
// test connects (the real server-everything from npm).
const everything = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "node", "node_modules",
  "@modelcontextprotocol", "server-everything", "dist", "index.js");
const stdioCommand = `node '${everything}' stdio`;

async function startNode(i, env = {}, port = 0, database = db) {
  const root = mkdtempSync(join(work, `node${i}_`));
  mkdirSync(join(root, ".chainlit"));
  writeFileSync(join(root, ".chainlit", "config.toml"),
    `[features.mcp]\nenabled = true\n[features.mcp.stdio]\nallowed_commands = ["${stdioCommand}"]\n`);
  const node = await startAppProcess(durabilityApp, ["serve", "--db", database, "--root", root, "--port", String(port)], {
    env: { CHAINLIT_REDIS_URL: redisUrl, CHAINLIT_NODE_ID: `node${i}`, ...env },
    timeoutMs: 30_000,
  });
  cleanups.push(() => node.stop());
  // A node that dies by itself (not killed by a test, nor stopped) says why.
  node.exited.then(({ code, signal }) => {
    if (signal !== "SIGKILL" && signal !== "SIGTERM" && code !== 0)
      console.error(`# node${i} died (code ${code}, signal ${signal}):\n${node.stderr().slice(-4000)}`);
  });
  const [, author, other] = node.line.split(" ");
  return { ...node, origin: `http://127.0.0.1:${node.port}`, token: author, otherToken: other };
}

const nodes = [];
for (let i = 0; i < 3; i++) nodes.push(await startNode(i));
const nginxDir = join(work, "nginx");
const [proxy] = run("nginx_test_server", "start", nginxDir, ...nodes.map((n) => String(n.port)));
cleanups.push(() => spawnSync(join(scripts, "nginx_test_server"), ["stop", nginxDir]));
const token = nodes[0].token;

const eio = (origin, query) => `${origin}/ws/socket.io/?EIO=4&transport=polling${query}`;
const cookie = { Cookie: `access_token=${token}` };
const auth = () => ({ clientType: "webapp", sessionId: randomUUID(), threadId: "", userEnv: "{}", chatProfile: "" });

test("one Engine.IO session served by three nodes: handshake on one, CONNECT on another, poll on the third", async () => {
  const [a, b, c] = nodes;
  const open = await (await fetch(eio(a.origin, ""), { headers: cookie })).text();
  assert.match(open, /^0\{/);
  const sid = JSON.parse(open.slice(1)).sid;
  const post = await fetch(eio(b.origin, `&sid=${sid}`), {
    method: "POST", headers: { ...cookie, "Content-Type": "text/plain;charset=UTF-8" },
    body: `40${JSON.stringify(auth())}`,
  });
  assert.equal(post.status, 200);
  assert.equal(await post.text(), "ok");
  const poll = await fetch(eio(c.origin, `&sid=${sid}`), { headers: cookie });
  assert.equal(poll.status, 200);
  assert.match(await poll.text(), /^40\{"sid":/); // the owner's CONNECT answer, through node c
  // A sid nobody owns is the same Engine.IO error as on one node.
  const unknown = await fetch(eio(b.origin, "&sid=AAAAAAAAAAAAAAAAAAAA"));
  assert.equal(unknown.status, 400);
  assert.deepEqual(await unknown.json(), { code: 1, message: "Session ID unknown" });
});

test("a CONNECT without a token, sent through another node, is refused by the owner", async () => {
  const [a, b, c] = nodes;
  const sid = JSON.parse((await (await fetch(eio(a.origin, ""))).text()).slice(1)).sid;
  const post = await fetch(eio(b.origin, `&sid=${sid}`), {
    method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: `40${JSON.stringify(auth())}`,
  });
  assert.equal(await post.text(), "ok");
  const poll = await fetch(eio(c.origin, `&sid=${sid}`));
  assert.equal(await poll.text(), '44{"message":"authentication failed"}');
});

/// Connects through nginx with `transports`, sends a message, resolves with the reply text.
async function chatThroughProxy(transports) {
  const socket = io(proxy, {
    path: "/ws/socket.io", forceNew: true, reconnection: false, transports,
    extraHeaders: cookie, auth: auth(),
  });
  try {
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("connect timed out")), 10_000);
      socket.once("connect", () => { clearTimeout(t); resolve(); });
      socket.once("connect_error", (e) => { clearTimeout(t); reject(e); });
    });
    socket.emit("connection_successful");
    const id = randomUUID();
    const replies = [];
    for (let i = 0; i < 3; i++) {
      const mid = `${id.slice(0, -1)}${i}`;
      const got = new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no reply (${transports})`)), 10_000);
        const onNew = (m) => {
          if (m?.output === `ok ${mid}`) { clearTimeout(t); socket.off("new_message", onNew); resolve(m.output); }
        };
        socket.on("new_message", onNew);
      });
      socket.emit("client_message", {
        message: { id: mid, name: "User", type: "user_message", output: `hi ${i}`, createdAt: new Date().toISOString() },
        fileReferences: [],
      });
      replies.push(await got);
    }
    return { replies, transport: socket.io.engine.transport.name };
  } finally {
    socket.close();
  }
}

for (const [name, transports, finalTransport] of [
  ["default transports (polling, then the upgrade)", ["polling", "websocket"], "websocket"],
  ["websocket only", ["websocket"], "websocket"],
  ["polling only", ["polling"], "polling"],
]) {
  test(`socket.io-client through round-robin nginx, ${name}: three messages answered`, async () => {
    const { replies, transport } = await chatThroughProxy(transports);
    assert.equal(replies.length, 3);
    assert.equal(transport, finalTransport);
  });
}

// ---- the seed's websocket context from any node (point 2) ------------------------------------

/// A socket.io-client connected straight to `node` over websocket, recording every event.
async function chatOn(node, sessionId = randomUUID()) {
  const socket = io(node.origin, {
    path: "/ws/socket.io", forceNew: true, reconnection: false, transports: ["websocket"],
    extraHeaders: cookie, auth: { ...auth(), sessionId },
  });
  const events = [];
  socket.onAny((event, payload) => events.push([event, payload]));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("connect timed out")), 10_000);
    socket.once("connect", () => { clearTimeout(t); resolve(); });
    socket.once("connect_error", (e) => { clearTimeout(t); reject(e); });
  });
  socket.emit("connection_successful");
  return { socket, sessionId, events };
}

async function until(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const relay = (node, sessionId, action, query = "") =>
  fetch(`${node.origin}/relay/${sessionId}/${action}${query}`);
const outputs = (events) => events.filter(([e]) => e === "new_message").map(([, m]) => m.output);

test("the seed's websocket context from another node: found, and its message reaches the browser; an unknown id is 404", async () => {
  const [a, b, c] = nodes;
  const chat = await chatOn(a);
  try {
    const r = await relay(b, chat.sessionId, "hello");
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal(await r.text(), "sent");
    // The endpoint answered after the owner confirmed: the message is on its way already.
    await until(() => outputs(chat.events).includes("Hello World"), "Hello World from node1", 3_000);
    const unknown = await relay(c, randomUUID(), "hello");
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { detail: "Session not found" });
  } finally {
    chat.socket.close();
  }
});

test("from another node: a stream, an update, a removal and a toast arrive as on the owner", async () => {
  const [a, b] = nodes;
  const chat = await chatOn(a);
  try {
    for (const action of ["stream", "update", "remove", "toast"])
      assert.equal((await relay(b, chat.sessionId, action)).status, 200, action);
    await until(() => chat.events.some(([e]) => e === "toast"), "the toast");
    const byId = new Map();
    for (const [event, p] of chat.events) {
      if (!p?.id) continue;
      if (!byId.has(p.id)) byId.set(p.id, []);
      byId.get(p.id).push([event, p.output ?? p.token]);
    }
    const seen = [...byId.values()].map((list) => JSON.stringify(list));
    assert.ok(seen.includes(JSON.stringify([["stream_start", "a"], ["stream_token", "b"], ["stream_token", "c"], ["new_message", "abc"]])), seen.join("\n"));
    assert.ok(seen.includes(JSON.stringify([["new_message", "draft"], ["update_message", "final"]])), seen.join("\n"));
    assert.ok(seen.includes(JSON.stringify([["new_message", "temporary"], ["delete_message", undefined]])), seen.join("\n"));
    assert.deepEqual(chat.events.find(([e]) => e === "toast")[1], { message: "hi", type: "info" });
  } finally {
    chat.socket.close();
  }
});

test("an ask from another node: the browser's answer comes back to the node that asked", async () => {
  const [a, , c] = nodes;
  const chat = await chatOn(a);
  chat.socket.on("ask", ({ msg }, ack) => {
    assert.equal(msg.output, "What is your name?");
    ack({ id: randomUUID(), type: "user_message", name: "User", output: "Ada", createdAt: new Date().toISOString() });
  });
  try {
    // The chat is ready (connection_successful handled) once a message sent to it arrives: an
    // ask before that finds no browser to ask, on one node as on several.
    await relay(c, chat.sessionId, "hello");
    await until(() => outputs(chat.events).includes("Hello World"), "the chat to be ready");
    const r = await relay(c, chat.sessionId, "ask");
    assert.equal(r.status, 200);
    assert.equal(await r.text(), "answer Ada");
  } finally {
    chat.socket.close();
  }
});

test("per-session order: what nodes send one after the other arrives in that order", async () => {
  const [a, b, c] = nodes;
  const chat = await chatOn(a);
  try {
    for (const [node, label, n] of [[b, "B", 5], [a, "A", 5], [c, "C", 3], [b, "B2", 2]]) {
      const r = await relay(node, chat.sessionId, "seq", `?label=${label}&n=${n}`);
      assert.equal(r.status, 200);
    }
    const expected = [
      ...[0, 1, 2, 3, 4].map((i) => `B ${i}`), ...[0, 1, 2, 3, 4].map((i) => `A ${i}`),
      ...[0, 1, 2].map((i) => `C ${i}`), "B2 0", "B2 1",
    ];
    await until(() => outputs(chat.events).length >= expected.length, "15 messages");
    assert.deepEqual(outputs(chat.events), expected);
  } finally {
    chat.socket.close();
  }
});

test("a chat whose browser reconnects to another node moves there: the old node lets its copy go", async () => {
  const [a, b, c] = nodes;
  const first = await chatOn(a);
  await relay(c, first.sessionId, "hello");
  await until(() => outputs(first.events).includes("Hello World"), "the chat on node0");
  first.socket.close();
  const second = await chatOn(b, first.sessionId); // the same tab, back through another node
  try {
    // Node0 had the chat; an endpoint there must now reach the browser on node1, not a
    // leftover copy of its own.
    const deadline = Date.now() + 5_000;
    while (!outputs(second.events).includes("Hello World")) {
      assert.ok(Date.now() < deadline, "node0 still sends into its own copy of the chat");
      assert.equal((await relay(a, first.sessionId, "hello")).status, 200);
      await new Promise((r) => setTimeout(r, 50));
    }
    // And from the third node too.
    const before = outputs(second.events).length;
    assert.equal((await relay(c, first.sessionId, "seq", "?label=moved&n=1")).status, 200);
    await until(() => outputs(second.events).slice(before).includes("moved 0"), "a message from node2");
  } finally {
    second.socket.close();
  }
});

test("the chat's HTTP routes on any node: uploads to the other nodes reach the chat, an element's file is served by any node", async () => {
  const [a, b, c] = nodes;
  const chat = await chatOn(a);
  try {
    const ids = [];
    for (const [node, name] of [[b, "one.txt"], [c, "two.txt"]]) {
      const form = new FormData();
      form.append("file", new Blob([`bytes of ${name}`], { type: "text/plain" }), name);
      const r = await fetch(`${node.origin}/project/file?session_id=${chat.sessionId}`, {
        method: "POST", body: form, headers: cookie,
      });
      assert.equal(r.status, 200, `upload through ${node.port}: ${await r.clone().text()}`);
      ids.push((await r.json()).id);
    }
    const mid = randomUUID();
    chat.socket.emit("client_message", {
      message: { id: mid, name: "User", type: "user_message", output: "element", createdAt: new Date().toISOString() },
      fileReferences: ids.map((id) => ({ id })),
    });
    await until(() => outputs(chat.events).includes(`ok ${mid}`), "the reply");
    assert.ok(outputs(chat.events).includes("files one.txt:16:text/plain,two.txt:16:text/plain"), outputs(chat.events).join("\n"));
    // The reply's element: its bytes are in the owner's session files, fetched through node c.
    const element = chat.events.find(([e, p]) => e === "element" && p.forId !== undefined && p.name === "note")?.[1];
    assert.ok(element?.chainlitKey, JSON.stringify(chat.events.filter(([e]) => e === "element")));
    const file = await fetch(`${c.origin}/project/file/${element.chainlitKey}?session_id=${chat.sessionId}`, { headers: cookie });
    assert.equal(file.status, 200);
    assert.equal(await file.text(), `element bytes for ${mid}`);
    // Another user is refused by the owner, as on one node.
    const other = await fetch(`${c.origin}/project/file/${element.chainlitKey}?session_id=${chat.sessionId}`, {
      headers: { Cookie: `access_token=${nodes[0].otherToken}` },
    });
    assert.equal(other.status, 401);
    // A session no node has: the same answer as on one node (Chainlit's 401 for this route).
    const unknown = await fetch(`${b.origin}/project/file/${element.chainlitKey}?session_id=${randomUUID()}`, { headers: cookie });
    assert.equal(unknown.status, 401);
  } finally {
    chat.socket.close();
  }
});

test("healthz and readyz; Redis killed and restarted: ready again without restarting a node", async () => {
  const [a] = nodes;
  assert.deepEqual(await (await fetch(`${a.origin}/healthz`)).json(), { status: "ok", node: "node0" });
  const ready = await fetch(`${a.origin}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual((await ready.json()).checks, { redis: "ok", database: "ok" });

  run("redis_test_server", "kill", redisDir);
  const down = await fetch(`${a.origin}/readyz`);
  assert.equal(down.status, 503);
  assert.match((await down.json()).detail, /redis .* is unreachable/);
  assert.equal((await fetch(`${a.origin}/healthz`)).status, 200); // alive all the same
  // The seed's endpoint cannot look a chat up: 503 with a detail, not a hang or a crash.
  const lookup = await relay(nodes[1], randomUUID(), "hello");
  assert.equal(lookup.status, 503);
  assert.match((await lookup.json()).detail, /The session directory cannot be reached: redis .* is unreachable/);

  run("redis_test_server", "restart", redisDir);
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline && status !== 200) {
    await new Promise((r) => setTimeout(r, 200));
    status = (await fetch(`${a.origin}/readyz`)).status;
  }
  assert.equal(status, 200, "not ready again 15 s after Redis came back");
  const { replies } = await chatThroughProxy(["polling"]);
  assert.equal(replies.length, 3);
  // Cross-node sends work again (the bus reconnects with backoff).
  const chat = await chatOn(nodes[0]);
  try {
    let r;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      r = await relay(nodes[2], chat.sessionId, "hello");
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.equal(r.status, 200, "cross-node sends did not come back within 15 s");
    await until(() => outputs(chat.events).includes("Hello World"), "Hello World after the outage");
  } finally {
    chat.socket.close();
  }
});

test("Redis with SQLite is refused at start, with one line that says why", async () => {
  const root = mkdtempSync(join(work, "sqlite_"));
  const r = spawnSync(durabilityApp, ["serve", "--db", `sqlite://${join(root, "chat.db")}`, "--root", root], {
    env: { ...process.env, CHAINLIT_REDIS_URL: redisUrl }, encoding: "utf8", timeout: 30_000,
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /CHAINLIT_REDIS_URL needs a PostgreSQL DATABASE_URL/);
});

test("a malformed CHAINLIT_REDIS_URL is refused at start", async () => {
  const root = mkdtempSync(join(work, "badurl_"));
  const r = spawnSync(durabilityApp, ["serve", "--db", db, "--root", root], {
    env: { ...process.env, CHAINLIT_REDIS_URL: "http://127.0.0.1:1" }, encoding: "utf8", timeout: 30_000,
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /CHAINLIT_REDIS_URL: the scheme must be redis:\/\//);
});

test("the MCP routes from any node: served by the chat's node, which runs the server; another user's calls are refused there", async () => {
  const [a, b, c] = nodes;
  const chat = await chatOn(a);
  const call = (node, method, tok, body) =>
    fetch(`${node.origin}/mcp`, {
      method, headers: { "content-type": "application/json", Cookie: `access_token=${tok}` }, body: JSON.stringify(body),
    });
  const server = { sessionId: chat.sessionId, name: "everything" };
  const connect = { ...server, clientType: "stdio", fullCommand: stdioCommand };
  try {
    const refused = await call(b, "POST", nodes[0].otherToken, connect);
    assert.equal(refused.status, 401, await refused.text());
    const ok = await call(b, "POST", token, connect);
    assert.equal(ok.status, 200, await ok.clone().text());
    const body = await ok.json();
    assert.equal(body.success, true);
    assert.ok(body.mcp.tools.some((t) => t.name === "echo"), JSON.stringify(body.mcp.tools));
    // Another user cannot remove it either (through the third node); its owner can, once.
    assert.equal((await call(c, "DELETE", nodes[0].otherToken, server)).status, 401);
    assert.equal((await call(c, "DELETE", token, server)).status, 200);
    assert.equal((await call(a, "DELETE", token, server)).status, 404); // it was on node0, and is gone
  } finally {
    chat.socket.close();
  }
});

// ---- a chat taken over by another node (points 3 and 4) --------------------------------------

const redisCli = (...args) => {
  const r = spawnSync("redis-cli", ["-u", redisUrl, "--raw", ...args], { encoding: "utf8", timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const psql = (sql) => {
  const r = spawnSync("psql", [db, "-At", "-c", sql], { encoding: "utf8", timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
// The run steps of `thread` that the data layer holds as unfinished (their hook never ended).
const unfinishedRuns = (thread) =>
  `SELECT count(*) FROM "Step" s JOIN "ChainlitCppStep" x ON x."stepId" = s.id WHERE s."threadId" = '${thread}' AND s.type = 'run' AND x.extra->>'unfinished' = 'true'`;
const say = (socket, output) =>
  socket.emit("client_message", {
    message: { id: randomUUID(), name: "User", type: "user_message", output, createdAt: new Date().toISOString() },
    fileReferences: [],
  });
const count = (events, name) => events.filter(([e]) => e === name).length;

test("another user cannot take over a chat that lives on another node: refused, the victim's record and chat untouched", async () => {
  const [a, b, c] = nodes;
  const chat = await chatOn(a);
  try {
    say(chat.socket, "count");
    await until(() => outputs(chat.events).includes("count 1 resumed=no"), "the victim's reply");
    await until(() => count(chat.events, "task_end") >= 2, "the victim's task_end");
    const key = `chainlit:chat:${chat.sessionId}`;
    const record = redisCli("HGETALL", key);
    assert.match(record, /^node\nnode0$/m);
    const attacker = io(b.origin, {
      path: "/ws/socket.io", forceNew: true, reconnection: false, transports: ["websocket"],
      extraHeaders: { Cookie: `access_token=${nodes[0].otherToken}` },
      // With the victim's recovery pid too (as if it leaked): no hand-over is even asked for.
      auth: { ...auth(), sessionId: chat.sessionId, pid: chat.socket._pid, offset: chat.socket._lastOffset },
    });
    const refused = await new Promise((resolve) => {
      attacker.once("connect", () => resolve("connected"));
      attacker.once("connect_error", (e) => resolve(e.message));
    });
    attacker.close();
    assert.equal(refused, "authorization failed");
    assert.ok(chat.socket._pid && chat.socket.connected, "the victim's connection is untouched");
    assert.equal(redisCli("HGETALL", key), record); // byte for byte
    assert.equal((await relay(c, chat.sessionId, "hello")).status, 200);
    await until(() => outputs(chat.events).includes("Hello World"), "the victim still reached from node2");
  } finally {
    chat.socket.close();
  }
});

test("a node killed with SIGKILL: its chat comes back through nginx on another node, same thread, user session from Redis, on_chat_resume, the interrupted hook ends with an error", async () => {
  const sessionId = randomUUID();
  const socket = io(proxy, {
    path: "/ws/socket.io", forceNew: true, transports: ["websocket"], reconnectionDelay: 100,
    reconnectionDelayMax: 500, extraHeaders: cookie, auth: { ...auth(), sessionId },
  });
  const events = [];
  socket.onAny((event, payload) => events.push([event, payload]));
  let connects = 0;
  socket.on("connect", () => { connects++; socket.emit("connection_successful"); }); // as react-client does
  let killed;
  try {
    await until(() => connects === 1, "the first connect");
    say(socket, "count");
    await until(() => outputs(events).includes("count 1 resumed=no"), "count 1");
    say(socket, "count");
    await until(() => outputs(events).includes("count 2 resumed=no"), "count 2");
    await until(() => count(events, "task_end") >= 3, "the second task_end");
    const thread = events.find(([e]) => e === "first_interaction")[1].thread_id;
    say(socket, "hang");
    await until(() => outputs(events).includes("hanging"), "the hook to hang");
    // The hook's run step is stored (unfinished) before the kill, as it is for any hook that
    // runs longer than a flush.
    await until(() => psql(unfinishedRuns(thread)) === "1", "the run step stored");
    const owner = redisCli("HGET", `chainlit:chat:${sessionId}`, "node").trim();
    const index = Number(owner.replace("node", ""));
    const victim = nodes[index];
    killed = { index, port: victim.port };
    const before = events.length;
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await victim.exited;

    await until(() => connects === 2, "the reconnect through nginx", 15_000);
    await until(() => events.slice(before).some(([e]) => e === "resume_thread"), "resume_thread", 15_000);
    const error = await until(() => events.slice(before).find(([e, m]) => e === "new_message" && m.isError)?.[1], "the error message");
    assert.match(error.output, /not answered: the server that was answering it stopped/);
    const after = events.slice(before).map(([e]) => e);
    assert.ok(after.indexOf("task_end") < after.indexOf("resume_thread"), after.join(","));
    const resumed = events.slice(before).find(([e]) => e === "resume_thread")[1];
    assert.equal(resumed.id, thread);
    const stored = resumed.steps.map((st) => st.output);
    for (const text of ["count 1 resumed=no", "count 2 resumed=no"]) assert.ok(stored.includes(text), stored.join("|"));
    const run = resumed.steps.filter((st) => st.type === "run" && st.isError);
    assert.equal(run.length, 1);
    assert.ok(run[0].end && run[0].isError, JSON.stringify(run[0]));

    say(socket, "count");
    await until(() => outputs(events).includes("count 3 resumed=yes"), "count 3 on the new node", 10_000);
    console.log(`# from SIGKILL to a reply on another node: ${Date.now() - killedAt} ms`);
    const now = redisCli("HGET", `chainlit:chat:${sessionId}`, "node").trim();
    assert.notEqual(now, owner);
    assert.equal(psql(unfinishedRuns(thread)), "0");
  } finally {
    socket.close();
    // Back, for the tests after this one.
    if (killed) nodes[killed.index] = await startNode(killed.index, {}, killed.port);
  }
});

// ---- a network blip that reconnects on another node (point 5) --------------------------------

// nginx's worker, killed: every connection through it drops at once, as in a network blip, and
// the master starts a new worker. The nodes stay up.
const nginxWorkers = () => {
  const master = spawnSync("cat", [join(nginxDir, "nginx.pid")], { encoding: "utf8" }).stdout.trim();
  const r = spawnSync("pgrep", ["-P", master], { encoding: "utf8" });
  return r.stdout.trim().split("\n").filter(Boolean);
};
// Round robin goes on from the node that answered last: asking /healthz until `node` answers
// makes the next connection (the client's reconnect) go to another one.
async function steerPast(node) {
  for (let i = 0; i < 6; i++) {
    const r = await fetch(`${proxy}/healthz`);
    if ((await r.json()).node === node) return;
  }
  throw new Error(`nginx never sent /healthz to ${node}`);
}
// A streamed message's text as the browser builds it: stream_start carries the first token.
const streamed = (events, id) =>
  events.filter(([e, t]) => (e === "stream_start" || e === "stream_token") && t.id === id)
    .map(([e, t]) => (e === "stream_start" ? t.output : t.token)).join("");

test("a network blip that reconnects through nginx on another node: what was missed comes first, recovered is true, and the chat goes on there with its user session", async () => {
  const sessionId = randomUUID();
  const socket = io(proxy, {
    path: "/ws/socket.io", forceNew: true, transports: ["websocket"], reconnectionDelay: 1500,
    reconnectionDelayMax: 1500, randomizationFactor: 0, extraHeaders: cookie, auth: { ...auth(), sessionId },
  });
  const events = [];
  socket.onAny((event, payload) => events.push([event, payload]));
  const connects = [];
  socket.on("connect", () => { connects.push({ at: events.length, recovered: socket.recovered }); socket.emit("connection_successful"); });
  try {
    await until(() => connects.length === 1, "the first connect");
    say(socket, "count");
    await until(() => outputs(events).includes("count 1 resumed=no"), "count 1");
    await until(() => count(events, "task_end") >= 2, "the first task_end");
    const owner = redisCli("HGET", `chainlit:chat:${sessionId}`, "node").trim();

    say(socket, "trickle");
    const id = (await until(() => events.find(([e]) => e === "stream_start"), "the stream"))[1].id;
    await until(() => streamed(events, id).includes("t4 "), "five tokens");
    const [worker] = nginxWorkers();
    const blipAt = events.length;
    process.kill(Number(worker), "SIGKILL");
    await until(() => nginxWorkers().some((w) => w !== worker), "nginx's new worker");
    await steerPast(owner);

    await until(() => connects.length === 2, "the reconnect", 15_000);
    const now = redisCli("HGET", `chainlit:chat:${sessionId}`, "node").trim();
    assert.notEqual(now, owner, "the reconnect landed on the same node");
    assert.equal(connects[1].recovered, true);
    const expected = Array.from({ length: 60 }, (_, i) => `t${i} `).join("");
    await until(() => events.slice(blipAt).some(([e, m]) => (e === "new_message" || e === "update_message") && m.id === id && m.output === expected), "the streamed message, complete");
    // Every token exactly once, in order: those in flight at the blip and those sent while the
    // browser was away came back from the old node.
    assert.equal(streamed(events, id), expected);
    const after = events.slice(connects[1].at).map(([e]) => e);
    assert.ok(!after.includes("resume_thread"), "a recovered chat is not re-rendered: " + after.join(","));
    assert.ok(events.slice(blipAt).filter(([e]) => e === "task_end").length >= 1);

    // The chat lives on the new node now, with the user session the old one had.
    say(socket, "count");
    await until(() => outputs(events).includes("count 2 resumed=yes"), "count 2 on the new node");
    const thread = events.find(([e]) => e === "first_interaction")[1].thread_id;
    assert.equal(redisCli("HGET", `chainlit:chat:${sessionId}`, "thread").trim(), thread);
    // What the old node wrote was committed before the new one took the chat.
    assert.equal(psql(`SELECT output FROM "Step" WHERE id = '${id}' AND "threadId" = '${thread}'`), expected.trim());
  } finally {
    socket.close();
  }
});

test("PostgreSQL killed and restarted under a node: the message sent meanwhile is answered once it is back, and every answered step is stored", async () => {
  // A server of its own: the shared one serves the other tests running beside this file.
  const pgDir = mkdtempSync(join(tmpdir(), "cl_cluster_pgfault_"));
  const [server] = run("pg_test_server", "start", pgDir);
  cleanups.push(() => spawnSync(join(scripts, "pg_test_server"), ["stop", pgDir]));
  const r = spawnSync("psql", [server, "-qc", "CREATE DATABASE faults"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const faults = server.replace(/\/[^/]*$/, "/faults");
  const node = await startNode(7, {}, 0, faults);
  const chat = await chatOn(node);
  try {
    say(chat.socket, "count");
    await until(() => count(chat.events, "task_end") >= 2, "the first answer's task_end");
    const thread = chat.events.find(([e]) => e === "first_interaction")[1].thread_id;
    run("pg_test_server", "kill", pgDir);
    say(chat.socket, "count");
    await new Promise((res) => setTimeout(res, 1_000));
    // Not acknowledged while it cannot be stored: no task_end yet.
    assert.equal(count(chat.events, "task_end"), 2);
    run("pg_test_server", "restart", pgDir);
    await until(() => count(chat.events, "task_end") >= 3, "the answer after the restart", 30_000);
    assert.ok(outputs(chat.events).includes("count 2 resumed=no"), outputs(chat.events).join("|"));
    const stored = spawnSync("psql", [faults, "-At", "-c", `SELECT output FROM "Step" WHERE "threadId" = '${thread}'`], { encoding: "utf8" });
    assert.equal(stored.status, 0, stored.stderr);
    for (const text of ["count 1 resumed=no", "count 2 resumed=no"]) assert.ok(stored.stdout.split("\n").includes(text), stored.stdout);
  } finally {
    chat.socket.close();
  }
  assert.equal(await node.stop(), 0, node.stderr());
});

test("every node stops cleanly on SIGTERM (exit 0: no crash, no leak under ASan)", async () => {
  for (const n of nodes) assert.equal(await n.stop(), 0, n.stderr());
});
