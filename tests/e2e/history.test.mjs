// The thread history sidebar against a fresh database: two chats appear in it, search narrows
// it, a thread resumes with its messages and inline element, rename and delete reach the server
// (they survive a reload, and a deleted thread is gone from GET /project/thread/:id).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

const sidebar = (page) => page.getByRole("navigation", { name: "Thread history" });
const threadItem = (page, name) => sidebar(page).getByTestId("thread-item").filter({ hasText: name });

/** Waits until the reply to `text` has finished streaming (its footer is shown). */
async function reply(page, text) {
  const msg = assistantMessage(page, `You said: ${text}`).and(page.locator(":not([aria-busy])"));
  await msg.locator(".message-footer").waitFor({ timeout: WAIT });
  return msg;
}

/** Opens the sidebar unless it is open (it opens by itself on a wide screen once loaded). */
async function openSidebar(page) {
  const toggle = page.getByTestId("sidebar-toggle");
  await toggle.waitFor({ timeout: WAIT });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await sidebar(page).waitFor({ timeout: WAIT });
}

/** Sends `text` in a new chat and returns the thread id the URL moves to. */
async function chat(page, text) {
  await page.getByRole("banner").getByTestId("new-chat").click();
  await send(page, text);
  await reply(page, text);
  await page.waitForURL(/\/thread\/[^/]+$/, { timeout: WAIT });
  return new URL(page.url()).pathname.split("/").pop();
}

test("history: resume, search, rename and delete threads", { timeout: 170_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const tag = randomBytes(4).toString("hex");
    const first = `alpha ${tag} keeps its element`;
    const second = `bravo ${tag} will be renamed`;

    const firstId = await chat(page, first);
    const secondId = await chat(page, second);
    assert.notEqual(firstId, secondId, "each new chat is its own thread");

    // Both chats are listed, newest first, named after their first message.
    await openSidebar(page);
    await threadItem(page, first).waitFor({ timeout: WAIT });
    await threadItem(page, second).waitFor({ timeout: WAIT });
    const names = await sidebar(page).getByTestId("thread-item").allTextContents();
    assert.ok(names.indexOf(second) >= 0 && names.indexOf(second) < names.indexOf(first),
      `newest first: ${JSON.stringify(names)}`);

    // Resume the first thread: its messages and its inline element come back.
    await page.getByRole("banner").getByTestId("new-chat").click();
    await threadItem(page, first).getByRole("link").click();
    await page.waitForURL(new RegExp(`/thread/${firstId}$`), { timeout: WAIT });
    const resumed = await reply(page, first);
    await page.getByTestId("user-message").filter({ hasText: first }).waitFor({ timeout: WAIT });
    assert.equal(await resumed.locator('.text-element[aria-label="echo.txt"]').textContent({ timeout: WAIT }), first);
    assert.equal(await assistantMessage(page, `You said: ${second}`).count(), 0, "only the resumed thread is shown");
    // The resumed chat goes on: a new message is answered in the same thread.
    const more = `charlie ${tag} after resuming`;
    await send(page, more);
    await reply(page, more);
    assert.equal(new URL(page.url()).pathname.split("/").pop(), firstId);

    // Search narrows the list to matching names; no match says so.
    const search = sidebar(page).getByRole("searchbox", { name: "Search chats" });
    await search.fill(`bravo ${tag}`);
    await threadItem(page, first).waitFor({ state: "detached", timeout: WAIT });
    await threadItem(page, second).waitFor({ timeout: WAIT });
    await search.fill(`nothing-matches-${tag}`);
    await sidebar(page).getByText("No chat matches your search.").waitFor({ timeout: WAIT });
    await search.fill("");
    await threadItem(page, first).waitFor({ timeout: WAIT });

    // Rename: the new name shows at once and is the server's after a reload.
    const renamed = `renamed ${tag}`;
    // The actions show on hover (or focus), as for a mouse user.
    await threadItem(page, second).hover();
    await threadItem(page, second).getByTestId("thread-rename").click();
    const input = sidebar(page).getByRole("textbox", { name: "Thread name" });
    await input.fill(renamed);
    await input.press("Enter");
    await threadItem(page, renamed).waitFor({ timeout: WAIT });
    await page.reload();
    await openSidebar(page);
    await threadItem(page, renamed).waitFor({ timeout: WAIT });
    assert.equal(await threadItem(page, second).count(), 0, "the old name is gone");

    // Delete asks first; Cancel keeps the thread, Delete removes it for good.
    await threadItem(page, renamed).hover();
    await threadItem(page, renamed).getByTestId("thread-delete").click();
    const dialog = page.getByRole("dialog", { name: "Delete this chat?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await threadItem(page, renamed).count(), 1);
    await threadItem(page, renamed).hover();
    await threadItem(page, renamed).getByTestId("thread-delete").click();
    await dialog.getByTestId("confirm").click();
    await threadItem(page, renamed).waitFor({ state: "detached", timeout: WAIT });
    await page.getByText("Thread deleted").waitFor({ timeout: WAIT });
    const gone = await page.request.get(`${app.url}/project/thread/${secondId}`);
    assert.equal(gone.status(), 404, "the deleted thread is gone from the server");
    const kept = await page.request.get(`${app.url}/project/thread/${firstId}`);
    assert.equal(kept.status(), 200, "the other thread is still there");
    await page.reload();
    await openSidebar(page);
    await threadItem(page, first).waitFor({ timeout: WAIT });
    assert.equal(await threadItem(page, renamed).count(), 0, "still deleted after a reload");

    assert.deepEqual(errors, []);
  }, { freshDir: true });
});
