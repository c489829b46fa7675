// The demo app scaled out the way an operator runs it (docs/SCALING.md): three nodes of
// examples/hello on one PostgreSQL and one Redis, behind nginx doing plain round robin (no
// ip_hash, no sticky cookie). Chromium uses only the proxy's address: it logs in, chats (the
// UI's default transports: polling, then the upgrade, each request on any node), uploads a
// file, and resumes the thread after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, launchBrowser, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

process.env.DURABILITY_DB ??= "postgres"; // read when test_database.mjs loads
const { cleanups, freshDatabase } = await import("../support/test_database.mjs");

const scripts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts");
const run = (script, ...args) => {
  const r = spawnSync(join(scripts, script), args, { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${script} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim().split("\n");
};

test("the demo on three nodes behind round-robin nginx: log in, chat, upload, resume after a reload", { timeout: 170_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "cl_e2e_cluster_"));
  const redisDir = join(work, "redis");
  const [redisUrl] = run("redis_test_server", "start", redisDir);
  cleanups.push(() => spawnSync(join(scripts, "redis_test_server"), ["stop", redisDir]));
  const db = freshDatabase(work, "e2e_cluster");
  const nodes = [];
  for (let i = 0; i < 3; i++) {
    const node = await startApp({ env: { DATABASE_URL: db, CHAINLIT_REDIS_URL: redisUrl, CHAINLIT_NODE_ID: `node${i}` } });
    nodes.push(node);
    cleanups.push(() => node.stop());
  }
  const ports = nodes.map((n) => new URL(n.url).port);
  const nginxDir = join(work, "nginx");
  const [proxy] = run("nginx_test_server", "start", nginxDir, ...ports);
  cleanups.push(() => spawnSync(join(scripts, "nginx_test_server"), ["stop", nginxDir]));

  const browser = await launchBrowser();
  const failed = [];
  try {
    const { page, errors } = await openChat(browser, { url: proxy, log: () => nodes[0].log() });
    // Failed requests, for the error message: which route, through the proxy, got what.
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    await send(page, "hello from the cluster");
    await assistantMessage(page, "You said: hello from the cluster").waitFor({ timeout: WAIT });

    // A file attached in the composer: the upload lands on any node and reaches the chat; its
    // link (GET /project/file) is served by whichever node gets it.
    const chooser = page.waitForEvent("filechooser", { timeout: WAIT });
    await page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("cluster notes") });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="attachment"]')?.classList.contains("done"),
      null, { timeout: WAIT });
    await send(page, "with a file");
    const mine = page.getByTestId("user-message").filter({ hasText: "with a file" });
    const link = mine.getByRole("link", { name: "Download notes.txt" });
    await link.waitFor({ timeout: WAIT });
    await assistantMessage(page, "You said: with a file").waitFor({ timeout: WAIT });
    for (let i = 0; i < 3; i++) { // three GETs: round robin puts them on three nodes
      const href = await link.getAttribute("href");
      const file = await page.request.get(href);
      assert.equal(file.status(), 200, `GET ${href} (${i}): ${await file.text()}`);
      assert.equal(await file.text(), "cluster notes");
    }

    await page.waitForURL(/\/thread\/[^/]+$/, { timeout: WAIT });
    const thread = new URL(page.url()).pathname.split("/").pop();
    await page.reload();
    await assistantMessage(page, "You said: hello from the cluster").waitFor({ timeout: WAIT });
    assert.equal(new URL(page.url()).pathname, `/thread/${thread}`);
    await send(page, "after the reload");
    await assistantMessage(page, "You said: after the reload").waitFor({ timeout: WAIT });
    assert.deepEqual(errors, [], "no console errors");
  } catch (err) {
    // The runner prints a Playwright error's own stack, not an amended message: log it.
    console.error(`--- failed requests ---\n${failed.join("\n")}\n--- node logs ---\n` +
      nodes.map((n, i) => `node${i}:\n${n.log().slice(-1500)}`).join("\n"));
    throw err;
  } finally {
    await browser.close();
  }
  for (const n of nodes) assert.equal(await n.stop(), 0, n.log().slice(-2000));
});
