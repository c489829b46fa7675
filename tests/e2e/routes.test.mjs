// Custom endpoints win over the UI's catch-all, and SPA deep links serve the UI's index.html.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, welcome, WAIT } from "./driver.mjs";

test("/hello answers Hello World while the UI is served; /thread/abc serves index.html",
  { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const index = await fetch(app.url + "/");
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    const indexHtml = await index.text();
    assert.match(indexHtml, /<div id="root">/);
    assert.match(indexHtml, /<meta property="og:root_path" content="" ?\/?>/);

    // The app's route, over HTTP and in the browser.
    const hello = await fetch(app.url + "/hello");
    assert.equal(hello.status, 200);
    assert.equal(await hello.text(), "Hello World");
    const { page, errors } = await openChat(browser, app);
    await page.goto(app.url + "/hello");
    assert.equal((await page.locator("body").textContent()).trim(), "Hello World");
    assert.equal(await page.locator("#root").count(), 0, "not the UI");

    // A deep link is the UI: the same index.html, and the page boots.
    const deep = await fetch(app.url + "/thread/abc");
    assert.equal(deep.status, 200);
    assert.match(deep.headers.get("content-type"), /^text\/html/);
    assert.equal(await deep.text(), indexHtml);
    const deepPage = await browser.newPage();
    await deepPage.goto(app.url + "/thread/abc");
    await deepPage.locator("#root").waitFor({ state: "attached", timeout: WAIT });
    await deepPage.locator("#root > *").first().waitFor({ timeout: WAIT });
    await deepPage.close();

    // The assets index.html names are served, not swallowed by the catch-all.
    for (const [, src] of indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const r = await fetch(app.url + src);
      assert.equal(r.status, 200, src);
      assert.doesNotMatch(r.headers.get("content-type"), /^text\/html/, src);
    }
    // An unknown API-looking path under a built-in prefix is not the UI.
    const missing = await fetch(app.url + "/assets/does-not-exist.js");
    assert.equal(missing.status, 404);

    // Back to the chat: still the UI at /.
    await page.goto(app.url + "/");
    await welcome(page).waitFor({ timeout: WAIT });
    assert.deepEqual(errors, []);
  });
});
