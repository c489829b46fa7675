// Starts a C++ test app as a child process and stops it: the start-up every Node harness shares.
// The apps print one line once they listen: their port, then whatever else a test needs (tokens).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";

/// The binary that environment variable `variable` names; throws when it is not built.
export function builtBinary(variable, what) {
  const bin = process.env[variable];
  if (!bin || !existsSync(bin)) {
    throw new Error(`${variable} must name the built ${what} (got ${bin})`);
  }
  return bin;
}

/// Spawns `bin` with `args` (`env` added to the environment) and resolves once it printed its
/// first line, with {child, line, port (the line's first word), stderr(), exited, stop()}:
/// `exited` resolves with {code, signal}; `stop()` sends SIGTERM unless the process has exited
/// and resolves with its exit code. Rejects when the process exits first, or after `timeoutMs`
/// when that is given.
export async function startAppProcess(bin, args = [], { env, timeoutMs } = {}) {
  const name = basename(bin);
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  const line = await new Promise((resolve, reject) => {
    const t = timeoutMs &&
      setTimeout(() => reject(new Error(`${name} did not start: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout }).once("line", (l) => { clearTimeout(t); resolve(l); });
    child.once("exit", (code) => { clearTimeout(t); reject(new Error(`${name} exited ${code}: ${stderr}`)); });
  });
  return {
    child,
    line,
    port: Number(line.split(" ")[0]),
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return (await exited).code;
    },
  };
}
