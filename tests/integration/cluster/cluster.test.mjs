// Scale-out, first part (issue 13, docs/SCALING.md): three nodes of a real app share a real
// Redis and PostgreSQL behind a real nginx doing plain round robin (no ip_hash, no sticky
// cookie). Engine.IO requests of one session land on any node and are served through the
// node that owns the session. Also: Redis with SQLite is refused at start, /healthz and
// /readyz, and a Redis restart is survived without restarting a node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
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

async function startNode(i, env = {}) {
  const root = mkdtempSync(join(work, `node${i}_`));
  const node = await startAppProcess(durabilityApp, ["serve", "--db", db, "--root", root], {
    env: { CHAINLIT_REDIS_URL: redisUrl, CHAINLIT_NODE_ID: `node${i}`, ...env },
    timeoutMs: 30_000,
  });
  cleanups.push(() => node.stop());
  const [, author] = node.line.split(" ");
  return { ...node, origin: `http://127.0.0.1:${node.port}`, token: author };
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

test("healthz and readyz; Redis killed and restarted: ready again without restarting a node", async () => {
  const [a] = nodes;
  assert.deepEqual(await (await fetch(`${a.origin}/healthz`)).json(), { status: "ok" });
  const ready = await fetch(`${a.origin}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual((await ready.json()).checks, { redis: "ok", database: "ok" });

  run("redis_test_server", "kill", redisDir);
  const down = await fetch(`${a.origin}/readyz`);
  assert.equal(down.status, 503);
  assert.match((await down.json()).detail, /redis .* is unreachable/);
  assert.equal((await fetch(`${a.origin}/healthz`)).status, 200); // alive all the same

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

test("every node stops cleanly on SIGTERM (exit 0: no crash, no leak under ASan)", async () => {
  for (const n of nodes) assert.equal(await n.stop(), 0, n.stderr());
});
