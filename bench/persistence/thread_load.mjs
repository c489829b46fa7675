// Times loading and resuming one thread of many steps against `bench_persistence serve`:
// - route: GET /project/thread/{id} (the history view), from request to the parsed body;
// - resume: a new socket that asks to resume the thread (auth.threadId, then
//   connection_successful, as the react-client does), from the connect call to the
//   `resume_thread` event with the whole thread parsed.
// Usage: node thread_load.mjs <bench_persistence> <db url> <root dir> <steps> <runs>
// Prints TSV rows: load <engine> <what> <steps> <median ms> <min ms> <max ms> <runs>
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { randomUUID } from "node:crypto";

const here = dirname(fileURLToPath(import.meta.url));
const { io } = createRequire(join(here, "..", "..", "tests", "node", "package.json"))("socket.io-client");
const [bin, db, root, steps, runsArg] = process.argv.slice(2);
const runs = Math.min(Number(runsArg ?? 20), 200);
const engine = db.startsWith("sqlite") ? "sqlite" : "postgres";

const child = spawn(bin, ["serve", "--db", db, "--root", root, "--steps", steps], { stdio: ["ignore", "pipe", "inherit"] });
const killer = setTimeout(() => { child.kill("SIGKILL"); process.exit(1); }, 300_000); // bounded
const line = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once("line", resolve);
  child.once("exit", (code) => reject(new Error(`bench_persistence serve exited ${code}`)));
});
const [port, token, threadId] = line.split(" ");
const url = `http://127.0.0.1:${port}`;

async function route() {
  const t0 = performance.now();
  const r = await fetch(`${url}/project/thread/${threadId}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await r.json();
  const ms = performance.now() - t0;
  if (r.status !== 200 || body.steps.length !== Number(steps)) throw new Error(`route: ${r.status}, ${body.steps?.length} steps`);
  return ms;
}

function resume() {
  const t0 = performance.now();
  const socket = io(url, {
    path: "/ws/socket.io", forceNew: true, reconnection: false, transports: ["websocket"],
    extraHeaders: { Cookie: `access_token=${token}` },
    auth: { clientType: "webapp", sessionId: randomUUID(), threadId, userEnv: "{}", chatProfile: "" },
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.close(); reject(new Error("resume timed out")); }, 20_000);
    socket.once("connect", () => socket.emit("connection_successful"));
    socket.once("connect_error", (e) => { clearTimeout(t); reject(e); });
    socket.once("resume_thread", (th) => {
      const ms = performance.now() - t0;
      clearTimeout(t);
      socket.close();
      if (th.steps.length !== Number(steps)) reject(new Error(`resume: ${th.steps.length} steps`));
      else resolve(ms);
    });
  });
}

function report(what, samples) {
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(["load", engine, what, steps, median.toFixed(2), samples[0].toFixed(2),
    samples[samples.length - 1].toFixed(2), samples.length].join("\t"));
}

try {
  for (const [what, fn] of [["route", route], ["resume", resume]]) {
    await fn(); await fn(); // warm-up
    const samples = [];
    for (let i = 0; i < runs; ++i) samples.push(await fn());
    report(what, samples);
  }
} finally {
  clearTimeout(killer);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
