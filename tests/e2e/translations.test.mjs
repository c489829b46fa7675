// Translations (issue 15 item 2): the UI shows its strings in the browser's language
// (navigator.language, from the context's locale), served by /project/translations with
// English as the fallback, and an app's .chainlit/translations/<lang>.json overrides them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withApp, credentials, watchErrors, assistantMessage, WAIT } from "./driver.mjs";

/** Signs in through a login page in another language (the labels are translated). */
async function loginAs(page, { username, password }, labels) {
  const form = page.getByRole("form", { name: labels.form });
  await form.getByLabel(labels.username).fill(username);
  await form.getByLabel(labels.password).fill(password);
  await form.getByRole("button", { name: labels.submit }).click();
  await form.waitFor({ state: "detached", timeout: WAIT });
}

test("the UI speaks the browser's language, with the app's overrides", { timeout: 150_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "chainlit-e2e-i18n-"));
  try {
    mkdirSync(join(dir, ".chainlit", "translations"), { recursive: true });
    writeFileSync(join(dir, ".chainlit", "translations", "fr.json"),
      JSON.stringify({ chat: { input: { placeholder: "Posez votre question au robot…" } } }));
    await withApp(async ({ app, browser }) => {
      const creds = credentials(app);

      // French: the login page, then the chat.
      const fr = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "fr-FR" });
      const page = await fr.newPage();
      const errors = watchErrors(page);
      await page.goto(app.url + "/", { timeout: WAIT });
      await page.getByRole("heading", { name: "Connectez-vous pour continuer" }).waitFor({ timeout: WAIT });
      assert.equal(await page.evaluate(() => navigator.language), "fr-FR");
      assert.equal(await page.evaluate(() => document.documentElement.lang), "fr");
      await loginAs(page, creds, {
        form: "Connexion avec vos identifiants", username: "Nom d’utilisateur", password: "Mot de passe",
        submit: "Se connecter",
      });
      const box = page.getByRole("textbox", { name: "Message" });
      await box.waitFor({ timeout: WAIT });
      // The app's own file wins over the built-in French; the rest is built-in French.
      await page.locator('textarea[placeholder="Posez votre question au robot…"]').waitFor({ timeout: WAIT });
      assert.equal(await page.getByTestId("send-button").getAttribute("aria-label"), "Envoyer le message");
      assert.equal(await page.getByTestId("new-chat").getAttribute("title"), "Nouvelle conversation");
      await page.getByRole("button", { name: /^Passer au thème/ }).waitFor({ timeout: WAIT });
      await page.getByRole("link", { name: "Aller à la saisie du message" }).waitFor({ state: "attached", timeout: WAIT });
      // The chat works as before, and its own controls are French too.
      await box.fill("bonjour");
      await box.press("Enter");
      await assistantMessage(page, "You said: bonjour").waitFor({ timeout: WAIT });
      await page.getByRole("article", { name: /a écrit$/ }).first().waitFor({ timeout: WAIT });
      await fr.close();
      assert.deepEqual(errors, []);

      // Japanese, with no override: the built-in strings.
      const ja = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
      const jaPage = await ja.newPage();
      const jaErrors = watchErrors(jaPage);
      await jaPage.goto(app.url + "/", { timeout: WAIT });
      await jaPage.getByRole("heading", { name: "続けるにはサインインしてください" }).waitFor({ timeout: WAIT });
      await loginAs(jaPage, creds, { form: "認証情報でサインイン", username: "ユーザー名", password: "パスワード", submit: "サインイン" });
      await jaPage.locator('textarea[placeholder="メッセージを入力…"]').waitFor({ timeout: WAIT });
      assert.equal(await jaPage.getByTestId("send-button").getAttribute("aria-label"), "メッセージを送信");
      await ja.close();
      assert.deepEqual(jaErrors, []);

      // A language without a translation: English.
      const sw = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "sw-KE" });
      const swPage = await sw.newPage();
      await swPage.goto(app.url + "/", { timeout: WAIT });
      await swPage.getByRole("heading", { name: "Sign in to continue" }).waitFor({ timeout: WAIT });
      await sw.close();
    }, { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
