// chat_context after a resume: the conversation comes back from the data layer (SQLite), so the
// next model call sees the turns from before the browser went away.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { chatClient } from "../../node/chat/helpers.mjs";
import { startOpenAiStub } from "./openai_stub.mjs";

let stub, app, dir, url, token;

before(async () => {
  stub = await startOpenAiStub();
  dir = mkdtempSync(join(tmpdir(), "cl_llm_resume_"));
  app = await startAppProcess(builtBinary("LLM_APP", "llm_app"),
    ["--db", `sqlite://${join(dir, "chat.db")}`],
    { env: { OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: "k" }, timeoutMs: 30_000 });
  url = `http://127.0.0.1:${app.port}`;
  token = app.line.split(" ")[1];
});
after(async () => {
  await app?.stop();
  await stub?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(threadId = "") {
  const c = await chatClient(url, { headers: { Cookie: `access_token=${token}` }, auth: { threadId } });
  await c.waitFor("clear_call_fn");
  return c;
}

test("a resumed chat's context holds the turns from before", async () => {
  const first = await connect();
  await first.exchange("echo one");
  await first.exchange("echo two");
  const threadId = first.events.find((e) => e.ev === "first_interaction").args[0].thread_id;
  first.close();

  const again = await connect(threadId);
  await again.waitFor("resume_thread", { ms: 10_000 });
  stub.reset();
  await again.exchange("echo three");
  const messages = stub.requests[0].messages;
  assert.deepEqual(messages.map((m) => m.role), ["user", "assistant", "user", "assistant", "user"]);
  assert.deepEqual(messages.map((m) => m.content), [
    "echo one", "You said: echo one (1 messages)",
    "echo two", "You said: echo two (3 messages)",
    "echo three"]);
  again.close();
});
