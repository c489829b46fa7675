// MCP end to end. mcp_app connects the real @modelcontextprotocol/server-everything over stdio
// (a child process) and over streamable HTTP (a server on loopback), its tools join the LLM
// loop (the OpenAI-compatible stub asks for them), and the policy refuses what the config does
// not allow: stdio commands off the allowlist and private or loopback HTTP targets.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { chatClient, until } from "../../node/chat/helpers.mjs";
import { startOpenAiStub } from "../llm/openai_stub.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const everything = resolve(here, "../../node/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
if (!existsSync(everything)) {
  throw new Error("@modelcontextprotocol/server-everything is missing: run npm ci in tests/node");
}
const stdioCommand = `node '${everything}' stdio`;
const dir = mkdtempSync(join(tmpdir(), "mcp-test-"));
const marker = join(dir, "pwned");

let stub, open, strict, off, httpServer, httpPort;

function writeConfig(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function startApp(config) {
  const bin = builtBinary("MCP_APP", "mcp_app");
  const app = await startAppProcess(bin, config ? ["--config", config] : [], {
    env: { OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: "sk-test-secret-key", OPENAI_MODEL: "echo" },
    timeoutMs: 30_000,
  });
  const [, alice, bob] = app.line.split(" ");
  return { ...app, url: `http://127.0.0.1:${app.port}`, alice, bob };
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/// server-everything's streamable-HTTP server on loopback.
async function startHttpServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ["--require", join(here, "loopback_listen.cjs"), everything, "streamableHttp"],
    { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server-everything did not start: ${err}`)), 20_000);
    child.stderr.on("data", (d) => {
      err += d;
      if (err.includes("listening on port")) { clearTimeout(t); resolve(); }
    });
    child.once("exit", (code) => { clearTimeout(t); reject(new Error(`server-everything exited ${code}: ${err}`)); });
  });
  return { child, port };
}

const post = (app, token, body, method = "POST") => fetch(`${app.url}/mcp`, {
  method, headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});
const state = async (app, sid) => (await fetch(`${app.url}/mcp-state/${sid}`)).json();
const chat = (app, token) => chatClient(app.url, { headers: { Cookie: `access_token=${token}` } });
const said = (c, prefix) => c.waitFor((e) => e.ev === "new_message" && String(e.args[0].output).startsWith(prefix), { ms: 20_000 });

before(async () => {
  stub = await startOpenAiStub();
  open = await startApp(writeConfig("open.toml", `[project]
session_timeout = 2
[features.mcp]
enabled = true
[features.mcp.stdio]
allowed_commands = ["${stdioCommand}"]
[features.mcp.streamable_http]
allow_private_networks = true
`));
  strict = await startApp(writeConfig("strict.toml", "[features.mcp]\nenabled = true\n"));
  off = await startApp(null);
  ({ child: httpServer, port: httpPort } = await startHttpServer());
});

after(async () => {
  for (const app of [open, strict, off]) if (app) assert.equal(await app.stop(), 0, app.stderr());
  httpServer?.kill("SIGTERM");
  await stub?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a stdio server connects: its tools are listed, on_mcp_connect runs, and the model calls them", async () => {
  const c = await chat(open, open.alice);
  const res = await post(open, open.alice, { sessionId: c.sessionId, clientType: "stdio", name: "everything", fullCommand: stdioCommand });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.success, true);
  assert.equal(body.mcp.name, "everything");
  assert.equal(body.mcp.clientType, "stdio");
  assert.equal(body.mcp.command, stdioCommand);
  const names = body.mcp.tools.map((t) => t.name);
  for (const n of ["echo", "get-sum"]) assert.ok(names.includes(n), `tool ${n} in ${names}`);
  const hello = await said(c, "Connected everything: ");
  assert.match(hello.args[0].output, /echo/);

  // The LLM loop offers the MCP tools next to the app's own, and runs them as tool steps.
  stub.reset();
  const { events } = await c.exchange("mcp-tools", { ms: 30_000 });
  const offered = stub.requests[0].tools.map((t) => t.function.name);
  assert.ok(offered.includes("calculator") && offered.includes("echo") && offered.includes("get-sum"), String(offered));
  const steps = new Map();
  for (const e of events) if (e.ev === "new_message" || e.ev === "update_message") steps.set(e.args[0].id, e.args[0]);
  const tools = [...steps.values()].filter((s) => s.type === "tool");
  assert.deepEqual(tools.map((s) => s.name).sort(), ["echo", "get-sum"]);
  assert.equal(tools.find((s) => s.name === "echo").output, "Echo: from the model");
  assert.match(tools.find((s) => s.name === "get-sum").output, /42/);
  const answer = [...steps.values()].find((s) => s.type === "assistant_message" && /Tools said/.test(s.output));
  assert.ok(answer, "the answer quotes the tools");

  // The child gets none of the server's secrets.
  const env = await fetch(`${open.url}/mcp-call`, { method: "POST", body: JSON.stringify({
    session_id: c.sessionId, server: "everything", tool: "get-env", arguments: {} }) });
  const envText = JSON.stringify(await env.json());
  assert.ok(envText.includes("PATH"), envText.slice(0, 300));
  assert.ok(!envText.includes("CHAINLIT_AUTH_SECRET") && !envText.includes("sk-test-secret-key"), "no secrets in the child's environment");

  // DELETE /mcp: on_mcp_disconnect runs and the tools leave the loop.
  const del = await post(open, open.alice, { sessionId: c.sessionId, name: "everything" }, "DELETE");
  assert.equal(del.status, 200);
  assert.deepEqual(await del.json(), { success: true });
  await said(c, "Disconnected everything");
  assert.deepEqual((await state(open, c.sessionId)).servers, []);
  const again = await post(open, open.alice, { sessionId: c.sessionId, name: "everything" }, "DELETE");
  assert.equal(again.status, 404);
  c.close();
});

test("a streamable-HTTP server connects, and a tool call goes through its session", async () => {
  const c = await chat(open, open.alice);
  const url = `http://127.0.0.1:${httpPort}/mcp`;
  const res = await post(open, open.alice, { sessionId: c.sessionId, clientType: "streamable-http", name: "remote", url });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.mcp.clientType, "streamable-http");
  assert.equal(body.mcp.url, url);
  assert.ok(body.mcp.tools.some((t) => t.name === "get-sum"));
  const call = await fetch(`${open.url}/mcp-call`, { method: "POST", body: JSON.stringify({
    session_id: c.sessionId, server: "remote", tool: "get-sum", arguments: { a: 2, b: 3 } }) });
  const result = await call.json();
  assert.equal(call.status, 200, JSON.stringify(result));
  assert.match(result.content[0].text, /5/);
  // A tool's own error comes back as a result the caller can read, not a broken connection.
  const bad = await fetch(`${open.url}/mcp-call`, { method: "POST", body: JSON.stringify({
    session_id: c.sessionId, server: "remote", tool: "get-sum", arguments: { a: "x" } }) });
  assert.ok(bad.status === 200 || bad.status === 502);
  const st = await state(open, c.sessionId);
  assert.equal(st.servers[0].closed, false);
  // Connecting the same name again replaces the server (on_mcp_disconnect for the old one).
  const from = c.events.length;
  const re = await post(open, open.alice, { sessionId: c.sessionId, clientType: "streamable-http", name: "remote", url });
  assert.equal(re.status, 200);
  await c.waitFor((e) => e.ev === "new_message" && e.args[0].output === "Disconnected remote", { from, ms: 10_000 });
  assert.equal((await state(open, c.sessionId)).servers.length, 1);
  c.close();
});

