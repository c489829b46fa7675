// ask_user: "ask" makes the app ask "What is your name?"; the composer turns into the answer box,
// the answer is sent as the reply to the ask and the app greets by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

test("answer an ask from the composer", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    await send(page, "ask");
    await assistantMessage(page, "What is your name?").waitFor({ timeout: WAIT });
    const status = page.getByTestId("ask-status");
    await status.waitFor({ timeout: WAIT });
    assert.match(await status.textContent(), /Waiting for your answer · \d+:\d\d left/);
    const box = page.getByRole("textbox", { name: "Message" });
    await page.waitForFunction(() => document.querySelector("#chat-input")?.placeholder === "Type your answer…",
      null, { timeout: WAIT });

    await box.fill("Ada Lovelace");
    await box.press("Enter");
    await assistantMessage(page, "Nice to meet you, Ada Lovelace!").waitFor({ timeout: WAIT });
    await status.waitFor({ state: "detached", timeout: WAIT });
    // The answer shows as the user's message, and the composer is back to normal.
    await page.getByTestId("user-message").filter({ hasText: "Ada Lovelace" }).waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.querySelector("#chat-input")?.placeholder === "Type your message here…",
      null, { timeout: WAIT });
    assert.equal(await assistantMessage(page, "No answer").count(), 0);
    assert.deepEqual(errors, []);
  });
});
