// MCP servers from the UI (issue 14 part 2), against the server's real MCP client: the demo app
// in a fresh folder whose config enables MCP over stdio for `node` only (HTTP off). The
// composer's plug button opens the dialog; a stdio server (the reference "everything" server
// from npm, run by node) connects and lists its tools; `bash` is refused with the server's
// reason and is not added; Remove empties the list; a server saved in localStorage is
// reconnected by the react-client after a reload (a new socket session: POST /mcp again).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { withApp, openChat, welcome, WAIT } from "./driver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// tests/node's npm dependencies hold the server (scripts/bootstrap installs them).
// MCP_EVERYTHING_JS names another copy, for a tree whose node_modules lack it.
const EVERYTHING = process.env.MCP_EVERYTHING_JS ||
  resolve(here, "../node/node_modules/@modelcontextprotocol/server-everything/dist/index.js");

const CONFIG = `[features.mcp]
enabled = true

[features.mcp.stdio]
enabled = true
allowed_executables = ["node"]

[features.mcp.streamable_http]
enabled = false
`;

/** Starting node and the server's handshake on a machine busy compiling C++. */
const CONNECT_WAIT = 45_000;

const dialogOf = (page) => page.getByRole("dialog", { name: "MCP servers" });
const serverItem = (dialog, name) => dialog.getByTestId("mcp-server").and(dialog.locator(`[data-name="${name}"]`));

async function openDialog(page) {
  await page.getByRole("button", { name: "MCP servers" }).click();
  const dialog = dialogOf(page);
  await dialog.waitFor({ timeout: WAIT });
  return dialog;
}

async function addStdio(dialog, name, command) {
  const form = dialog.getByRole("form", { name: "Add a server" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Transport").selectOption("stdio");
  await form.getByLabel("Command").fill(command);
  await form.getByRole("button", { name: "Add server" }).click();
  return form;
}

async function toolNames(item) {
  await item.locator("summary").click();
  return item.getByTestId("mcp-tool").allTextContents();
}

test("mcp: add a stdio server, refuse one off the allowlist, remove, reconnect after reload", { timeout: 220_000 }, async () => {
  assert.ok(existsSync(EVERYTHING), `${EVERYTHING} is missing: tests/node needs @modelcontextprotocol/server-everything (scripts/bootstrap), or set MCP_EVERYTHING_JS`);
  const command = `node ${EVERYTHING} stdio`;
  await withApp(async ({ app, browser }) => {
    const { page, errors } = await openChat(browser, app);
    let dialog = await openDialog(page);
    await dialog.getByTestId("mcp-empty").waitFor({ timeout: WAIT });
    // Only the transports the config enables: stdio, not streamable HTTP (off here).
    assert.deepEqual(await dialog.getByLabel("Transport").locator("option").allTextContents(), ["stdio (command)"]);

    // The allowed one connects and shows its tools.
    const form = await addStdio(dialog, "everything", command);
    const everything = serverItem(dialog, "everything");
    await everything.getByTestId("mcp-status").filter({ hasText: "Connected" }).waitFor({ timeout: CONNECT_WAIT });
    assert.match(await everything.textContent(), /stdio \(command\)/);
    assert.equal(await everything.locator("code").textContent(), command);
    const tools = await toolNames(everything);
    for (const tool of ["echo", "get-sum"]) assert.ok(tools.includes(tool), `tool ${tool} in ${tools.join(", ")}`);
    assert.match(await everything.locator("summary").textContent(), new RegExp(`^${tools.length} tools$`));

    // A program off the allowlist: the server's refusal is shown, nothing is added.
    await addStdio(dialog, "evil", 'bash -c "echo pwned"');
    const refusal = form.getByTestId("mcp-add-error");
    await refusal.waitFor({ timeout: WAIT });
    assert.match(await refusal.textContent(), /^Could not add the server: The command "bash" is not allowed/);
    assert.equal(await serverItem(dialog, "evil").count(), 0);
    assert.equal(await dialog.getByTestId("mcp-server").count(), 1);

    // Remove: DELETE /mcp, and the list is empty (also the saved one).
    const removed = page.waitForResponse((r) => r.url().endsWith("/mcp") && r.request().method() === "DELETE");
    await dialog.getByRole("button", { name: "Remove everything" }).click();
    assert.equal((await removed).status(), 200);
    await dialog.getByTestId("mcp-empty").waitFor({ timeout: WAIT });
    assert.equal(await dialog.getByTestId("mcp-server").count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem("mcp_storage_key")), "[]");

    // Saved servers come back after a reload: the react-client reconnects them on connect.
    await addStdio(dialog, "everything", command);
    await serverItem(dialog, "everything").getByTestId("mcp-status").filter({ hasText: "Connected" }).waitFor({ timeout: CONNECT_WAIT });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: WAIT });
    const reconnected = page.waitForResponse((r) => r.url().endsWith("/mcp") && r.request().method() === "POST", { timeout: CONNECT_WAIT });
    await page.reload();
    await welcome(page).waitFor({ timeout: WAIT });
    const answer = await reconnected;
    assert.equal(answer.status(), 200);
    assert.equal(JSON.parse(answer.request().postData()).name, "everything");
    assert.ok((await answer.json()).mcp.tools.some((t) => t.name === "echo"));
    dialog = await openDialog(page);
    const again = serverItem(dialog, "everything");
    await again.getByTestId("mcp-status").filter({ hasText: "Connected" }).waitFor({ timeout: CONNECT_WAIT });
    assert.ok((await toolNames(again)).includes("get-sum"));

    // The refusal's 400 is logged by the browser (the /mcp resource) and by the react-client
    // (its ClientError from connectStdioMCP): expected here, nothing else.
    const expected = (e) => (/status of 400/.test(e) && /\/mcp\)$/.test(e)) || /Bad Request[\s\S]*connectStdioMCP/.test(e);
    const unexpected = errors.filter((e) => !expected(e));
    assert.deepEqual(unexpected, []);
  }, { freshDir: true, files: { ".chainlit/config.toml": CONFIG } });
});
