// HTTPS to the provider, with the certificate checked against the system's store (here
// SSL_CERT_FILE, which OpenSSL's default paths honour), and the read timeout.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { chatClient } from "../../node/chat/helpers.mjs";
import { startOpenAiStub } from "./openai_stub.mjs";

const bin = builtBinary("LLM_APP", "llm_app");
let dir, cert, stub;
const apps = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "cl_llm_tls_"));
  cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", key, "-out", cert], { stdio: "ignore" });
  stub = await startOpenAiStub({ tls: { key: readFileSync(key), cert: readFileSync(cert) } });
});
after(async () => {
  for (const a of apps) await a.stop();
  await stub?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startApp(env) {
  const app = await startAppProcess(bin, [], {
    env: { OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: "k", ...env }, timeoutMs: 30_000,
  });
  apps.push(app);
  const c = await chatClient(`http://127.0.0.1:${app.port}`);
  await c.waitFor("clear_call_fn");
  return c;
}

const outputs = (events) => {
  const by = new Map();
  for (const e of events) if (e.ev === "new_message" || e.ev === "update_message") by.set(e.args[0].id, e.args[0]);
  return [...by.values()].filter((d) => d.type === "assistant_message");
};

test("an https provider whose certificate the store trusts answers", async () => {
  const c = await startApp({ SSL_CERT_FILE: cert });
  const { events } = await c.exchange("echo over tls");
  assert.ok(outputs(events).some((d) => !d.isError && d.output.startsWith("You said: echo over tls")));
  c.close();
});

test("an untrusted certificate is refused with a clear error, and never retried into success", async () => {
  const before = stub.requests.length;
  const c = await startApp({ SSL_CERT_FILE: join(dir, "missing.pem") });
  const { events } = await c.exchange("echo over tls", { ms: 15_000 });
  const err = outputs(events).find((d) => d.isError);
  assert.match(err.output, /TLS handshake with 127\.0\.0\.1:\d+ failed: certificate verify failed/);
  assert.equal(stub.requests.length, before, "no request reached the server");
  c.close();
});

test("a provider that goes silent ends with a timeout error", async () => {
  const c = await startApp({ SSL_CERT_FILE: cert, LLM_APP_READ_TIMEOUT_MS: "300" });
  const t0 = Date.now();
  const { events } = await c.exchange("stall", { ms: 10_000 });
  const err = outputs(events).find((d) => d.isError);
  assert.match(err.output, /broke off: timed out/);
  assert.ok(Date.now() - t0 < 3000, "the timeout, not the stub, ended it");
  const partial = outputs(events).find((d) => !d.isError);
  assert.equal(partial.output, "Thinking ");
  c.close();
});
