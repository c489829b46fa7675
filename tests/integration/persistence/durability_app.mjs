// The harness of the tests that drive durability_app (durability.test.mjs,
// attachments.test.mjs): socket.io-client from tests/node, a fresh database per test and the
// clean-ups (tests/support/test_database.mjs), and the app process.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { cleanups, freshDatabase } from "../../support/test_database.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = join(here, "..", "..", "node");
if (!existsSync(join(nodeDir, "node_modules", "socket.io-client"))) {
  throw new Error("tests/node/node_modules is missing: run scripts/bootstrap (or `npm ci` in tests/node)");
}
export const { io } = createRequire(join(nodeDir, "package.json"))("socket.io-client");

export const durabilityApp = builtBinary("DURABILITY_APP", "durability_app");
export { cleanups, freshDatabase };

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
