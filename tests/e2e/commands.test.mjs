// Composer commands (issue 15 item 3) in the demo app, which sets three with set_commands:
// `/` opens the picker, typing filters it and Enter picks; the picker button lists the
// commands that are not buttons; the Shout button is a persistent toggle. The chosen command
// reaches on_message (the demo's reply names it) and shows on the sent message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, assistantMessage, WAIT } from "./driver.mjs";

async function finished(page, text) {
  await assistantMessage(page, text).and(page.locator(":not([aria-busy])")).locator(".message-footer").waitFor({ timeout: WAIT });
}

test("commands: the / picker, the picker button and a persistent button", { timeout: 150_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const box = page.getByRole("textbox", { name: "Message" });
    const shout = page.getByRole("button", { name: "Shout", exact: true });
    await shout.waitFor({ timeout: WAIT }); // set_commands has arrived

    // `/` lists every command; typing narrows the list; Enter picks.
    await box.click();
    await box.pressSequentially("/");
    const menu = page.getByRole("listbox", { name: "Commands" });
    await menu.waitFor({ timeout: WAIT });
    assert.deepEqual(await menu.locator(".command-id").allTextContents(), ["Reverse", "Count", "Shout"]);
    await box.pressSequentially("re");
    assert.deepEqual(await menu.locator(".command-id").allTextContents(), ["Reverse"]);
    await box.press("Enter");
    await menu.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await page.getByTestId("selected-command").textContent(), "Reverse");
    assert.equal(await box.inputValue(), "", "the /re typed to find it is gone");
    await box.pressSequentially("hello world");
    await box.press("Enter");
    await finished(page, "[Reverse] You said: dlrow olleh");
    const sent = page.getByTestId("user-message").filter({ hasText: "hello world" });
    assert.equal(await sent.getByTestId("message-command").textContent(), "Reverse");
    assert.equal(await page.getByTestId("selected-command").count(), 0, "not persistent: cleared after sending");

    // The picker button: the commands that are not buttons.
    await page.getByRole("button", { name: "Commands" }).click();
    await menu.waitFor({ timeout: WAIT });
    assert.deepEqual(await menu.locator(".command-id").allTextContents(), ["Reverse", "Count"]);
    await menu.getByRole("option", { name: /Count/ }).click();
    await box.pressSequentially("one two three");
    await box.press("Enter");
    await finished(page, "[Count] 3 words");

    // The persistent button stays on for the next messages until it is turned off.
    await shout.click();
    assert.equal(await shout.getAttribute("aria-pressed"), "true");
    await box.fill("quiet words");
    await box.press("Enter");
    await finished(page, "[Shout] You said: QUIET WORDS");
    assert.equal(await shout.getAttribute("aria-pressed"), "true");
    await box.fill("again");
    await box.press("Enter");
    await finished(page, "[Shout] You said: AGAIN");
    await shout.click();
    assert.equal(await shout.getAttribute("aria-pressed"), "false");
    await box.fill("plain text");
    await box.press("Enter");
    await finished(page, "You said: plain text");
    assert.equal(await assistantMessage(page, "[Shout] You said: PLAIN TEXT").count(), 0);
    assert.deepEqual(errors, []);
  });
});
