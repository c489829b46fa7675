// A fresh database per test for the Node harnesses that run an app process on SQLite or
// PostgreSQL (DURABILITY_DB=sqlite, the default, or postgres: a server from
// scripts/pg_test_server started once per test file, or the one CHAINLIT_TEST_PG_URL names),
// and the clean-ups run after the file's tests (processes killed, folders removed, the server
// stopped).
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pgScript = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts", "pg_test_server");

/// Run in reverse order after the file's tests.
export const cleanups = [];
after(() => { for (const c of cleanups.reverse()) c(); });

/// "sqlite" or "postgres".
export const databaseKind = process.env.DURABILITY_DB ?? "sqlite";

let pgServer = "";

/// A fresh database URL: a SQLite file in `root`, or a new database (named after `prefix`) on a
/// test PostgreSQL server, started once for the file's tests.
export function freshDatabase(root, prefix) {
  if (databaseKind === "sqlite") return `sqlite://${join(root, "chat.db")}`;
  let server = process.env.CHAINLIT_TEST_PG_URL ?? pgServer;
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), `cl_${prefix}_pg_`));
    const r = spawnSync(pgScript, ["start", dir], { encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `pg_test_server start failed: ${r.stderr}`);
    server = pgServer = r.stdout.split("\n")[0];
    cleanups.push(() => spawnSync(pgScript, ["stop", dir], { timeout: 60_000 }));
  }
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const r = spawnSync("psql", [server, "-qc", `CREATE DATABASE ${name}`], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, `CREATE DATABASE failed: ${r.stderr}`);
  return server.replace(/\/[^/]*$/, `/${name}`);
}
