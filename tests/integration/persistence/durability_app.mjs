// The harness of the tests that drive durability_app (durability.test.mjs,
// attachments.test.mjs): socket.io-client from tests/node, a fresh database per test, the app
// process, and cleanups run after the file's tests (processes killed, folders removed, the
// PostgreSQL server stopped). DURABILITY_DB=sqlite (default) or postgres (a server from
// scripts/pg_test_server, or the URL in CHAINLIT_TEST_PG_URL).
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = join(here, "..", "..", "node");
if (!existsSync(join(nodeDir, "node_modules", "socket.io-client"))) {
  throw new Error("tests/node/node_modules is missing: run scripts/bootstrap (or `npm ci` in tests/node)");
}
export const { io } = createRequire(join(nodeDir, "package.json"))("socket.io-client");

export const durabilityApp = builtBinary("DURABILITY_APP", "durability_app");
const pgScript = join(here, "..", "..", "..", "scripts", "pg_test_server");

/// Run in reverse order after the file's tests.
export const cleanups = [];
after(() => { for (const c of cleanups.reverse()) c(); });

let pgServer = "";

/// A fresh database URL: a SQLite file in `root`, or a new database (named after `prefix`) on a
/// test PostgreSQL server, started once for the file's tests.
export function freshDatabase(root, prefix) {
  if ((process.env.DURABILITY_DB ?? "sqlite") === "sqlite") return `sqlite://${join(root, "chat.db")}`;
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

/// Starts durability_app on `db`; resolves once it prints "<port> <author token> <other token>".
/// `origin` is the server's origin, `base` that plus the root path (what the UI calls
/// httpEndpoint). stop() (SIGTERM) resolves with the exit code, kill9() with {code, signal}.
export async function startApp(db, root, rootPath = "") {
  const args = ["serve", "--db", db, "--root", root];
  if (rootPath) args.push("--root-path", rootPath);
  const app = await startAppProcess(durabilityApp, args, { timeoutMs: 30_000 });
  const { child } = app;
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); });
  const [, author, other] = app.line.split(" ");
  const origin = `http://127.0.0.1:${app.port}`;
  return {
    ...app,
    origin,
    base: `${origin}${rootPath}`,
    rootPath,
    tokens: { author, other },
    kill9() { process.kill(child.pid, "SIGKILL"); return app.exited; },
  };
}
