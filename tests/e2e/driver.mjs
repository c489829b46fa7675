// The e2e driver: starts the demo app (tests/e2e/CMakeLists.txt passes its path in HELLO_APP
// and runs the tests from examples/hello, or set HELLO_APP_DIR) on a free port, stops it by PID,
// and opens Debian's Chromium headless through playwright-core (never a downloaded browser).
//
//   const app = await startApp();            // { url, pid, log(), stop() }
//   const browser = await launchBrowser();
//   const { page, errors } = await openChat(browser, app);   // logged in if the app requires it
//   ...
//   await browser.close(); await app.stop();
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "playwright-core"))) {
  throw new Error(
    "tests/e2e/node_modules is missing: run scripts/bootstrap (or `npm ci` in tests/e2e)");
}
const { chromium } = await import("playwright-core");
export { chromium };

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];
/** Generous: the machine is shared with C++ builds. */
export const WAIT = 15_000;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function appBinary() {
  const bin = process.env.HELLO_APP || resolve(here, "../../build/examples/hello/hello");
  if (!existsSync(bin)) {
    throw new Error(`HELLO_APP must name the built demo app (build/examples/hello/hello); got ${bin}`);
  }
  return bin;
}

/** The user the tests log in with, created (or its password reset) through the app's CLI. */
export const E2E_USER = { username: "e2e-tester", password: "e2e-password-8f3k2" };

/**
 * The demo requires a password login (users in its SQLite database): make sure the test user
 * exists with a known password, the way an operator would (`user add NAME --password-stdin`).
 */
function provisionUser(bin, dir, env) {
  execFileSync(bin, ["user", "add", E2E_USER.username, "--password-stdin"], {
    cwd: dir,
    env: { ...process.env, ...env },
    input: E2E_USER.password + "\n",
    stdio: ["pipe", "ignore", "inherit"],
  });
  process.env.CHAINLIT_E2E_USER ??= E2E_USER.username;
  process.env.CHAINLIT_E2E_PASSWORD ??= E2E_USER.password;
}

/**
 * Starts the demo app with `run --host 127.0.0.1 --port 0 --headless` from the example's folder
 * and resolves once it logs "Your app is available at <url>". stop() sends SIGTERM to that PID
 * and SIGKILL if it has not exited after `graceMs`.
 */
export async function startApp({ args = [], env = {}, cwd, freshDir = false, files = {}, bin: binary, startMs = 30_000 } = {}) {
  const bin = binary || appBinary();
  // freshDir: an empty app folder (its own SQLite database) removed on stop, for tests that
  // count or delete threads and must not see other runs' data. `files` ({".chainlit/config.toml":
  // text, ...}) are written into it first, for tests that need a config of their own.
  const scratch = freshDir ? mkdtempSync(join(tmpdir(), "chainlit-e2e-")) : undefined;
  for (const [name, text] of Object.entries(files)) {
    if (!scratch) throw new Error("startApp: `files` needs freshDir");
    mkdirSync(dirname(join(scratch, name)), { recursive: true });
    writeFileSync(join(scratch, name), text);
  }
  const dir = scratch || cwd || process.env.HELLO_APP_DIR || resolve(here, "../../examples/hello");
  provisionUser(bin, dir, env);
  // A developer's own OPENAI_* settings would switch the demo to its LLM mode: only a test's
  // own env does (agent.test.mjs).
  const inherited = { ...process.env };
  for (const k of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"]) delete inherited[k];
  const child = spawn(bin, ["run", "--host", "127.0.0.1", "--port", "0", "--headless", ...args], {
    cwd: dir,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app did not report its URL within ${startMs} ms:\n${log}`));
    }, startMs);
    const onData = (d) => {
      log += d;
      const m = /Your app is available at (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, ""));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code ?? signal}) before serving:\n${log}`));
    });
  }).catch((err) => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw err;
  });
  const removeScratch = () => scratch && rmSync(scratch, { recursive: true, force: true });
  return {
    url,
    pid: child.pid,
    log: () => log,
    dir,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        removeScratch();
        return child.exitCode;
      }
      const exited = new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal)));
      process.kill(child.pid, "SIGTERM");
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      removeScratch();
      return result;
    },
  };
}

