// Log out from the account menu: the session cookie is cleared (GET /user answers 401 with the
// browser's cookies), the login page shows, and a reload or a deep link stays on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp, openChat, E2E_USER, WAIT } from "./driver.mjs";

test("log out clears the session and shows the login page", { timeout: 120_000 }, async () => {
  await withApp(async ({ app, browser }) => {
    const { context, page, errors } = await openChat(browser, app);
    const me = await page.request.get(`${app.url}/user`);
    assert.equal(me.status(), 200, "signed in before logging out");
    assert.equal((await me.json()).identifier, E2E_USER.username);
    // X-Chainlit-Session-id ties HTTP calls to the socket session (spec C.2); it is not a
    // credential and, as in Chainlit, outlives a log out.
    const isAuthCookie = (c) => !/^X-Chainlit-Session-id$/i.test(c.name);
    const cookiesBefore = (await context.cookies()).filter(isAuthCookie).map((c) => c.name);
    assert.ok(cookiesBefore.length > 0, "logging in set an auth cookie");

    // The account menu opens with the keyboard focus on its first item.
    await page.getByRole("button", { name: `Account: ${E2E_USER.username}` }).click();
    const item = page.getByRole("menuitem", { name: "Log out" });
    await item.waitFor({ timeout: WAIT });
    assert.equal(await item.evaluate((el) => el === document.activeElement), true, "focus moves into the menu");
    await item.click();

    const form = page.getByRole("form", { name: "Sign in with your credentials" });
    await form.waitFor({ timeout: WAIT });
    const after = await page.request.get(`${app.url}/user`);
    assert.equal(after.status(), 401, "GET /user is refused after logging out");
    const left = (await context.cookies()).filter((c) => cookiesBefore.includes(c.name) && c.value);
    assert.deepEqual(left.map((c) => c.name), [], "the auth cookie is gone");

    await page.reload();
    await form.waitFor({ timeout: WAIT });
    await page.goto(`${app.url}/thread/some-thread`);
    await form.waitFor({ timeout: WAIT });
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0, "no chat without a login");
    assert.deepEqual(errors, []);
  });
});
