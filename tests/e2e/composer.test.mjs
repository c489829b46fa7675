// The composer right after login (issue 15 item 1): a message typed and sent before the socket
// is connected is queued, shown as waiting, and sent once the connection is up; it is never
// dropped. The first test holds the socket's handshake (Engine.IO polling, which socket.io
// starts with) so the message is certainly written before the connection; the second types
// with no wait at all, the race a user meets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, credentials, login, watchErrors, assistantMessage, sleep, WAIT } from "./driver.mjs";

test("a message sent before the socket is connected waits, then goes", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    let release;
    const gate = new Promise((r) => (release = r));
    let held = 0;
    await page.route("**/ws/socket.io/**", async (route) => {
      held += 1;
      await gate;
      await route.continue();
    });
    await page.goto(app.url + "/", { timeout: WAIT });
    await login(page, credentials(app));

    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("typed before the connection");
    await box.press("Enter");
    const queued = page.getByTestId("queued-message").filter({ hasText: "typed before the connection" });
    await queued.waitFor({ timeout: WAIT });
    assert.equal(await box.inputValue(), "", "the composer hands the text over");
    assert.equal(await page.getByTestId("user-message").count(), 0, "nothing was sent yet");
    // The socket is trying to connect (its handshake is held here), and the message still waits.
    for (const end = Date.now() + WAIT; held === 0 && Date.now() < end;) await sleep(50);
    assert.ok(held > 0, "the socket's handshake reached the gate");
    await sleep(500);
    assert.equal(await queued.count(), 1, "still waiting while the handshake is held");

    release();
    await page.getByTestId("user-message").filter({ hasText: "typed before the connection" }).waitFor({ timeout: WAIT });
    await assistantMessage(page, "You said: typed before the connection").waitFor({ timeout: WAIT });
    assert.equal(await queued.count(), 0, "the waiting copy leaves once sent");
    assert.equal(await page.getByTestId("user-message").count(), 1, "sent once");
    await context.close();
    assert.deepEqual(errors, []);
  });
});

test("typing and pressing Enter at once after login sends the message", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(app.url + "/", { timeout: WAIT });
    await login(page, credentials(app));
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("no wait at all");
    await box.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "no wait at all" }).waitFor({ timeout: WAIT });
    await assistantMessage(page, "You said: no wait at all").waitFor({ timeout: WAIT });
    assert.equal(await box.inputValue(), "");
    await context.close();
    assert.deepEqual(errors, []);
  });
});
