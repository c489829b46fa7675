// Layout and accessibility: the skip link takes the keyboard to the composer; the readme modal
// shows chainlit.md and closes with Escape, giving focus back; on a phone-sized screen the
// history starts closed, opens over the chat and closes from its scrim, and the composer fits;
// a lost connection shows a banner that goes away once the socket is back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

test("keyboard: the skip link and the readme modal", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    // Start the Tab order at the top of the page, as after loading it (the composer has the
    // focus once the chat is ready).
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute("tabindex");
    });
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to message input" });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true, "the first Tab reaches the skip link");
    await page.keyboard.press("Enter");
    const box = page.getByRole("textbox", { name: "Message" });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, "the skip link focuses the composer");

    const readmeButton = page.getByRole("button", { name: "Readme" });
    await readmeButton.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Welcome to chainlit-cpp").waitFor({ timeout: WAIT });
    assert.equal(await dialog.evaluate((el) => el.contains(document.activeElement)), true, "focus moves into the modal");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await readmeButton.evaluate((el) => el === document.activeElement), true, "focus returns to the button");
    assert.deepEqual(errors, []);
  });
});

test("phone: the history opens over the chat and the composer fits", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const viewport = { width: 390, height: 844 };
    const { page, errors } = await openChat(browser, app, { viewport });
    const sidebar = page.getByRole("navigation", { name: "Thread history" });
    assert.equal(await sidebar.count(), 0, "the history starts closed on a phone");
    const box = await page.getByRole("textbox", { name: "Message" }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
      `the composer is on screen: ${JSON.stringify(box)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);

    await page.getByTestId("sidebar-toggle").click();
    await sidebar.waitFor({ timeout: WAIT });
    await page.locator(".sidebar-scrim").click({ position: { x: viewport.width - 10, y: viewport.height / 2 } });
    await sidebar.waitFor({ state: "detached", timeout: WAIT });

    await send(page, "small screen");
    await assistantMessage(page, "You said: small screen").locator(".message-footer").waitFor({ timeout: WAIT });
    assert.deepEqual(errors, []);
  });
});

test("a lost connection shows a banner until the socket is back", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { context, page } = await openChat(browser, app);
    const banner = page.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" });
    await context.setOffline(true);
    await banner.waitFor({ timeout: 30_000 });
    await context.setOffline(false);
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    await send(page, "back again");
    await assistantMessage(page, "You said: back again").locator(".message-footer").waitFor({ timeout: WAIT });
  });
});
