// bench/cluster: issue 13's figures, on real Redis, PostgreSQL and nginx from Debian's packages
// (the project's scripts start them on loopback; each is stopped by pid at the end). Prints one
// JSON object (the results) on its last line; bench/cluster/run turns it into docs.
//
//  1. emit: a custom endpoint sends one message into a chat whose browser is on node A. Called
//     on node A (the local path) or on node B (cross-node: B finds the chat in Redis and sends
//     over the bus), at BENCH_CL_RATE messages/s spread over BENCH_CL_CHATS chats, in
//     alternating windows. Latency: request sent -> message arrived at the socket.io-client.
//     CPU: utime+stime of both nodes over the window, per message.
//  2. redis: chat messages (client_message -> the app's reply, persisted in PostgreSQL) at the
//     same rate on one node with Redis configured and on one without, in alternating windows:
//     CPU per message of that node.
//  3. failover: BENCH_CL_FAILOVER_CHATS chats through nginx round robin over three nodes, each
//     sending a message a second (socket.io-client's default reconnection); one node is killed
//     with SIGKILL; for each of its chats, the time from the kill to the answer of its next
//     message on another node.
//
// Environment: DURABILITY_APP (the app: build/tests/integration/persistence/durability_app),
// BENCH_CL_RATE (1000), BENCH_CL_CHATS (100), BENCH_CL_WINDOW (seconds, 8), BENCH_CL_ROUNDS
// (windows per path, 3), BENCH_CL_FAILOVER_CHATS (150). Loopback only; every loop is bounded
// by a count and a deadline.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { startAppProcess } from "../../tests/support/app_process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const { io } = createRequire(join(root, "tests", "node", "package.json"))("socket.io-client");
const app = process.env.DURABILITY_APP ?? join(root, "build", "tests", "integration", "persistence", "durability_app");
const rate = Number(process.env.BENCH_CL_RATE ?? 1000);
const chats = Number(process.env.BENCH_CL_CHATS ?? 100);
const windowS = Number(process.env.BENCH_CL_WINDOW ?? 8);
const rounds = Number(process.env.BENCH_CL_ROUNDS ?? 3);
const failoverChats = Number(process.env.BENCH_CL_FAILOVER_CHATS ?? 150);
const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100);

const stops = [];
const work = mkdtempSync(join(tmpdir(), "cl_bench_cluster_"));
function script(name, ...args) {
  const r = spawnSync(join(root, "scripts", name), args, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${name} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim().split("\n");
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(check, what, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
const cpuTicks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15)
};
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => percentile(xs, 50);

// ---- the parts -------------------------------------------------------------------------------

async function startNode(name, { redis = true, port = 0 } = {}) {
  const dir = mkdtempSync(join(work, `${name}_`));
  const env = redis ? { CHAINLIT_REDIS_URL: redisUrl, CHAINLIT_NODE_ID: name } : {};
  const node = await startAppProcess(app, ["serve", "--db", db, "--root", dir, "--port", String(port)], { env, timeoutMs: 30_000 });
  stops.push(() => node.stop());
  const [, token] = node.line.split(" ");
  return { ...node, name, pid: node.child.pid, origin: `http://127.0.0.1:${node.port}`, token };
}

function connect(url, token, { reconnection = false } = {}) {
  const sessionId = randomUUID();
  const socket = io(url, {
    path: "/ws/socket.io", forceNew: true, reconnection, transports: ["websocket"],
    extraHeaders: { Cookie: `access_token=${token}` },
    auth: { clientType: "webapp", sessionId, threadId: "", userEnv: "{}", chatProfile: "" },
  });
  socket.on("connect", () => socket.emit("connection_successful"));
  return { socket, sessionId };
}
async function connectAll(url, token, n, opts) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(connect(url, token, opts));
  await until(() => out.every((c) => c.socket.connected), `${n} connections`, 30_000);
  return out;
}
const say = (socket, output) =>
  socket.emit("client_message", {
    message: { id: randomUUID(), name: "User", type: "user_message", output, createdAt: new Date().toISOString() },
    fileReferences: [],
  });

// Runs `send(k)` at `rate`/s for `seconds` (a batch every 10 ms), then waits for what is in
// flight; `arrived` counts what came back. CPU is read around the whole window.
async function window(pids, seconds, send, arrived) {
  const before = pids.map(cpuTicks);
  const t0 = Date.now();
  let sent = 0;
  const end = t0 + seconds * 1000;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate);
    while (sent < due) send(sent++);
    await sleep(10);
  }
  await until(() => arrived() >= sent, "the window's answers", 20_000).catch(() => {});
  const ticks = pids.map(cpuTicks).reduce((s, t, i) => s + t - before[i], 0);
  return { sent, seconds: (Date.now() - t0) / 1000, cpuUsPerMsg: ((ticks / hz) * 1e6) / Math.max(1, arrived()) };
}

