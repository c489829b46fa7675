// The welcome message's action button calls the app's "show_time" callback, which replies with
// the current time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, welcome, assistantMessage, WAIT } from "./driver.mjs";

test("click the action What time is it? and see the time", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const before = Date.now();
    await welcome(page).getByRole("button", { name: "What time is it?" }).click();
    const reply = assistantMessage(page, /^.*It is \S+ \(UTC\)\./);
    await reply.waitFor({ timeout: WAIT });
    const text = await reply.locator(".markdown").textContent();
    const m = /^It is (\S+) \(UTC\)\.$/.exec(text.trim());
    assert.ok(m, `reply text: ${text}`);
    const when = Date.parse(m[1]);
    assert.ok(Number.isFinite(when), `an ISO time: ${m[1]}`);
    assert.ok(Math.abs(when - before) < 5 * 60_000, `${m[1]} is about now`);
    // The user's click is not a message: exactly two assistant messages, no user message.
    assert.equal(await page.getByTestId("user-message").count(), 0);
    assert.equal(await page.getByTestId("assistant-message").count(), 2);
    assert.deepEqual(errors, []);
  });
});
