// The chain of thought: the reply to "hello there world" has a collapsed "Thinking" step; opening
// it shows its input and output and the nested "Counting words" step, whose output is "3 words".
// Thinking shows its icon, Counting words its tags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

test("expand the Thinking step and its nested Counting words step", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    await send(page, "hello there world");
    await assistantMessage(page, "You said: hello there world").waitFor({ timeout: WAIT });

    const thinking = page.getByTestId("step").filter({
      has: page.locator(":scope > .step-toggle", { hasText: "Thinking" }) });
    const toggle = thinking.locator(":scope > .step-toggle");
    await toggle.waitFor({ timeout: WAIT });
    await page.waitForFunction(() => {
      const b = [...document.querySelectorAll(".step-toggle")].find((x) => x.textContent.includes("Thinking"));
      return b && b.textContent.startsWith("Used");
    }, null, { timeout: WAIT });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false", "collapsed at first");
    // Chainlit 2.x step fields: the demo gives Thinking an icon (metadata.icon), Counting words tags.
    assert.equal(await toggle.getByTestId("step-icon").getAttribute("data-icon"), "brain");
    assert.equal(await toggle.locator("svg").count() >= 2, true, "chevron and the brain icon");
    assert.equal(await page.getByText("Counting words").count(), 0, "nested step hidden while collapsed");

    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const body = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
    await body.waitFor({ timeout: WAIT });
    const sections = body.locator(":scope > .step-section");
    await sections.filter({ hasText: "Input" }).filter({ hasText: "hello there world" }).waitFor({ timeout: WAIT });
    await sections.filter({ hasText: "Output" }).filter({ hasText: "Echoing the message back." })
      .waitFor({ timeout: WAIT });

    const nested = body.getByTestId("step").filter({ hasText: "Counting words" });
    await nested.waitFor({ timeout: WAIT });
    const nestedToggle = nested.locator(":scope > .step-toggle");
    assert.match(await nestedToggle.textContent(), /Used Counting words/);
    assert.deepEqual(await nestedToggle.getByTestId("step-tag").allTextContents(), ["local", "fast"]);
    assert.equal(await nestedToggle.getAttribute("aria-expanded"), "false");
    await nestedToggle.click();
    await nested.locator(".step-section").filter({ hasText: "Output" }).filter({ hasText: "3 words" })
      .waitFor({ timeout: WAIT });

    // Collapsing the outer step hides the nested one again.
    await toggle.click();
    await nested.waitFor({ state: "detached", timeout: WAIT });
    assert.deepEqual(errors, []);
  });
});
