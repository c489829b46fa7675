// The theme toggle switches <html> between the dark and light classes, changes the colours, and
// the choice survives a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, welcome, WAIT } from "./driver.mjs";

const htmlClasses = (page) => page.evaluate(() => [...document.documentElement.classList].sort());
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test("switch theme with the toggle", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const config = await (await fetch(app.url + "/auth/config")).json();
    const initial = config.default_theme ?? "dark";
    const other = initial === "dark" ? "light" : "dark";
    assert.ok((await htmlClasses(page)).includes(initial), `starts ${initial}`);
    const bg0 = await background(page);

    const toggle = page.getByTestId("theme-toggle");
    assert.equal(await toggle.getAttribute("aria-label"), `Switch to ${other} theme`);
    await toggle.click();
    await page.waitForFunction((c) => document.documentElement.classList.contains(c), other, { timeout: WAIT });
    const classes = await htmlClasses(page);
    assert.ok(classes.includes(other) && !classes.includes(initial), `classes now ${classes}`);
    assert.equal(await page.evaluate(() => document.documentElement.style.colorScheme), other);
    assert.equal(await toggle.getAttribute("aria-label"), `Switch to ${initial} theme`);
    await page.waitForFunction((b) => getComputedStyle(document.body).backgroundColor !== b, bg0,
      { timeout: WAIT });

    // Kept across a reload (localStorage), then back.
    await page.reload();
    await welcome(page).waitFor({ timeout: WAIT });
    assert.ok((await htmlClasses(page)).includes(other), "the choice survives a reload");
    await page.getByTestId("theme-toggle").click();
    await page.waitForFunction((c) => document.documentElement.classList.contains(c), initial, { timeout: WAIT });
    assert.equal(await background(page), bg0);
    assert.deepEqual(errors, []);
  });
});
