// Watch mode (`run -w`, docs/guide/watch.md) as an app author lives it: a project scaffolded by
// `chainlit-cpp new` and built against the installed package, started with -w, its custom endpoint edited while a browser chats and
// a client calls /hello without pause. The new text must be served, /hello must never refuse a
// connection during the swap, and the browser must come back to its thread (on_chat_resume).
// Then a syntax error: the old build keeps serving and the browser shows the compiler's error.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { assistantMessage, launchBrowser, openChat, send, sleep, WAIT } from "./driver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this test through ctest (tests/e2e/CMakeLists.txt)`);
  return v;
};
const CMAKE = env("WATCH_CMAKE");
const MAIN_BUILD = env("WATCH_MAIN_BUILD");
const GENERATOR = env("WATCH_GENERATOR");
const CXX = env("WATCH_CXX");
const LAUNCHER = process.env.WATCH_LAUNCHER || "";
/** A rebuild compiles main.cpp and links it: slow on a machine busy with other tests. */
const BUILD_WAIT = 180_000;

const work = mkdtempSync(join(tmpdir(), "chainlit-watch-"));
const project = join(work, "watchapp");
const source = readFileSync(join(here, "watch_app.cpp.in"), "utf8");
const writeVersion = (version, extra = "") =>
  writeFileSync(join(project, "main.cpp"), source.replaceAll("@VERSION@", version) + extra);

let supervisor;
let log = "";
let url;

/** Runs a build step; its output is the error when it fails. */
function run(cmd, args) {
  try {
    execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what, fn, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- log ---\n${log.slice(-6000)}`);
    await sleep(100);
  }
}

const hello = async () => (await fetch(url + "/hello")).text();
const logged = (pattern) => async () => pattern.test(log);

/** Calls /hello every 20 ms until stop(); counts answers and connection failures. */
function hammer() {
  const seen = { ok: 0, failures: [], bodies: new Set() };
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const r = await fetch(url + "/hello");
        seen.bodies.add(await r.text());
        if (r.status === 200) seen.ok++;
        else seen.failures.push(`status ${r.status}`);
      } catch (e) {
        seen.failures.push(String(e.cause?.code ?? e.message));
      }
      await sleep(20);
    }
  })();
  return { seen, stop: async () => { running = false; await done; return seen; } };
}

before(async () => {
  // The package as a user has it, and a project of their own built against it.
  execFileSync(CMAKE, ["--install", MAIN_BUILD, "--prefix", join(work, "prefix")], { stdio: "ignore" });
  // Scaffolded as a user starts (`chainlit-cpp new`), then given the test's own main.cpp.
  run(join(work, "prefix", "bin", "chainlit-cpp"), ["new", "watchapp", "--dir", project]);
  writeVersion("v1");
  const configure = ["-S", project, "-B", join(project, "build"), "-G", GENERATOR,
    "-DCMAKE_BUILD_TYPE=Release", `-DCMAKE_CXX_COMPILER=${CXX}`, `-DCMAKE_PREFIX_PATH=${join(work, "prefix")}`];
  if (LAUNCHER) configure.push(`-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}`);
  run(CMAKE, configure);
  run(CMAKE, ["--build", join(project, "build")]);

  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  process.env.CHAINLIT_E2E_USER = "watcher";
  process.env.CHAINLIT_E2E_PASSWORD = "watch-password-5521";
  supervisor = spawn(join(project, "build", "watchapp"),
    ["run", "-w", "--host", "127.0.0.1", "--port", String(port), "--headless"], {
      cwd: project,
      env: {
        ...process.env,
        CHAINLIT_AUTH_SECRET: "watch-test-secret-0123456789abcdef0123456789abcdef",
        DATABASE_URL: `sqlite://${join(project, ".chainlit", "chainlit.db")}`,
        // Chainlit's variable for -w: the builds it starts must serve, not supervise again.
        WATCH: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
  const append = (d) => { log += d; };
  supervisor.stdout.on("data", append);
  supervisor.stderr.on("data", append);
  await waitFor("the first build to serve", async () => (await hello()) === "hello v1", BUILD_WAIT);
});

after(async () => {
  if (supervisor && supervisor.exitCode === null) {
    const exited = new Promise((r) => supervisor.once("exit", (code, signal) => r(code ?? signal)));
    supervisor.kill("SIGTERM");
    const code = await Promise.race([exited, sleep(30_000).then(() => "hung")]);
    if (code === "hung") supervisor.kill("SIGKILL");
    assert.equal(code, 0, `the supervisor stopped with ${code}\n${log.slice(-3000)}`);
    // No build of the app outlives its supervisor.
    const binary = join(project, "build", "watchapp");
    const left = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n").filter((l) => l.startsWith(binary));
    assert.deepEqual(left, [], "app processes left after the supervisor stopped");
  }
  rmSync(work, { recursive: true, force: true });
});

