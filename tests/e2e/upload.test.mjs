// Upload by the attach button: the file chooser gets a file, the UI uploads it
// (POST /project/file), shows it as a finished attachment, and the sent message carries it as a
// file element whose link downloads the same bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, send, assistantMessage, WAIT } from "./driver.mjs";

test("upload a file with the attach button and send it", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    const content = "notes from the e2e test\nsecond line ✓\n";
    const uploaded = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/project/file",
      { timeout: WAIT });

    const chooser = page.waitForEvent("filechooser", { timeout: WAIT });
    await page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from(content) });

    const res = await uploaded;
    const body = await res.text();
    assert.equal(res.status(), 200, `POST /project/file answered ${res.status()}: ${body}`);
    assert.ok(JSON.parse(body).id, `the upload answer has an id: ${body}`);
    const attachment = page.getByTestId("attachment").filter({ hasText: "notes.txt" });
    await attachment.waitFor({ timeout: WAIT });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="attachment"]')?.classList.contains("done"),
      null, { timeout: WAIT });

    await send(page, "here is a file");
    const mine = page.getByTestId("user-message").filter({ hasText: "here is a file" });
    await mine.waitFor({ timeout: WAIT });
    const link = mine.getByRole("link", { name: "Download notes.txt" });
    await link.waitFor({ timeout: WAIT });
    assert.equal(await link.getAttribute("download"), "notes.txt");
    await attachment.waitFor({ state: "detached", timeout: WAIT });

    // The element's link serves what was uploaded.
    const file = await page.request.get(await link.getAttribute("href"));
    assert.equal(file.status(), 200);
    assert.equal(await file.text(), content);
    await assistantMessage(page, "You said: here is a file").waitFor({ timeout: WAIT });
    assert.deepEqual(errors, []);
  });
});
