// The seed's custom endpoints end to end: the websocket context reaches the browser whose
// session id the endpoint names; the HTTP context reaches no browser and only returns.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startChatApp, chatClient, sleep, randomUUID } from "./helpers.mjs";

let app;
before(async () => { app = await startChatApp(); });
after(async () => { assert.equal(await app.stop(), 0); });

for (const transports of [["websocket"], ["polling"]]) {
  test(`GET /hello/<session id> sends "Hello World" to that client (${transports})`, async () => {
    const c = await chatClient(app.url, { transports });
    const other = await chatClient(app.url);
    await c.waitFor((e) => e.ev === "new_message" && e.args[0].output === "Welcome!");
    await other.waitFor((e) => e.ev === "new_message" && e.args[0].output === "Welcome!");
    const from = c.events.length;
    const otherFrom = other.events.length;
    const r = await fetch(`${app.url}/hello/${c.sessionId}`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), "Data sent to the websocket client");
    const got = await c.waitFor("new_message", { from });
    const m = got.args[0];
    assert.equal(m.output, "Hello World");
    assert.equal(m.type, "assistant_message");
    assert.equal(m.name, "Assistant");
    assert.equal(m.parentId, null);
    assert.ok(m.threadId);
    await sleep(200);
    assert.deepEqual(other.names(otherFrom), [], "another client gets nothing");
    c.close();
    other.close();
  });
}

test("GET /hello/<unknown id> answers 404 JSON", async () => {
  for (const id of [randomUUID(), "not-a-uuid"]) {
    const r = await fetch(`${app.url}/hello/${id}`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get("content-type"), /^application\/json/);
    assert.deepEqual(await r.json(), { detail: "Session not found" });
  }
});

test("GET /hello-http returns 200 and no socket receives anything", async () => {
  const c = await chatClient(app.url);
  await c.waitFor((e) => e.ev === "new_message" && e.args[0].output === "Welcome!");
  await c.waitFor("task_end", { from: c.events.findIndex((e) => e.ev === "task_start") });
  const from = c.events.length;
  const r = await fetch(`${app.url}/hello-http`);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "Data persisted");
  await sleep(300);
  assert.deepEqual(c.names(from), []);
  c.close();
});

test("the plain endpoint /hello answers", async () => {
  const r = await fetch(`${app.url}/hello`);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "Hello World");
});
