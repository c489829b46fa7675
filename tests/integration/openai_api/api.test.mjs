// The app as an OpenAI-compatible API, through the official `openai` npm client: models, a
// completion, a stream, usage, errors in OpenAI's shape, an abort that cancels the hook, threads
// in the caller's history and continued only by their owner, and the project's own C++
// llm::client against this endpoint.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { APIError, OpenAI } from "../../node/openai_client.mjs";

let app, url, alice, bob;

before(async () => {
  app = await startAppProcess(builtBinary("API_APP", "api_app"), [], { timeoutMs: 30_000 });
  url = `http://127.0.0.1:${app.port}`;
  [, alice, bob] = app.line.split(" ");
});
after(async () => {
  const code = await app?.stop();
  assert.equal(code, 0, `api_app exited ${code}: ${app?.stderr()}`);
});

const client = (key = alice) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
const ask = (content, extra = {}) =>
  client().chat.completions.create({ model: "Api App", messages: [{ role: "user", content }], ...extra });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function thread(id, key = alice) {
  const res = await fetch(`${url}/project/thread/${id}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, text: await res.text() };
}

async function stats() {
  return (await fetch(`${url}/stats`)).json();
}

test("GET /v1/models lists the app and each chat profile", async () => {
  const ids = [];
  for await (const m of client().models.list()) ids.push(m.id);
  assert.deepEqual(ids, ["Api App", "Fast", "Deep"]);
  const one = await client().models.retrieve("Fast");
  assert.equal(one.object, "model");
  await assert.rejects(client().models.retrieve("Nope"), (e) => e instanceof APIError && e.status === 404);
});

test("a completion is what on_message sent, without on_chat_start's welcome", async () => {
  const { data, response } = await ask("hello there").withResponse();
  assert.equal(data.object, "chat.completion");
  assert.equal(data.model, "Api App");
  assert.equal(data.choices.length, 1);
  assert.equal(data.choices[0].message.role, "assistant");
  assert.equal(data.choices[0].message.content, "You said: hello there");
  assert.equal(data.choices[0].finish_reason, "stop");
  assert.equal(data.usage, undefined); // no LLM step reported any tokens

  // The conversation is a thread of alice, in her history: welcome, her message, the reply.
  const tid = response.headers.get("x-chainlit-thread-id");
  assert.match(tid, /^[0-9a-f-]{36}$/);
  const t = await thread(tid);
  assert.equal(t.status, 200);
  const stored = JSON.parse(t.text);
  assert.equal(stored.userIdentifier, "alice");
  assert.equal(stored.name, "hello there");
  const messages = stored.steps.filter((s) => s.type.endsWith("_message")).map((s) => [s.type, s.output]);
  assert.deepEqual(messages, [
    ["assistant_message", "Welcome! This is never part of a reply."],
    ["user_message", "hello there"],
    ["assistant_message", "You said: hello there"],
  ]);
  const list = await fetch(`${url}/project/threads`, {
    method: "POST",
    headers: { Authorization: `Bearer ${alice}`, "Content-Type": "application/json" },
    body: JSON.stringify({ pagination: { first: 50 }, filter: {} }),
  });
  assert.ok((await list.json()).data.some((x) => x.id === tid));
});

test("several messages make one reply, joined by a blank line", async () => {
  assert.equal((await ask("two")).choices[0].message.content, "first\n\nsecond");
});

test("usage comes from the LLM steps' generations", async () => {
  const r = await ask("usage");
  assert.equal(r.choices[0].message.content, "counted");
  assert.deepEqual(r.usage, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
});

test("stream: true gives chunks in OpenAI's format, ending with [DONE]", async () => {
  const stream = await ask("slow 5", { stream: true });
  const deltas = [];
  let finish = null, role = null;
  for await (const c of stream) {
    assert.equal(c.object, "chat.completion.chunk");
    const choice = c.choices[0];
    if (choice.delta.role) role = choice.delta.role;
    if (choice.delta.content) deltas.push(choice.delta.content);
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  assert.equal(role, "assistant");
  assert.equal(deltas.join(""), "t0 t1 t2 t3 t4 ");
  assert.ok(deltas.length >= 3, `tokens came as one chunk: ${JSON.stringify(deltas)}`);
  assert.equal(finish, "stop");

  // The raw wire: the last event is [DONE].
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${alice}`, "Content-Type": "application/json" },
    body: JSON.stringify({ model: "Api App", stream: true, messages: [{ role: "user", content: "hi" }] }),
  });
  assert.equal(res.headers.get("content-type").split(";")[0], "text/event-stream");
  const events = (await res.text()).split("\n\n").filter((e) => e.startsWith("data: "));
  assert.equal(events.at(-1), "data: [DONE]");
});

test("stream_options.include_usage adds a usage chunk", async () => {
  const stream = await ask("usage", { stream: true, stream_options: { include_usage: true } });
  let usage = null, text = "";
  for await (const c of stream) {
    if (c.usage) usage = c.usage;
    text += c.choices[0]?.delta?.content ?? "";
  }
  assert.equal(text, "counted");
  assert.deepEqual(usage, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
});

test("the chat context is the request's messages", async () => {
  const r = await client().chat.completions.create({
    model: "Api App",
    messages: [
      { role: "system", content: "be brief" },
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: "b" },
      { role: "user", content: "context" },
    ],
  });
  assert.deepEqual(JSON.parse(r.choices[0].message.content), [
    { role: "system", content: "be brief" },
    { role: "user", content: "a" },
    { role: "assistant", content: "b" },
    { role: "user", content: "context" },
  ]);
});

