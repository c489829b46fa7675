// /docs in a real browser: Swagger UI, served from the binary, renders the demo's API (the
// built-in routes and the seed's GET /hello) from /openapi.json, with no console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, watchErrors, WAIT } from "./driver.mjs";

test("/docs renders the API reference", { timeout: 90_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${app.url}/docs`);
    await page.locator(".swagger-ui .info .title").waitFor({ timeout: WAIT });
    // The demo's custom endpoint and the OpenAI API, each an operation block.
    const hello = page.locator(".opblock-get").filter({ has: page.locator('[data-path="/hello"]') });
    await hello.first().waitFor({ timeout: WAIT });
    const completions = page.locator(".opblock-post")
      .filter({ has: page.locator('[data-path="/v1/chat/completions"]') });
    await completions.first().waitFor({ timeout: WAIT });
    // Interactive: opening an operation shows its parameters and a "Try it out" button.
    await completions.first().locator(".opblock-summary").click();
    await page.getByRole("button", { name: "Try it out" }).first().waitFor({ timeout: WAIT });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