test("the session's end closes its servers", async () => {
  const c = await chat(open, open.alice);
  const res = await post(open, open.alice, { sessionId: c.sessionId, clientType: "stdio", name: "short", fullCommand: stdioCommand });
  assert.equal(res.status, 200);
  assert.equal((await state(open, c.sessionId)).servers.length, 1);
  c.close(); // session_timeout is 2 s in this app
  await until(async () => (await state(open, c.sessionId)).servers.length === 0, 10_000, "servers closed");
});

test("stdio commands off the allowlist never run, and nothing goes through a shell", async () => {
  const c = await chat(open, open.alice);
  const tries = [
    `bash -c "touch '${marker}'"`,
    `touch '${marker}'`,
    `node -e "require('fs').writeFileSync('${marker}', 'x')"`,
    `${stdioCommand}; touch '${marker}'`,
    `${stdioCommand} && touch '${marker}'`,
    `$(touch '${marker}')`,
    `/usr/bin/node '${everything}' stdio`,
  ];
  for (const fullCommand of tries) {
    const res = await post(open, open.alice, { sessionId: c.sessionId, clientType: "stdio", name: "evil", fullCommand });
    const body = await res.json();
    assert.equal(res.status, 400, `${fullCommand}: ${JSON.stringify(body)}`);
    assert.match(body.detail, /not allowed/);
  }
  const quote = await post(open, open.alice, { sessionId: c.sessionId, clientType: "stdio", name: "evil", fullCommand: "node 'unterminated" });
  assert.equal(quote.status, 400);
  assert.match((await quote.json()).detail, /unterminated/);
  assert.equal(existsSync(marker), false, "no refused command ran");
  assert.deepEqual((await state(open, c.sessionId)).servers, []);

  // The strict app allows no stdio command at all.
  const s = await chat(strict, strict.alice);
  const res = await post(strict, strict.alice, { sessionId: s.sessionId, clientType: "stdio", name: "everything", fullCommand: stdioCommand });
  assert.equal(res.status, 400);
  assert.match((await res.json()).detail, /allowed_executables: none/);
  c.close();
  s.close();
});

