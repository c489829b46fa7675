// The demo in LLM mode: with OPENAI_BASE_URL set (here to the OpenAI-compatible stub of
// tests/integration/llm), a model answers in the browser and the tools it calls show as steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";
import { startOpenAiStub } from "../integration/llm/openai_stub.mjs";

test("the demo streams a model's answer and shows its tool calls as steps", { timeout: 120_000 }, async () => {
  const stub = await startOpenAiStub();
  try {
    await withApp(async ({ app, browser }) => {
      const { page, errors } = await openChat(browser, app, {
        ready: (p) => assistantMessage(p, "with a model behind me"),
      });
      await send(page, "What is 6 times 7?");
      await assistantMessage(page, "Let me compute. The answer is 42.").waitFor({ timeout: WAIT });
      const calc = page.getByTestId("step").filter({
        has: page.locator(":scope > .step-toggle", { hasText: "calculator" }) });
      await calc.waitFor({ timeout: WAIT });
      await calc.locator(":scope > .step-toggle").click();
      await calc.locator(".step-section").filter({ hasText: "Output" }).filter({ hasText: "42" })
        .waitFor({ timeout: WAIT });
      // The model got the system prompt and the user's words, then the tool results.
      assert.equal(stub.requests.length, 2);
      const first = stub.requests[0].messages;
      assert.equal(first[0].role, "system");
      assert.equal(first.at(-1).content, "What is 6 times 7?");
      assert.ok(stub.requests[1].messages.some((m) => m.role === "tool" && m.content === "42"));
      assert.deepEqual(errors, []);
    }, { freshDir: true, env: { OPENAI_BASE_URL: stub.baseUrl, OPENAI_MODEL: "tools", OPENAI_API_KEY: "demo-key" } });
  } finally {
    await stub.close();
  }
});