const results = { rate, chats, window: windowS, rounds, load_before: loadavg() };
let redisUrl, db;
try {
  const redisDir = join(work, "redis");
  [redisUrl] = script("redis_test_server", "start", redisDir);
  stops.push(() => script("redis_test_server", "stop", redisDir));
  // In a folder of its own choosing: it runs as an unprivileged user, who must own the folder.
  const [pgUrl, , pgDir] = script("pg_test_server", "start");
  stops.push(() => script("pg_test_server", "stop", pgDir));
  db = pgUrl.replace(/\/[^/]*$/, "/bench_cluster");
  spawnSync("psql", [pgUrl, "-qc", "CREATE DATABASE bench_cluster"], { timeout: 30_000 });

  const a = await startNode("nodeA");
  const b = await startNode("nodeB");

  // ---- 1. cross-node emit against local emit ---------------------------------------------------
  {
    const clients = await connectAll(a.origin, a.token, chats);
    const sentAt = new Map();
    const latencies = [];
    let got = 0;
    for (const c of clients)
      c.socket.on("new_message", (m) => {
        const k = Number(m.output.split(" ")[0]);
        const t = sentAt.get(k);
        if (t === undefined) return;
        latencies.push(performance.now() - t);
        sentAt.delete(k);
        got++;
      });
    let next = 0;
    const http = { errors: 0 };
    const path = { local: [], cross: [] };
    for (let r = 0; r < rounds * 2 + 1; r++) {
      const kind = r === 0 ? "warmup" : r % 2 ? "local" : "cross";
      const target = kind === "cross" ? b : a;
      latencies.length = 0;
      got = 0;
      const base = next;
      const w = await window([a.pid, b.pid], r === 0 ? 2 : windowS, (i) => {
        const k = base + i;
        next = k + 1;
        const c = clients[k % clients.length];
        sentAt.set(k, performance.now());
        fetch(`${target.origin}/relay/${c.sessionId}/seq?label=${k}&n=1`)
          .then((res) => { if (res.status !== 200) http.errors++; return res.arrayBuffer(); })
          .catch(() => { http.errors++; });
      }, () => got);
      if (kind !== "warmup")
        path[kind].push({ ...w, p50: percentile(latencies, 50), p99: percentile(latencies, 99), arrived: got });
      sentAt.clear();
    }
    const sum = (k) => ({
      p50: median(path[k].map((w) => w.p50)), p99: median(path[k].map((w) => w.p99)),
      cpuUsPerMsg: median(path[k].map((w) => w.cpuUsPerMsg)),
      sent: path[k].reduce((s, w) => s + w.sent, 0), arrived: path[k].reduce((s, w) => s + w.arrived, 0),
    });
    results.emit = { local: sum("local"), cross: sum("cross"), httpErrors: http.errors };
    for (const c of clients) c.socket.close();
  }

  // ---- 2. one node with Redis configured against one without, local chat traffic --------------
  {
    const solo = await startNode("solo", { redis: false });
    const per = { redis: [], solo: [] };
    for (let r = 0; r < rounds * 2 + 1; r++) {
      const kind = r === 0 ? "warmup" : r % 2 ? "solo" : "redis";
      const node = kind === "redis" ? a : solo;
      const clients = await connectAll(node.origin, node.token, chats);
      let got = 0;
      for (const c of clients) c.socket.on("new_message", (m) => { if (m.output.startsWith("ok ")) got++; });
      const w = await window([node.pid], r === 0 ? 2 : windowS, (i) => say(clients[i % clients.length].socket, "hi"), () => got);
      if (kind !== "warmup") per[kind].push({ ...w, arrived: got });
      for (const c of clients) c.socket.close();
      await sleep(300);
    }
    const sum = (k) => ({
      cpuUsPerMsg: median(per[k].map((w) => w.cpuUsPerMsg)),
      sent: per[k].reduce((s, w) => s + w.sent, 0), arrived: per[k].reduce((s, w) => s + w.arrived, 0),
    });
    results.redis = { with: sum("redis"), without: sum("solo") };
    await solo.stop();
  }

  // ---- 3. a node killed under load: its chats chatting again elsewhere ------------------------
  {
    const c3 = await startNode("nodeC");
    const nodes = [a, b, c3];
    const nginxDir = join(work, "nginx");
    const [proxy] = script("nginx_test_server", "start", nginxDir, ...nodes.map((n) => String(n.port)));
    stops.push(() => script("nginx_test_server", "stop", nginxDir));
    const clients = await connectAll(proxy, a.token, failoverChats, { reconnection: true });
    let killedAt = 0;
    const back = new Map(); // session id -> ms from the kill to its first answer after it
    const answered = { before: 0, after: 0 };
    for (const c of clients) {
      c.socket.on("new_message", (m) => {
        if (!m.output.startsWith("ok ")) return;
        if (!killedAt) answered.before++;
        else {
          answered.after++;
          if (c.victim && !back.has(c.sessionId)) back.set(c.sessionId, Date.now() - killedAt);
        }
      });
      c.socket.on("connect", () => { if (killedAt && c.victim) say(c.socket, "again"); });
    }
    const ticker = setInterval(() => { for (const c of clients) if (c.socket.connected) say(c.socket, "tick"); }, 1000);
    await sleep(5000);
    // The node with the most chats goes.
    const owners = new Map();
    for (const c of clients) {
      const r = spawnSync("redis-cli", ["-u", redisUrl, "--raw", "HGET", `chainlit:chat:${c.sessionId}`, "node"], { encoding: "utf8" });
      c.node = r.stdout.trim();
      owners.set(c.node, (owners.get(c.node) ?? 0) + 1);
    }
    const [victimName] = [...owners.entries()].sort((x, y) => y[1] - x[1])[0];
    const victim = nodes.find((n) => n.name === victimName);
    for (const c of clients) c.victim = c.node === victimName;
    const affected = clients.filter((c) => c.victim).length;
    killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await until(() => back.size >= affected, "every chat of the killed node answering again", 30_000).catch(() => {});
    clearInterval(ticker);
    const times = [...back.values()];
    results.failover = {
      chats: failoverChats, affected, back: back.size, p50: percentile(times, 50), p99: percentile(times, 99),
      max: Math.max(...times), answeredBefore: answered.before, answeredAfter: answered.after,
    };
    for (const c of clients) c.socket.close();
  }
} finally {
  results.load_after = loadavg();
  for (const stop of stops.reverse()) {
    try { await stop(); } catch (e) { console.error(`bench/cluster: a stop failed: ${e.message}`); }
  }
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
process.exit(0);
