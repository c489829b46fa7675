// Starters, chat profiles and thread sharing (issue 6) in the demo app: the profile picker
// starts a new chat with the chosen profile, which reaches the app (the "Quiet" profile skips
// the greeting and labels its replies); starters show on the empty chat and clicking one sends
// its message; a shared thread opens read-only for another signed-in user, and unsharing makes
// the link answer 404.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { withApp, openChat, send, assistantMessage, login, watchErrors, WAIT } from "./driver.mjs";

const VIEWER = { username: "e2e-viewer", password: "e2e-viewer-pass-5h2k9" };

/** Waits until the assistant message containing `text` has finished streaming. */
async function finished(page, text) {
  const msg = assistantMessage(page, text).and(page.locator(":not([aria-busy])"));
  await msg.locator(".message-footer").waitFor({ timeout: WAIT });
  return msg;
}

test("starters and chat profiles", { timeout: 170_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const picker = page.getByTestId("chat-profile");
    // The default profile ("Echo") is chosen and greets, as before profiles existed.
    assert.equal(await picker.inputValue({ timeout: WAIT }), "Echo");
    assert.deepEqual(await picker.locator("option").allTextContents(), ["Echo", "Quiet"]);

    // Quiet: no greeting, so the welcome screen shows the profile and the app's starters.
    await picker.selectOption("Quiet");
    const starters = page.getByTestId("starter");
    await starters.first().waitFor({ timeout: WAIT });
    assert.deepEqual(await starters.allTextContents(),
      ["Say hello", "Be asked a question", "Count some words"]);
    await page.locator(".welcome h1").filter({ hasText: "Quiet" }).waitFor({ timeout: WAIT });
    await page.locator(".welcome").getByText("No greeting").waitFor({ timeout: WAIT });

    // A starter chosen from the keyboard sends its message; the reply shows the session's
    // profile. The starters leave, and the focus goes to the composer, not to the page.
    const hello = starters.filter({ hasText: "Say hello" });
    await hello.and(page.locator(":enabled")).waitFor({ timeout: WAIT }); // once connected
    await hello.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "Hello from a starter" }).waitFor({ timeout: WAIT });
    await finished(page, "[Quiet profile] You said: Hello from a starter");
    assert.equal(await page.getByTestId("starter").count(), 0, "starters leave once the chat has begun");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "chat-input", "the composer has the focus");

    // Typed messages in this chat are answered by the same profile.
    await send(page, "typed text");
    await finished(page, "[Quiet profile] You said: typed text");

    // Back to Echo, from the keyboard: on a closed select an arrow key changes the value at
    // once. The user has written here, so the picker asks first: Cancel keeps the conversation
    // and the profile, and gives the focus back to the picker...
    await picker.focus();
    await page.keyboard.press("ArrowUp");
    const confirm = page.getByRole("dialog", { name: "Start a new chat?" });
    await confirm.waitFor({ timeout: WAIT });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await picker.inputValue(), "Quiet");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "chat-profile");
    await assistantMessage(page, "[Quiet profile] You said: typed text").waitFor({ timeout: WAIT });
    // ...and confirming starts a new chat with the greeting, and plain replies.
    await picker.selectOption("Echo");
    await confirm.getByRole("button", { name: "Switch profile" }).click();
    assert.equal(await picker.inputValue(), "Echo");
    await assistantMessage(page, "I am a C++ chat").first().waitFor({ timeout: WAIT });
    await send(page, "back to echo");
    const echo = await finished(page, "You said: back to echo");
    assert.doesNotMatch(await echo.textContent(), /Quiet profile/);

    assert.deepEqual(errors, []);
  }, { freshDir: true });
});

