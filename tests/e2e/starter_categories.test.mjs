// Starter categories (Chainlit 2.x `starterCategories`) in the demo app, which offers them under
// its "Quiet" chat profile when started with HELLO_STARTER_CATEGORIES=1: the welcome screen shows
// one toggle button per category and no plain starters; choosing a category shows its starters,
// choosing another switches, and a starter sends its message (with its command) as a plain
// starter does, and the demo answers it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, assistantMessage, WAIT } from "./driver.mjs";

test("starter categories: pick one, switch, send one of its starters", { timeout: 170_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    await page.getByTestId("chat-profile").selectOption("Quiet");
    await page.locator(".welcome h1").filter({ hasText: "Quiet" }).waitFor({ timeout: WAIT });

    const group = page.getByRole("group", { name: "Suggestion categories" });
    const greetings = group.getByRole("button", { name: "Greetings" });
    const words = group.getByRole("button", { name: "Words" });
    await greetings.waitFor({ timeout: WAIT });
    assert.deepEqual(await page.getByTestId("starter-category").allTextContents(), ["Greetings", "Words"]);
    assert.equal(await greetings.getAttribute("aria-pressed"), "false");
    assert.equal(await page.getByTestId("starter").count(), 0, "the categories replace the plain starters");

    // Choosing a category shows its starters; choosing another switches to its own.
    await greetings.click();
    assert.equal(await greetings.getAttribute("aria-pressed"), "true");
    const greetingList = page.getByRole("list", { name: "Suggestions: Greetings" });
    await greetingList.waitFor({ timeout: WAIT });
    assert.deepEqual(await greetingList.getByTestId("starter").allTextContents(), ["Say hello", "Say good morning"]);
    await words.click();
    assert.equal(await words.getAttribute("aria-pressed"), "true");
    assert.equal(await greetings.getAttribute("aria-pressed"), "false");
    const wordList = page.getByRole("list", { name: "Suggestions: Words" });
    assert.deepEqual(await wordList.getByTestId("starter").allTextContents(), ["Count some words", "Count with the command"]);
    await greetingList.waitFor({ state: "detached", timeout: WAIT });

    // A starter with a command: the demo answers by the command, so both arrived.
    const count = wordList.getByRole("button", { name: "Count with the command" });
    await count.and(page.locator(":enabled")).waitFor({ timeout: WAIT }); // once connected
    await count.click();
    await page.getByTestId("user-message").filter({ hasText: "count these four words" }).waitFor({ timeout: WAIT });
    await assistantMessage(page, "[Count] 4 words").waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("starter-category").count(), 0, "the categories leave once the chat has begun");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "chat-input", "the composer has the focus");

    assert.deepEqual(errors, []);
  }, { freshDir: true, env: { HELLO_STARTER_CATEGORIES: "1" } });
});
