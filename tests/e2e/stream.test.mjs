// Sends a message and watches the reply stream in: the text grows token by token (at least two
// intermediate lengths, each a prefix of the final text) and ends complete. Prints the frames
// dropped while it streamed (requestAnimationFrame deltas over 50 ms).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

const WORDS = ("streaming should feel smooth even when the machine is busy so this sentence " +
  "has enough words to be watched while it grows one token at a time").split(" ");

test("a reply streams token by token and ends complete", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const text = WORDS.join(" ");
    const expected = `You said: ${text}`;

    // Record every text of the reply as the DOM changes, and every frame's delta.
    await page.evaluate(() => {
      const rec = (window.__e2e = { texts: [], frames: [], running: true });
      const log = document.querySelector('[role="log"]');
      const observer = new MutationObserver(() => {
        const msgs = log.querySelectorAll('[data-testid="assistant-message"]');
        const last = msgs[msgs.length - 1];
        const md = last?.querySelector(".markdown");
        const t = md?.textContent ?? "";
        if (t.startsWith("You said:") && t !== rec.texts[rec.texts.length - 1]) {
          rec.texts.push(t);
        }
      });
      observer.observe(log, { subtree: true, childList: true, characterData: true });
      rec.observer = observer;
      let prev = performance.now();
      const frame = (now) => {
        rec.frames.push(now - prev);
        prev = now;
        if (rec.running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });

    const t0 = Date.now();
    await send(page, text);
    const reply = assistantMessage(page, expected);
    await reply.waitFor({ timeout: WAIT });
    const firstSeen = Date.now() - t0;
    // Complete: no longer streaming, footer and the inline element shown.
    await page.waitForFunction(
      (exp) => [...document.querySelectorAll('[data-testid="assistant-message"]')].some((m) =>
        m.querySelector(".markdown")?.textContent === exp && !m.hasAttribute("aria-busy") &&
        m.querySelector('.text-element[aria-label="echo.txt"]') && m.querySelector(".message-footer")),
      expected, { timeout: WAIT });
    const done = Date.now() - t0;
    const rec = await page.evaluate(() => {
      const r = window.__e2e;
      r.running = false;
      r.observer.disconnect();
      return { texts: r.texts, frames: r.frames };
    });

    assert.equal(rec.texts[rec.texts.length - 1], expected, "the reply ends with the whole text");
    for (const t of rec.texts) assert.ok(expected.startsWith(t), `"${t}" is a prefix of the reply`);
    const lengths = rec.texts.map((t) => t.length);
    for (let i = 1; i < lengths.length; i++) assert.ok(lengths[i] > lengths[i - 1], "the reply only grows");
    const intermediate = lengths.filter((n) => n < expected.length);
    assert.ok(intermediate.length >= 2,
      `at least two intermediate lengths while streaming (saw ${JSON.stringify(lengths)})`);
    assert.equal(await reply.locator('.text-element[aria-label="echo.txt"]').textContent(), text);
    assert.deepEqual(errors, []);

    const frames = rec.frames.slice(1); // the first delta starts before the loop
    const dropped = frames.filter((d) => d > 50).length;
    const worst = Math.max(...frames).toFixed(1);
    console.log(`# metric: ${WORDS.length + 2} tokens; first full text after ${firstSeen} ms, ` +
      `complete after ${done} ms; ${lengths.length} distinct renders ` +
      `(${intermediate.length} intermediate)`);
    console.log(`# metric: frames while streaming: ${frames.length}, dropped (>50 ms): ${dropped}, ` +
      `worst ${worst} ms`);
  });
});