test("HTTP targets in loopback, private and link-local ranges are refused unless the config allows them", async () => {
  const c = await chat(strict, strict.alice);
  const cases = [
    [`http://127.0.0.1:${httpPort}/mcp`, /loopback/],
    [`http://localhost:${httpPort}/mcp`, /loopback/],
    [`http://[::1]:${httpPort}/mcp`, /loopback/],
    ["http://169.254.169.254/latest/meta-data", /link-local/],
    ["http://10.1.2.3/mcp", /private/],
    ["http://192.168.0.10:8080/mcp", /private/],
    ["http://[::ffff:127.0.0.1]/mcp", /loopback/],
    ["http://0.0.0.0:80/mcp", /this network/],
    ["ftp://127.0.0.1/mcp", /http/],
  ];
  for (const [url, why] of cases) {
    const res = await post(strict, strict.alice, { sessionId: c.sessionId, clientType: "streamable-http", name: "ssrf", url });
    const body = await res.json();
    assert.equal(res.status, 400, `${url}: ${JSON.stringify(body)}`);
    assert.match(body.detail, why, url);
  }
  const sse = await post(strict, strict.alice, { sessionId: c.sessionId, clientType: "sse", name: "old", url: "http://example.invalid/sse" });
  assert.equal(sse.status, 400);
  assert.match((await sse.json()).detail, /streamable-http/);
  c.close();
});

test("MCP off: POST /mcp is refused and the UI is told", async () => {
  const c = await chat(off, off.alice);
  const res = await post(off, off.alice, { sessionId: c.sessionId, clientType: "stdio", name: "x", fullCommand: "node" });
  assert.equal(res.status, 400);
  assert.match((await res.json()).detail, /not enabled/);
  const settings = await (await fetch(`${off.url}/project/settings`, { headers: { authorization: `Bearer ${off.alice}` } })).json();
  assert.deepEqual(settings.features.mcp, { enabled: false, stdio: { enabled: true }, streamable_http: { enabled: true }, sse: { enabled: false } });
  const openSettings = await (await fetch(`${open.url}/project/settings`, { headers: { authorization: `Bearer ${open.alice}` } })).json();
  assert.equal(openSettings.features.mcp.enabled, true);
  assert.equal(JSON.stringify(openSettings).includes(everything), false, "the allowlist is not sent to browsers");
  c.close();
});

test("on_mcp_connect may refuse a server: 400 with its message, and nothing stays connected", async () => {
  const c = await chat(open, open.alice);
  const res = await post(open, open.alice, { sessionId: c.sessionId, clientType: "stdio", name: "refuse-me", fullCommand: stdioCommand });
  assert.equal(res.status, 400);
  assert.match((await res.json()).detail, /on_mcp_connect failed: this app does not take that server/);
  assert.deepEqual((await state(open, c.sessionId)).servers, []);
  c.close();
});

test("another user can neither connect nor remove servers in someone's chat; the victim's stay as they were", async () => {
  const victim = await chat(open, open.alice);
  assert.equal((await post(open, open.alice, { sessionId: victim.sessionId, clientType: "stdio", name: "mine", fullCommand: stdioCommand })).status, 200);
  const before = JSON.stringify(await state(open, victim.sessionId));
  const connect = await post(open, open.bob, { sessionId: victim.sessionId, clientType: "stdio", name: "mine", fullCommand: stdioCommand });
  assert.equal(connect.status, 401);
  const remove = await post(open, open.bob, { sessionId: victim.sessionId, name: "mine" }, "DELETE");
  assert.equal(remove.status, 401);
  const anonymous = await fetch(`${open.url}/mcp`, { method: "DELETE", headers: { "content-type": "application/json" },
    body: JSON.stringify({ sessionId: victim.sessionId, name: "mine" }) });
  assert.equal(anonymous.status, 401);
  const unknown = await post(open, open.bob, { sessionId: "no-such-session", name: "mine" }, "DELETE");
  assert.equal(unknown.status, 404);
  assert.equal(JSON.stringify(await state(open, victim.sessionId)), before, "byte for byte the same");
  const call = await fetch(`${open.url}/mcp-call`, { method: "POST", body: JSON.stringify({
    session_id: victim.sessionId, server: "mine", tool: "echo", arguments: { message: "still here" } }) });
  assert.equal((await call.json()).content[0].text, "Echo: still here");
  assert.equal((await post(open, open.alice, { sessionId: victim.sessionId, name: "mine" }, "DELETE")).status, 200);
  victim.close();
});

test("bad bodies get clear errors", async () => {
  const c = await chat(open, open.alice);
  for (const [body, status] of [[{}, 422], [{ sessionId: c.sessionId, name: "x" }, 422],
    [{ sessionId: c.sessionId, name: "x", clientType: "carrier-pigeon" }, 400],
    [{ sessionId: c.sessionId, name: "bad/name", clientType: "stdio", fullCommand: stdioCommand }, 400],
    [{ sessionId: c.sessionId, name: "x", clientType: "stdio", fullCommand: "" }, 400],
    [{ sessionId: c.sessionId, name: "x", clientType: "streamable-http", url: "not a url" }, 400]]) {
    const res = await post(open, open.alice, body);
    const got = await res.json();
    assert.equal(res.status, status, JSON.stringify([body, got]));
    assert.equal(typeof got.detail, "string");
  }
  const notJson = await fetch(`${open.url}/mcp`, { method: "POST", headers: { authorization: `Bearer ${open.alice}` }, body: "{" });
  assert.equal(notJson.status, 422);
  c.close();
});
