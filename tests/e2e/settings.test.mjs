// The chat settings panel: the demo defines a "Reply style" select; choosing "Upper case" and
// confirming reaches the app (it acknowledges the new value), the next reply follows it, and
// the panel opens again on the chosen value. Cancel changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

test("changing a chat setting reaches the app and changes its replies", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const open = page.getByRole("button", { name: "Chat settings" });
    const dialog = page.getByRole("dialog", { name: "Chat settings" });
    const style = dialog.getByLabel("Reply style");

    // Cancel: nothing is sent.
    await open.click();
    assert.equal(await style.inputValue(), "plain", "the widget starts at its initial value");
    await style.selectOption("upper");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached", timeout: WAIT });
    await open.click();
    assert.equal(await style.inputValue(), "plain", "Cancel kept the old value");

    // Confirm: the app hears it and acts on it.
    await style.selectOption({ label: "Upper case" });
    await dialog.getByTestId("settings-confirm").click();
    await dialog.waitFor({ state: "detached", timeout: WAIT });
    await assistantMessage(page, "Settings saved: replies are now in upper case.").waitFor({ timeout: WAIT });
    await send(page, "quiet words");
    await assistantMessage(page, "You said: QUIET WORDS").locator(".message-footer").waitFor({ timeout: WAIT });

    await open.click();
    assert.equal(await style.inputValue(), "upper", "the panel shows the value in force");
    await style.selectOption("plain");
    await dialog.getByTestId("settings-confirm").click();
    await assistantMessage(page, "Settings saved: replies are now as typed.").waitFor({ timeout: WAIT });
    await send(page, "Mixed Case");
    await assistantMessage(page, "You said: Mixed Case").locator(".message-footer").waitFor({ timeout: WAIT });
    assert.deepEqual(errors, []);
  });
});