test("a chat profile is a model of its own", async () => {
  const r = await client().chat.completions.create({ model: "Deep", messages: [{ role: "user", content: "profile" }] });
  assert.equal(r.choices[0].message.content, "Deep/api");
});

test("a wrong key, an unknown model and a bad body get OpenAI's error shape", async () => {
  for (const key of ["not-a-token", `${alice}x`]) {
    await assert.rejects(
      client(key).chat.completions.create({ model: "Api App", messages: [{ role: "user", content: "x" }] }),
      (e) => e instanceof APIError && e.status === 401 && e.code === "invalid_api_key");
  }
  await assert.rejects(client("nope").models.list(), (e) => e instanceof APIError && e.status === 401);
  await assert.rejects(
    client().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }),
    (e) => e instanceof APIError && e.status === 404 && e.code === "model_not_found" && e.param === "model");

  const post = (body) => fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${alice}`, "Content-Type": "application/json" },
    body,
  });
  const cases = [
    ["{", null],
    ["[]", null],
    [JSON.stringify({ model: "Api App" }), "messages"],
    [JSON.stringify({ model: "Api App", messages: [{ role: "assistant", content: "x" }] }), "messages"],
    [JSON.stringify({ model: "Api App", messages: [{ role: "robot", content: "x" }] }), "messages[0].role"],
    [JSON.stringify({ model: "Api App", messages: [{ role: "user", content: 5 }] }), "messages[0].content"],
    [JSON.stringify({ model: "Api App", n: 3, messages: [{ role: "user", content: "x" }] }), "n"],
    [JSON.stringify({ model: "Api App", stream: "yes", messages: [{ role: "user", content: "x" }] }), "stream"],
  ];
  for (const [body, param] of cases) {
    const res = await post(body);
    assert.equal(res.status, 400, body);
    const e = (await res.json()).error;
    assert.equal(e.type, "invalid_request_error");
    assert.equal(e.param, param, body);
    assert.ok(e.message.length > 5);
  }
});

test("a hook that throws is a 500 in OpenAI's shape, streamed or not", async () => {
  await assert.rejects(ask("fail"),
    (e) => e instanceof APIError && e.status === 500 && /failed on purpose/.test(e.message));
  const stream = await ask("fail", { stream: true });
  await assert.rejects(async () => { for await (const _ of stream); },
    (e) => e instanceof APIError && /failed on purpose/.test(e.message));
});

test("a client that aborts mid-stream cancels the hook", async () => {
  const before = await stats();
  const controller = new AbortController();
  let seen = 0;
  const stream = await client().chat.completions.create(
    { model: "Api App", stream: true, messages: [{ role: "user", content: "slow 200" }] },
    { signal: controller.signal });
  // An abort ends the client's iteration quietly (the SDK's documented behaviour).
  for await (const c of stream) {
    if (c.choices[0]?.delta?.content && ++seen === 3) controller.abort();
  }
  assert.equal(seen, 3);
  const aborted = Date.now();
  let now;
  for (;;) {
    now = await stats();
    if (now.cancelled > before.cancelled || Date.now() - aborted > 3000) break;
    await sleep(20);
  }
  assert.equal(now.cancelled, before.cancelled + 1, "the hook was not cancelled");
  assert.ok(Date.now() - aborted < 2000, `cancelled ${Date.now() - aborted} ms after the abort`);
  assert.ok(now.stops > before.stops, "on_stop did not run");
  // 200 tokens 30 ms apart would take 6 s: the hook did not run to its end.
  await sleep(300);
  assert.equal((await stats()).finished, before.finished);
});

test("X-Chainlit-Thread-Id continues the caller's thread and no other", async () => {
  const { response } = await ask("first turn").withResponse();
  const tid = response.headers.get("x-chainlit-thread-id");
  const headers = { "X-Chainlit-Thread-Id": tid };
  const again = await client().chat.completions.create(
    { model: "Api App", messages: [{ role: "user", content: "second turn" }] }, { headers });
  assert.equal(again.choices[0].message.content, "You said: second turn");
  const mine = JSON.parse((await thread(tid)).text);
  const users = mine.steps.filter((s) => s.type === "user_message").map((s) => s.output);
  assert.deepEqual(users, ["first turn", "second turn"]);
  // One welcome only: on_chat_start runs for a new thread, not for a continued one.
  assert.equal(mine.steps.filter((s) => s.output?.startsWith("Welcome")).length, 1);

  // Bob names alice's thread: 404, and her thread reads back byte for byte the same.
  const before = await thread(tid);
  for (const stream of [false, true]) {
    await assert.rejects(
      client(bob).chat.completions.create(
        { model: "Api App", stream, messages: [{ role: "user", content: "bob was here" }] }, { headers }),
      (e) => e instanceof APIError && e.status === 404 && e.code === "thread_not_found");
  }
  await assert.rejects(
    client().chat.completions.create(
      { model: "Api App", messages: [{ role: "user", content: "x" }] },
      { headers: { "X-Chainlit-Thread-Id": "00000000-0000-4000-8000-000000000000" } }),
    (e) => e instanceof APIError && e.status === 404);
  assert.equal((await thread(tid)).text, before.text);
  assert.equal((await thread(tid, bob)).status, 401);
});

test("the C++ llm::client talks to this endpoint, whole and streamed", async () => {
  const res = await fetch(`${url}/ask-self`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt: "round trip" }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.complete, "You said: round trip");
  assert.equal(body.streamed, "You said: round trip");
});
