// Feedback thumbs: a reply to a message gets "Helpful" / "Not helpful"; the choice is stored
// with the thread (it is there when the thread is read back from the server) and can be
// changed. The welcome message (not an answer) has no thumbs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, welcome, WAIT } from "./driver.mjs";

test("feedback thumbs on a reply are stored with the thread", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    assert.equal(await welcome(page).getByTestId("feedback-up").count(), 0, "no thumbs on the welcome message");
    await send(page, "rate this");
    const reply = assistantMessage(page, "You said: rate this");
    await reply.getByTestId("feedback-up").click();
    await page.getByText("Thanks for your feedback").first().waitFor({ timeout: WAIT });
    await page.waitForURL(/\/thread\/[^/]+$/, { timeout: WAIT });
    const threadId = new URL(page.url()).pathname.split("/").pop();
    const stepId = await reply.getAttribute("data-step-id");

    const feedbackOf = async () => {
      const res = await page.request.get(`${app.url}/project/thread/${threadId}`);
      assert.equal(res.status(), 200);
      const thread = await res.json();
      return thread.steps.find((s) => s.id === stepId)?.feedback;
    };
    // The feedback is written through the data layer asynchronously: poll a bounded number of times.
    let stored;
    for (let i = 0; i < 50 && stored?.value !== 1; i++) {
      stored = await feedbackOf();
      if (stored?.value !== 1) await page.waitForTimeout(100);
    }
    assert.equal(stored?.value, 1, "the thread holds the 'Helpful' feedback");

    await reply.getByTestId("feedback-down").click();
    let changed;
    for (let i = 0; i < 50 && changed?.value !== 0; i++) {
      changed = await feedbackOf();
      if (changed?.value !== 0) await page.waitForTimeout(100);
    }
    assert.equal(changed?.value, 0, "the feedback changed to 'Not helpful'");
    assert.deepEqual(errors, []);
  }, { freshDir: true });
});
