// scripts/cluster up|down (docs/SCALING.md), the newcomer's way to try the scale-out: Redis,
// PostgreSQL, three nodes of the demo and nginx round robin, started and stopped by pid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "cluster");
const cluster = (...args) =>
  spawnSync(script, args, { encoding: "utf8", timeout: 150_000, env: { ...process.env, CLUSTER_NODES: "3" } });
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("scripts/cluster up: three demo nodes behind nginx, a login that works through the proxy; down stops every process", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "cl_cluster_script_")), "cluster");
  const up = cluster("up", dir);
  assert.equal(up.status, 0, up.stdout + up.stderr);
  const pids = readdirSync(dir).filter((f) => /^node\d+\.pid$/.test(f)).map((f) => Number(readFileSync(join(dir, f), "utf8")));
  try {
    const url = /behind round-robin nginx: (http:\S+)/.exec(up.stdout)?.[1];
    const password = /password: (\S+)/.exec(up.stdout)?.[1];
    assert.ok(url && password, up.stdout);
    assert.equal(pids.length, 3);
    assert.match(cluster("status", dir).stdout, /node2: running/);
    // Round robin: three requests, three nodes, each ready (Redis and PostgreSQL reachable).
    for (let i = 0; i < 3; i++) {
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual((await ready.json()).checks, { redis: "ok", database: "ok" });
    }
    const login = await fetch(`${url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "admin", password }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const wrong = await fetch(`${url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "admin", password: `${password}x` }),
    });
    assert.equal(wrong.status, 401);
    const again = cluster("up", dir);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already up/);
  } finally {
    const down = cluster("down", dir);
    assert.equal(down.status, 0, down.stdout + down.stderr);
  }
  for (const pid of pids) assert.ok(!alive(pid), `node pid ${pid} still runs`);
  assert.match(cluster("status", dir).stdout, /^down/);
});