test("a saved edit is served after the rebuild; no connection is refused; the browser resumes its thread", async () => {
  const browser = await launchBrowser();
  try {
    const ready = (page) => assistantMessage(page, "started v1").first();
    const { page, errors } = await openChat(browser, { url, log: () => log }, { ready });
    await send(page, "remember me");
    await assistantMessage(page, "echo (v1): remember me").waitFor({ timeout: WAIT });

    const calls = hammer();
    await sleep(300);
    writeVersion("v2");
    await waitFor("the edit to be served", async () => (await hello()) === "hello v2", BUILD_WAIT);
    const servedAt = Date.now();
    await sleep(1000); // calls go on across the old process's drain
    const seen = await calls.stop();
    assert.deepEqual(seen.failures, [], `/hello failed during the swap (${seen.ok} answered)`);
    assert.ok(seen.ok > 20, `only ${seen.ok} calls answered`);
    assert.ok(seen.bodies.has("hello v1") && seen.bodies.has("hello v2"));

    // Compiler done ("built ... in") to the first answer of the new code.
    const built = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) info  watch: built watchapp/g;
    const stamps = [...log.matchAll(built)].map((m) => Date.parse(m[1].replace(" ", "T") + "Z"));
    const builtAt = stamps.at(-1);
    const reloadMs = servedAt - builtAt;
    console.log(`watch: /hello answered the new code ${reloadMs} ms after the build finished ` +
      `(${seen.ok} calls during the swap, none refused)`);
    assert.ok(reloadMs < 5000, `the new code was served ${reloadMs} ms after the build`);

    // The browser reloaded from the new build and came back to its thread.
    await page.getByTestId("reload-notice").waitFor({ timeout: WAIT });
    await page.waitForURL(/\/thread\/[0-9a-f-]{36}$/, { timeout: WAIT });
    await page.getByTestId("user-message").filter({ hasText: "remember me" }).waitFor({ timeout: WAIT });
    await assistantMessage(page, "echo (v1): remember me").waitFor({ timeout: WAIT });
    await send(page, "and now");
    // Answered by the new build, in the resumed chat (its on_chat_resume ran).
    await assistantMessage(page, "echo (v2, resumed in v2): and now").waitFor({ timeout: WAIT });
    assert.deepEqual(errors.filter((e) => !/WebSocket|socket\.io|ERR_CONNECTION/.test(e)), []);
  } catch (err) {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) {
      console.log(`--- page ${pages[0].url()} ---\n${await pages[0].locator("main").innerText().catch((e) => e.message)}`);
      if (process.env.WATCH_SCREENSHOT) await pages[0].screenshot({ path: process.env.WATCH_SCREENSHOT });
    }
    console.log(`--- log ---\n${log.replace(/.*"GET \/hello".*\n/g, "").slice(-6000)}`);
    throw err;
  } finally {
    await browser.close();
  }
});

test("a build error keeps the previous build serving and shows the error in the browser", async () => {
  const browser = await launchBrowser();
  try {
    const ready = (page) => assistantMessage(page, "started v2").first();
    const { page } = await openChat(browser, { url, log: () => log }, { ready });
    const failures = (log.match(/the build of watchapp failed/g) || []).length;
    writeVersion("v3", "\nint broken = ;\n");
    await waitFor("the build to fail", async () =>
      (log.match(/the build of watchapp failed/g) || []).length > failures, BUILD_WAIT);
    assert.equal(await hello(), "hello v2");
    const banner = page.getByTestId("build-status-banner");
    await banner.waitFor({ timeout: WAIT });
    assert.match(await banner.innerText(), /main\.cpp:\d+:\d+: error: expected primary-expression/);
    // A browser that arrives now is told too.
    const late = await openChat(browser, { url, log: () => log }, { ready });
    await late.page.getByTestId("build-status-banner").waitFor({ timeout: WAIT });

    writeVersion("v4");
    await waitFor("the fix to be served", async () => (await hello()) === "hello v4", BUILD_WAIT);
    await page.getByTestId("reload-notice").waitFor({ timeout: WAIT });
    await assistantMessage(page, "started v4").first().waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("build-status-banner").count(), 0);
  } finally {
    await browser.close();
  }
});

test("config.toml restarts the app without a build; a config that cannot load leaves the old one serving", async () => {
  const browser = await launchBrowser();
  const configFile = join(project, ".chainlit", "config.toml");
  const config = readFileSync(configFile, "utf8");
  assert.match(config, /^name = "watchapp"$/m, "the scaffold's config names the app");
  const title = async () => /<title>([^<]*)<\/title>/.exec(await (await fetch(url + "/")).text())?.[1];
  try {
    const ready = (page) => assistantMessage(page, "started v4").first();
    const { page } = await openChat(browser, { url, log: () => log }, { ready });
    const builds = (log.match(/watch: building watchapp/g) || []).length;
    writeFileSync(configFile, config.replace(/^name = "watchapp"$/m, 'name = "Watched app"'));
    await waitFor("the new config to be served", async () => (await title()) === "Watched app", WAIT);
    await page.getByTestId("reload-notice").waitFor({ timeout: WAIT });
    assert.equal((log.match(/watch: building watchapp/g) || []).length, builds, "a config change built the app");

    // A config that does not load: the new process exits at start-up, the old one serves on.
    writeFileSync(configFile, config + "\n[UI\nbroken");
    await waitFor("the bad config to be refused", logged(/the new build did not start \(exit code 2\)/), WAIT);
    assert.equal(await title(), "Watched app");
    const banner = page.getByTestId("build-status-banner");
    await banner.waitFor({ timeout: WAIT });
    assert.match(await banner.innerText(), /did not start/);
    writeFileSync(configFile, config);
    await waitFor("the restored config to be served", async () => (await title()) === "watchapp", WAIT);
  } catch (err) {
    console.log(`--- log ---\n${log.replace(/.*"GET \/hello".*\n/g, "").slice(-4000)}`);
    throw err;
  } finally {
    await browser.close();
  }
});