/**
 * Chromium headless. playwright-core gives each launch a fresh temporary profile
 * (user-data-dir) and removes it on close.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * Credentials for apps that require login: CHAINLIT_E2E_USER / CHAINLIT_E2E_PASSWORD, else
 * what the app printed ("username: X" / "password: Y", case-insensitive) in its log.
 */
export function credentials(app) {
  if (process.env.CHAINLIT_E2E_USER) {
    return { username: process.env.CHAINLIT_E2E_USER, password: process.env.CHAINLIT_E2E_PASSWORD ?? "" };
  }
  const log = app.log();
  const user = /user(?:name)?\s*[:=]\s*"?([^\s",]+)/i.exec(log);
  const pass = /password\s*[:=]\s*"?([^\s",]+)/i.exec(log);
  return user && pass ? { username: user[1], password: pass[1] } : undefined;
}

/** Fills the password form of the login page and waits to leave it. */
export async function login(page, { username, password }) {
  const form = page.getByRole("form", { name: "Sign in with your credentials" });
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await form.waitFor({ state: "detached", timeout: WAIT });
}

/**
 * Console errors and uncaught exceptions of a page. `ignore` filters the noise that is not our
 * code's (the browser logs every 4xx resource as an error: the UI probes /avatars/<author> and
 * falls back to an initial on 404, by design).
 */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    const where = m.location()?.url ?? "";
    if (/Failed to load resource: the server responded with a status of 404/.test(text) &&
        /\/avatars\//.test(where)) return;
    // Before login the UI asks GET /user, gets 401 (spec C.1: "not logged in") and shows the
    // login page; the browser and the react-client log that expected 401.
    if (/status of 401/.test(text) && /\/user$/.test(where)) return;
    if (/^\w+: Unauthorized/.test(text)) return;
    errors.push(`console: ${text} (${where})`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/**
 * A new context and page on the app's root, logged in when /auth/config says requireLogin,
 * waiting until the welcome message (or `ready(page)`) is shown. Returns { context, page, errors, welcomeMs }.
 */
export async function openChat(browser, app, { viewport = { width: 1280, height: 800 }, path = "/", colorScheme, ready = welcome } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto(app.url + path, { timeout: WAIT });
  const authConfig = await (await fetch(app.url + "/auth/config")).json();
  if (authConfig.requireLogin) {
    const creds = credentials(app);
    if (!creds) throw new Error("the app requires login but printed no credentials (set CHAINLIT_E2E_USER/PASSWORD)");
    await login(page, creds);
  }
  await ready(page).waitFor({ timeout: WAIT });
  const welcomeMs = Date.now() - t0;
  return { context, page, errors, welcomeMs };
}

/** The demo's welcome message (the first assistant message). */
export const welcome = (page) =>
  page.getByTestId("assistant-message").filter({ hasText: "I am a C++ chat" }).first();

/** Types into the composer and presses Enter. */
export async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  // Enabled, not only visible: right after "New chat" the session reconnects and the composer
  // holds the text until it can send it.
  await page.getByTestId("send-button").and(page.locator(":enabled")).waitFor({ timeout: WAIT });
  await box.press("Enter");
}

/** The assistant message whose text contains `text` (a string or RegExp). */
export const assistantMessage = (page, text) =>
  page.getByTestId("assistant-message").filter({ hasText: text });

/** Runs `fn(ctx)` with a fresh app and browser, always stopping both. */
export async function withApp(fn, opts = {}) {
  const app = await startApp(opts);
  let browser;
  try {
    browser = await launchBrowser();
    return await fn({ app, browser });
  } catch (err) {
    err.message += `\n--- app log ---\n${app.log().slice(-4000)}`;
    throw err;
  } finally {
    if (browser) await browser.close();
    await app.stop();
  }
}