test("sharing a thread: a read-only link for another user, gone once unshared", { timeout: 170_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    // A second account, added the way an operator would.
    execFileSync(process.env.HELLO_APP, ["user", "add", VIEWER.username, "--password-stdin"], {
      cwd: app.dir,
      input: VIEWER.password + "\n",
      stdio: ["pipe", "ignore", "inherit"],
    });
    const { page, errors } = await openChat(browser, app);
    const text = `shared ${randomBytes(4).toString("hex")}`;
    await send(page, text);
    await finished(page, `You said: ${text}`);
    await page.waitForURL(/\/thread\/[^/]+$/, { timeout: WAIT });
    const threadId = new URL(page.url()).pathname.split("/").pop();

    // The author shares it from the history sidebar and gets the link.
    const sidebar = page.getByRole("navigation", { name: "Thread history" });
    const toggleSidebar = page.getByTestId("sidebar-toggle");
    if ((await toggleSidebar.getAttribute("aria-expanded", { timeout: WAIT })) !== "true") await toggleSidebar.click();
    const item = sidebar.getByTestId("thread-item").filter({ hasText: text });
    await item.hover({ timeout: WAIT });
    await item.getByTestId("thread-share").click();
    const dialog = page.getByRole("dialog");
    const toggle = dialog.getByTestId("share-toggle");
    assert.equal(await toggle.isChecked({ timeout: WAIT }), false);
    // A controlled checkbox: it turns on once the server has answered, so click, then wait.
    await toggle.click();
    await page.getByText("Anyone with the link can now view this chat").waitFor({ timeout: WAIT });
    const linkBox = dialog.getByRole("textbox", { name: "Share link" });
    const link = await linkBox.inputValue({ timeout: WAIT });
    assert.equal(new URL(link).pathname, `/share/${threadId}`);

    // Another signed-in user opens it: the conversation, read-only, no composer.
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await other.newPage();
    const viewerErrors = watchErrors(viewer);
    await viewer.goto(app.url + "/", { timeout: WAIT });
    await login(viewer, VIEWER);
    await viewer.goto(link, { timeout: WAIT });
    await viewer.getByRole("note").filter({ hasText: "A shared conversation (read-only)." }).waitFor({ timeout: WAIT });
    await viewer.getByTestId("user-message").filter({ hasText: text }).waitFor({ timeout: WAIT });
    await assistantMessage(viewer, `You said: ${text}`).waitFor({ timeout: WAIT });
    // Its inline element too: the element bytes are served to a reader of the shared thread.
    assert.equal(await viewer.locator('.text-element[aria-label="echo.txt"]').textContent({ timeout: WAIT }), text);
    assert.equal(await viewer.getByRole("textbox", { name: "Message" }).count(), 0, "nothing to type into");
    const shared = await viewer.request.get(`${app.url}/project/share/${threadId}`);
    assert.equal(shared.status(), 200);
    const meta = (await shared.json()).metadata;
    assert.equal(meta.is_shared, true);
    for (const key of ["chat_profile", "chat_settings", "env"]) assert.ok(!(key in meta), `${key} is not shared`);
    // The viewer is not the author: the thread itself stays closed to them.
    assert.equal((await viewer.request.get(`${app.url}/project/thread/${threadId}`)).status(), 401);

    assert.deepEqual(viewerErrors, []);

    // The author unshares it: the link is dead for the viewer.
    await toggle.click();
    await page.getByText("Sharing turned off").waitFor({ timeout: WAIT });
    await linkBox.waitFor({ state: "detached", timeout: WAIT });
    const gone = await viewer.request.get(`${app.url}/project/share/${threadId}`);
    assert.equal(gone.status(), 404);
    assert.deepEqual(await gone.json(), { detail: "Thread not found" });
    await viewer.reload();
    await viewer.locator(".alert.error").waitFor({ timeout: WAIT });
    assert.equal(await viewer.getByTestId("user-message").count(), 0, "the conversation is no longer shown");
    // The author still reaches the shared page of their own thread (on_shared_thread_view).
    assert.equal((await page.request.get(`${app.url}/project/share/${threadId}`)).status(), 200);

    await other.close();
    assert.deepEqual(errors, []);
  }, { freshDir: true });
});
