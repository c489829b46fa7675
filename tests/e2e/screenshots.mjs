// Refreshes the README's screenshots in docs/screenshots/ from the demo app (run by hand after a
// UI change: `node tests/e2e/screenshots.mjs`, after `make`; not part of CTest).
//   chat-dark.png   a streamed reply with the Thinking step and its nested step expanded
//   chat-light.png  the same in the light theme
//   ask.png         an ask waiting for the answer, with its countdown
//   mobile.png      the chat on a 390 px wide phone screen
//   starters.png    a new chat with the "Quiet" chat profile: the profile picker, the profile's
//                   description and the app's starters
//   commands.png    the composer's command picker opened by `/`, and the Shout button
//   french.png      the chat with the browser's language set to French (fr-FR)
// The app runs in a fresh folder (its own database), so the history shows only these chats.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { withApp, openChat, send, assistantMessage, credentials, WAIT } from "./driver.mjs";

const out = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
mkdirSync(out, { recursive: true });

async function setTheme(page, mode) {
  const has = () => page.evaluate((m) => document.documentElement.classList.contains(m), mode);
  if (!(await has())) await page.getByTestId("theme-toggle").click();
  await page.waitForFunction((m) => document.documentElement.classList.contains(m), mode, { timeout: WAIT });
}

async function chatWithExpandedStep(page) {
  await send(page, "hello there world");
  await assistantMessage(page, "You said: hello there world").waitFor({ timeout: WAIT });
  const toggle = page.locator(".step-toggle", { hasText: "Thinking" });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: WAIT });
  await toggle.click();
  await page.locator(".step-toggle", { hasText: "Counting words" }).click();
  await page.getByText("3 words").waitFor({ timeout: WAIT });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500); // let the transitions settle
}

const shot = async (page, name) => {
  await page.screenshot({ path: `${out}/${name}` });
  console.log(`wrote docs/screenshots/${name}`);
};

await withApp(async ({ app, browser }) => {
  {
    const { page, context } = await openChat(browser, app, { viewport: { width: 1280, height: 800 } });
    await setTheme(page, "dark");
    await chatWithExpandedStep(page);
    await shot(page, "chat-dark.png");
    await setTheme(page, "light");
    await page.waitForTimeout(300);
    await shot(page, "chat-light.png");
    await context.close();
  }
  {
    const { page, context } = await openChat(browser, app, { viewport: { width: 1280, height: 800 } });
    await send(page, "ask");
    await assistantMessage(page, "What is your name?").waitFor({ timeout: WAIT });
    await page.getByTestId("ask-status").waitFor({ timeout: WAIT });
    await page.getByRole("textbox", { name: "Message" }).fill("Ada");
    await page.waitForTimeout(300);
    await shot(page, "ask.png");
    await context.close();
  }
  {
    const { page, context } = await openChat(browser, app, { viewport: { width: 390, height: 844 } });
    await chatWithExpandedStep(page);
    await shot(page, "mobile.png");
    await context.close();
  }
  {
    const { page, context } = await openChat(browser, app, { viewport: { width: 1280, height: 800 } });
    await setTheme(page, "light");
    await page.getByTestId("chat-profile").selectOption("Quiet");
    await page.getByTestId("starter").first().waitFor({ timeout: WAIT });
    await page.locator(".welcome h1").filter({ hasText: "Quiet" }).waitFor({ timeout: WAIT });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await shot(page, "starters.png");
    await context.close();
  }
  {
    const { page, context } = await openChat(browser, app, { viewport: { width: 1280, height: 800 } });
    await setTheme(page, "dark");
    await send(page, "hello there world");
    await assistantMessage(page, "You said: hello there world").waitFor({ timeout: WAIT });
    await page.getByRole("button", { name: "Shout", exact: true }).waitFor({ timeout: WAIT });
    const box = page.getByRole("textbox", { name: "Message" });
    await box.click();
    await box.pressSequentially("/");
    await page.getByRole("listbox", { name: "Commands" }).waitFor({ timeout: WAIT });
    await page.waitForTimeout(500);
    await shot(page, "commands.png");
    await context.close();
  }
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(app.url + "/", { timeout: WAIT });
    const form = page.getByRole("form", { name: "Connexion avec vos identifiants" });
    const { username, password } = credentials(app);
    await form.getByLabel("Nom d’utilisateur").fill(username);
    await form.getByLabel("Mot de passe").fill(password);
    await form.getByRole("button", { name: "Se connecter" }).click();
    await setTheme(page, "light");
    await send(page, "bonjour tout le monde");
    await assistantMessage(page, "You said: bonjour tout le monde").waitFor({ timeout: WAIT });
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: WAIT });
    await page.locator(".step-toggle").first().click();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await shot(page, "french.png");
    await context.close();
  }
}, { freshDir: true });
