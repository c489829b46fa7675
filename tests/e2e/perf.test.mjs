// UI performance, measured in Chromium against tests/e2e/perf_app.cpp (which seeds a thread of
// PERF_MESSAGES messages and streams tokens on a fixed schedule). The test asserts correctness
// only — every message of the long thread can be reached by scrolling, the streamed text ends
// complete — and records the figures (time to render, frames dropped, long tasks, stream lag):
// printed as "# metric:" lines, and written as JSON to $UI_PERF_OUT when set (bench/ui/run
// renders that into docs/BENCHMARKS.md). No timing is asserted: the machine is shared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { withApp, openChat, send, E2E_USER, WAIT } from "./driver.mjs";
import { frameStats, streamLag } from "./perf_stats.mjs";

const MESSAGES = Number(process.env.PERF_MESSAGES || 1000);
const TOKENS = Number(process.env.PERF_TOKENS || 3000);
const RATE = Number(process.env.PERF_RATE || 1000);
const threadName = `Long thread (${MESSAGES} messages)`;

function perfApp() {
  const bin = process.env.PERF_APP || resolve(import.meta.dirname, "../../build/tests/e2e/e2e_perf_app");
  return bin;
}

/** In the page: records rAF deltas and long tasks / long animation frames until stopped. */
function startRecorder(page) {
  return page.evaluate(() => {
    const rec = (window.__perf = { frames: [], longTasks: [], loafs: [], running: true, observers: [] });
    for (const type of ["longtask", "long-animation-frame"]) {
      if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
      const o = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (type === "longtask" ? rec.longTasks : rec.loafs).push(e.duration);
      });
      o.observe({ type, buffered: false });
      rec.observers.push(o);
    }
    let prev = performance.now();
    const frame = (now) => {
      rec.frames.push(now - prev);
      prev = now;
      if (rec.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

function stopRecorder(page) {
  return page.evaluate(() => {
    const r = window.__perf;
    r.running = false;
    for (const o of r.observers) o.disconnect();
    return { frames: r.frames.slice(1), longTasks: r.longTasks, loafs: r.loafs };
  });
}

/** Scrolls `selector` from its bottom to its top, 120 px per animation frame. */
function scrollUp(page, selector) {
  return page.evaluate(async ({ selector, step, maxFrames }) => {
    const el = document.querySelector(selector);
    el.scrollTop = el.scrollHeight;
    const t0 = performance.now();
    let frames = 0;
    while (el.scrollTop > 0 && frames < maxFrames) {
      el.scrollTop = Math.max(0, el.scrollTop - step);
      frames++;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { frames, ms: performance.now() - t0, height: el.scrollHeight, reachedTop: el.scrollTop === 0 };
  }, { selector, step: 120, maxFrames: 5000 });
}

/**
 * The same scroll over a plain page of the same height (static paragraphs, no app): what this
 * machine and software rendering allow, to read the chat's figure against.
 */
async function baselineScroll(browser, height) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const rows = Math.ceil(height / 125);
    await page.setContent(`<div id="s" style="height:100vh;overflow:auto;font:16px sans-serif">${
      Array.from({ length: rows }, (_, i) => `<p style="height:109px;margin:8px">Paragraph ${i}: some plain text ` +
        "that stands for a message, long enough to wrap onto a second line in a wide window, like a chat " +
        "answer would.</p>").join("")}</div>`);
    await startRecorder(page);
    const r = await scrollUp(page, "#s");
    return { heightPx: r.height, ms: Math.round(r.ms), ...frameStats(await stopRecorder(page)) };
  } finally {
    await page.close();
  }
}

const ids = (page) => page.evaluate(() =>
  [...document.querySelectorAll('[data-testid="user-message"], [data-testid="assistant-message"]')]
    .map((el) => el.getAttribute("data-step-id")));

test(`a ${MESSAGES}-message thread opens and scrolls; ${RATE} tokens/s streams`, { timeout: 290_000 }, async () => {
  const results = { date: new Date().toISOString(), messages: MESSAGES, tokens: TOKENS, rate: RATE };
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app, {
      ready: (p) => p.getByTestId("assistant-message").filter({ hasText: "Performance test app" }).first(),
    });
    results.chromium = browser.version();

    // ---- open the long thread from the history --------------------------------------------
    const sidebar = page.getByRole("navigation", { name: "Thread history" });
    if (!(await sidebar.isVisible())) await page.getByTestId("sidebar-toggle").click();
    const link = sidebar.getByTestId("thread-item").filter({ hasText: threadName }).getByRole("link");
    await link.waitFor({ timeout: WAIT });
    await startRecorder(page);
    const lastText = `Answer ${MESSAGES / 2}.`;
    const openMs = await page.evaluate(async ({ lastText, timeout }) => {
      const link = [...document.querySelectorAll('[data-testid="thread-item"] a')].find((a) => a.textContent.startsWith("Long thread"));
      const t0 = performance.now();
      link.click();
      // Done when the last message is in the page and a frame has been painted with it.
      const shown = () => [...document.querySelectorAll('[data-testid="assistant-message"]')].some((m) => m.textContent.includes(lastText));
      while (!shown()) {
        if (performance.now() - t0 > timeout) throw new Error(`the last message (${lastText}) never showed`);
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    }, { lastText, timeout: 60_000 });
    const open = await stopRecorder(page);
    const mounted = (await ids(page)).length;
    results.open = { ms: Math.round(openMs), mounted, ...frameStats(open) };
    console.log(`# metric: open ${MESSAGES}-message thread: ${Math.round(openMs)} ms to the last message painted, ` +
      `${mounted} messages mounted, longest task ${results.open.longestTaskMs} ms`);

    // ---- scroll it from the bottom to the top, a fixed distance per frame ------------------
    await page.waitForTimeout(500); // let the resume settle (stick-to-bottom, lazy chunks)
    await startRecorder(page);
    const scroll = await scrollUp(page, ".messages-scroll");
    const scrolled = await stopRecorder(page);
    results.scroll = { pxPerFrame: 120, heightPx: scroll.height, ms: Math.round(scroll.ms), ...frameStats(scrolled) };
    console.log(`# metric: scroll ${scroll.height} px at 120 px/frame: ${results.scroll.frames} frames in ` +
      `${results.scroll.ms} ms, dropped ${results.scroll.dropped}, long (>50 ms) ${results.scroll.long}, ` +
      `p95 frame ${results.scroll.p95FrameMs} ms`);
    assert.ok(scroll.reachedTop, "scrolled to the top");

    // Every message is reachable: walk down half a screen at a time collecting message ids.
    const seen = new Set();
    for (let i = 0; i < 10_000; i++) {
      for (const id of await ids(page)) seen.add(id);
      const atEnd = await page.evaluate(() => {
        const el = document.querySelector(".messages-scroll");
        const before = el.scrollTop;
        el.scrollTop += el.clientHeight / 2;
        return el.scrollTop === before;
      });
      if (atEnd) break;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    for (const id of await ids(page)) seen.add(id);
    assert.equal(seen.size, MESSAGES, `all ${MESSAGES} messages can be reached by scrolling`);

    // ---- the long thread goes on: back to the latest message, and a reply streamed into it
    // keeps the view at its bottom (the list is virtualised from 200 items: what is below the
    // screen is partly estimated, so this is where sticking to the bottom can go wrong) --------
    const distanceToBottom = () => page.evaluate(() => {
      const el = document.querySelector(".messages-scroll");
      return el.scrollHeight - el.scrollTop - el.clientHeight;
    });
    await page.evaluate(() => { document.querySelector(".messages-scroll").scrollTop = 0; });
    const toLatest = page.getByRole("button", { name: "Scroll to the latest message" });
    await toLatest.click();
    await page.getByTestId("assistant-message").filter({ hasText: lastText }).waitFor({ timeout: WAIT });
    await page.waitForFunction(() => {
      const el = document.querySelector(".messages-scroll");
      return el.scrollHeight - el.scrollTop - el.clientHeight < 2;
    }, null, { timeout: WAIT });
    await toLatest.waitFor({ state: "detached", timeout: WAIT });
    await send(page, "stream 400 1000");
    const longDone = page.getByTestId("assistant-message").filter({ hasText: "stream done: tokens=400" });
    await longDone.waitFor({ timeout: 60_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.ok(await distanceToBottom() < 2, "a reply streamed into the long thread keeps the view at the bottom");
    await page.getByTestId("assistant-message").filter({ hasText: "w399" }).waitFor({ timeout: WAIT });
    const doneBox = await longDone.evaluate((m) => {
      const r = m.getBoundingClientRect();
      const view = document.querySelector(".messages-scroll").getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, viewTop: view.top, viewBottom: view.bottom };
    });
    assert.ok(doneBox.top >= doneBox.viewTop && doneBox.bottom <= doneBox.viewBottom + 1,
      `the last message is on screen (${JSON.stringify(doneBox)})`);
    assert.equal(await toLatest.count(), 0, "no 'scroll to the latest' button at the bottom");
    // Screen readers: the virtualised log is not a live region (it would read out the old
    // messages mounted while scrolling); a status says the latest message instead.
    assert.equal(await page.getByRole("log", { name: "Conversation" }).getAttribute("aria-live"), "off");
    assert.match(await page.getByTestId("latest-message-status").textContent(), /said: stream done: tokens=400/);

    // ---- stream TOKENS tokens at RATE tokens/s in a new chat ------------------------------
    await page.getByRole("banner").getByTestId("new-chat").click();
    await page.getByTestId("assistant-message").filter({ hasText: "Performance test app" }).waitFor({ timeout: WAIT });
    await page.evaluate(() => {
      const samples = (window.__stream = []);
      const log = document.querySelector('[role="log"]');
      window.__streamObserver = new MutationObserver(() => {
        const msgs = log.querySelectorAll('[data-testid="assistant-message"]');
        const text = msgs[msgs.length - 1]?.querySelector(".markdown")?.textContent ?? "";
        const m = /w(\d+)\s*$/.exec(text);
        const k = m ? Number(m[1]) : -1;
        if (k >= 0 && k !== samples[samples.length - 1]?.k) samples.push({ t: performance.timeOrigin + performance.now(), k });
      });
      window.__streamObserver.observe(log, { subtree: true, childList: true, characterData: true });
    });
    await startRecorder(page);
    await send(page, `stream ${TOKENS} ${RATE}`);
    const done = page.getByTestId("assistant-message").filter({ hasText: "stream done:" });
    await done.waitFor({ timeout: 60_000 + (TOKENS / RATE) * 1000 });
    const streamed = await stopRecorder(page);
    const samples = await page.evaluate(() => {
      window.__streamObserver.disconnect();
      return window.__stream;
    });
    const report = Object.fromEntries([...(await done.textContent()).matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    const expected = Array.from({ length: TOKENS }, (_, k) => `w${k}`);
    const reply = page.getByTestId("assistant-message").filter({ hasText: "w0 w1" });
    const words = (await reply.locator(".markdown").first().textContent()).split(/\s+/).filter(Boolean);
    assert.deepEqual(words, expected, "the streamed text is complete and in order");
    assert.equal(await reply.locator(".markdown p").count(), Math.ceil(TOKENS / 50), "one paragraph per 50 tokens");
    assert.equal(report.tokens, TOKENS);

    const lag = streamLag(samples, report);
    results.stream = { ...lag, ...frameStats(streamed) };
    console.log(`# metric: stream ${TOKENS} tokens at ${RATE}/s: server sent at ${lag.sentRate} tokens/s; ` +
      `${lag.renders} renders (${lag.tokensPerRender} tokens each); lag p50 ${lag.lagP50Ms} ms, ` +
      `p95 ${lag.lagP95Ms} ms, max ${lag.lagMaxMs} ms; last token shown ${lag.finalLagMs} ms after it was sent`);
    console.log(`# metric: stream frames: ${results.stream.frames}, dropped ${results.stream.dropped}, ` +
      `long (>50 ms) ${results.stream.long}, longest task ${results.stream.longestTaskMs} ms`);
    assert.deepEqual(errors, []);

    results.baseline = await baselineScroll(browser, scroll.height);
    console.log(`# metric: baseline: plain ${results.baseline.heightPx} px page, same scroll: ` +
      `${results.baseline.frames} frames, dropped ${results.baseline.dropped}, long ${results.baseline.long}`);
  }, {
    bin: perfApp(),
    freshDir: true,
    env: { CHAINLIT_PERF_SEED_USER: E2E_USER.username, CHAINLIT_PERF_SEED_MESSAGES: String(MESSAGES) },
  });
  if (process.env.UI_PERF_OUT) writeFileSync(process.env.UI_PERF_OUT, JSON.stringify(results, null, 2) + "\n");
});
