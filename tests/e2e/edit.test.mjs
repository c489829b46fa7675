// Editing a message (issue 15 item 4): the pencil on the user's own message opens its text;
// sending the new text removes every later message, the app answers the edited text, and the
// stored thread shows the edit after a reload. Escape leaves the message as it was. With
// `features.edit_message = false` there is no pencil.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

/** Waits until the reply containing `text` has finished streaming. */
async function finished(page, text) {
  await assistantMessage(page, text).and(page.locator(":not([aria-busy])")).locator(".message-footer").waitFor({ timeout: WAIT });
}

test("editing an earlier message replaces what followed it", { timeout: 150_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    await send(page, "first words");
    await finished(page, "You said: first words");
    await send(page, "second words");
    await finished(page, "You said: second words");

    // By its id: while it is edited, its text is in a text box.
    const id = await page.getByTestId("user-message").filter({ hasText: "first words" }).getAttribute("data-step-id");
    const first = page.locator(`[data-testid="user-message"][data-step-id="${id}"]`);
    // Escape gives the message back unchanged.
    await first.hover();
    await first.getByRole("button", { name: "Edit message" }).click();
    const box = first.getByRole("textbox", { name: "Edited message" });
    assert.equal(await box.inputValue(), "first words");
    await box.fill("thrown away");
    await box.press("Escape");
    await box.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await page.getByTestId("user-message").count(), 2);

    await first.hover();
    await first.getByRole("button", { name: "Edit message" }).click();
    await box.fill("edited words");
    await box.press("Enter");
    const edited = page.getByTestId("user-message").filter({ hasText: "edited words" });
    await edited.waitFor({ timeout: WAIT });
    await finished(page, "You said: edited words");
    assert.equal(await page.getByTestId("user-message").count(), 1, "the later user message is gone");
    assert.equal(await assistantMessage(page, "You said: second words").count(), 0, "its reply too");
    assert.equal(await assistantMessage(page, "You said: first words").count(), 0, "and the old reply to the edited one");

    // The stored thread has the edit.
    await page.waitForURL(/\/thread\/[^/]+$/, { timeout: WAIT });
    await page.reload();
    await page.getByTestId("user-message").filter({ hasText: "edited words" }).waitFor({ timeout: WAIT });
    await assistantMessage(page, "You said: edited words").first().waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("user-message").filter({ hasText: "second words" }).count(), 0);
    assert.equal(await page.getByTestId("user-message").filter({ hasText: "first words" }).count(), 0);
    assert.deepEqual(errors, []);
  }, { freshDir: true });
});

test("no edit control when features.edit_message is off", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "chainlit-e2e-edit-"));
  try {
    mkdirSync(join(dir, ".chainlit"));
    writeFileSync(join(dir, ".chainlit", "config.toml"), "[features]\nedit_message = false\n");
    await withApp(async ({ app, browser }) => {
      const { page, errors } = await openChat(browser, app);
      await send(page, "cannot be edited");
      await finished(page, "You said: cannot be edited");
      const mine = page.getByTestId("user-message").filter({ hasText: "cannot be edited" });
      await mine.hover();
      assert.equal(await mine.getByRole("button", { name: "Edit message" }).count(), 0);
      assert.deepEqual(errors, []);
    }, { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
