// The page loads from the app binary, the welcome message and its action button appear, and
// nothing our code runs logs an error. Prints the time to first render of the welcome message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, welcome, WAIT } from "./driver.mjs";

test("the UI loads and shows the welcome message with its action", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors, welcomeMs } = await openChat(browser, app);
    const msg = welcome(page);
    await msg.waitFor({ timeout: WAIT });
    // Markdown is rendered: **C++** is bold, `ask` is code.
    assert.equal(await msg.locator("strong").first().textContent(), "C++");
    assert.equal(await msg.locator("code").first().textContent(), "ask");
    const action = msg.getByRole("button", { name: "What time is it?" });
    await action.waitFor({ timeout: WAIT });
    assert.ok(await action.isEnabled());
    // The index.html injections (spec C.3): title and root path.
    assert.equal(await page.title(), "Assistant");
    assert.equal(await page.locator('meta[property="og:root_path"]').getAttribute("content"), "");
    // The composer is ready once the socket is connected.
    await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: WAIT });
    await page.waitForFunction(
      () => document.querySelector("#chat-input")?.getAttribute("placeholder") === "Type your message here…",
      null, { timeout: WAIT });
    await page.waitForTimeout(500); // late errors (lazy chunks, avatars)
    assert.deepEqual(errors, []);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      const js = performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script" ||
        r.name.endsWith(".js"));
      return { dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd),
        scripts: js.length, kb: Math.round(js.reduce((a, r) => a + (r.decodedBodySize || 0), 0) / 1024) };
    });
    console.log(`# metric: welcome message rendered ${welcomeMs} ms after navigation ` +
      `(DOMContentLoaded ${nav.dcl} ms, load ${nav.load} ms, ${nav.scripts} scripts, ${nav.kb} KiB of JS)`);

    // A second, warm load (assets cached) for comparison.
    const t0 = Date.now();
    await page.reload();
    await welcome(page).waitFor({ timeout: WAIT });
    console.log(`# metric: welcome message rendered ${Date.now() - t0} ms after a reload`);
    assert.deepEqual(errors, []);
  });
});
