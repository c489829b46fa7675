// Sends a message and watches the reply stream in: the text grows token by token (at least two
// intermediate lengths, each a prefix of the final text) and ends complete. Prints the frames
// dropped while it streamed (requestAnimationFrame deltas over 50 ms): figures only, no
// threshold, since the machine is shared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

/** Sends `text`, records each rendered text of the reply and every frame until it is complete. */
async function streamReply(page, text, { timeout = WAIT } = {}) {
  const expected = `You said: ${text}`;
  await page.evaluate(() => {
    const rec = (window.__e2e = { texts: [], frames: [], running: true });
    const log = document.querySelector('[role="log"]');
    rec.observer = new MutationObserver(() => {
      const msgs = log.querySelectorAll('[data-testid="assistant-message"]');
      const t = msgs[msgs.length - 1]?.querySelector(".markdown")?.textContent ?? "";
      if (t.startsWith("You said:") && t !== rec.texts[rec.texts.length - 1]) rec.texts.push(t);
    });
    rec.observer.observe(log, { subtree: true, childList: true, characterData: true });
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
  await page.waitForFunction(() => window.__e2e.texts.length > 0, null, { timeout });
  const firstToken = Date.now() - t0;
  // Complete: the whole text, no longer streaming, with its footer and inline element.
  await page.waitForFunction(
    (exp) => [...document.querySelectorAll('[data-testid="assistant-message"]')].some((m) =>
      m.querySelector(".markdown")?.textContent === exp && !m.hasAttribute("aria-busy") &&
      m.querySelector('.text-element[aria-label="echo.txt"]') && m.querySelector(".message-footer")),
    expected, { timeout });
  const complete = Date.now() - t0;
  const rec = await page.evaluate(() => {
    const r = window.__e2e;
    r.running = false;
    r.observer.disconnect();
    return { texts: r.texts, frames: r.frames.slice(1) }; // the first delta predates the loop
  });
  return { expected, firstToken, complete, ...rec };
}

function checkGrowth({ expected, texts }) {
  assert.equal(texts[texts.length - 1], expected, "the reply ends with the whole text");
  for (const t of texts) assert.ok(expected.startsWith(t), `"${t}" is a prefix of the reply`);
  const lengths = texts.map((t) => t.length);
  for (let i = 1; i < lengths.length; i++) assert.ok(lengths[i] > lengths[i - 1], "the reply only grows");
  return lengths;
}

function report(label, tokens, r, lengths) {
  const dropped = r.frames.filter((d) => d > 50).length;
  const worst = r.frames.length ? Math.max(...r.frames).toFixed(1) : "n/a";
  console.log(`# metric: ${label}: ${tokens} tokens, first token rendered after ${r.firstToken} ms, ` +
    `complete after ${r.complete} ms, ${lengths.length} distinct renders`);
  console.log(`# metric: ${label}: ${r.frames.length} frames, dropped (>50 ms): ${dropped}, ` +
    `worst frame ${worst} ms`);
}

test("a reply streams token by token and ends complete", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const words = ("streaming should feel smooth even when the machine is busy so this sentence " +
      "has enough words to be watched while it grows one token at a time").split(" ");
    const r = await streamReply(page, words.join(" "));
    const lengths = checkGrowth(r);
    const intermediate = lengths.filter((n) => n < r.expected.length);
    assert.ok(intermediate.length >= 2,
      `at least two intermediate lengths while streaming (saw ${JSON.stringify(lengths)})`);
    const reply = assistantMessage(page, r.expected);
    assert.equal(await reply.locator('.text-element[aria-label="echo.txt"]').textContent(), words.join(" "));
    assert.deepEqual(errors, []);
    report("short reply", words.length + 2, r, lengths);
  });
});

test("a long reply (200 words) streams without stalling the page", { timeout: 150_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const words = Array.from({ length: 200 }, (_, i) => `word${i + 1}`);
    const r = await streamReply(page, words.join(" "), { timeout: 60_000 });
    const lengths = checkGrowth(r);
    assert.ok(lengths.length >= 10, `the long reply rendered progressively (${lengths.length} renders)`);
    assert.deepEqual(errors, []);
    report("long reply", words.length + 2, r, lengths);
  });
});
