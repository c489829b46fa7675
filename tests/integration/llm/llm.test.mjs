// llm::client end to end: llm_app (a C++ chat app) streams answers from the OpenAI-compatible
// stub into a real socket.io-client chat, runs tools as steps, retries, reports failures as chat
// errors, and stops the HTTP stream when the user presses Stop.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { chatClient, sleep, until } from "../../node/chat/helpers.mjs";
import { startOpenAiStub } from "./openai_stub.mjs";

let stub, app, url;

before(async () => {
  stub = await startOpenAiStub();
  app = await startAppProcess(builtBinary("LLM_APP", "llm_app"), [], {
    env: { OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "echo" },
    timeoutMs: 30_000,
  });
  url = `http://127.0.0.1:${app.port}`;
});
after(async () => {
  assert.equal(await app.stop(), 0, app.stderr());
  await stub.close();
});
beforeEach(() => stub.reset());

/// A chat, once the server's connect resets (task_end, clear_ask, clear_call_fn) have arrived:
/// a stray task_end must not end the first exchange.
async function connect() {
  const c = await chatClient(url);
  await c.waitFor("clear_call_fn");
  return c;
}

const dicts = (events, name) => events.filter((e) => e.ev === name).map((e) => e.args[0]);
/// The last dict sent for each step or message id (new_message, then update_message).
function latest(events) {
  const by = new Map();
  for (const e of events) if (e.ev === "new_message" || e.ev === "update_message") by.set(e.args[0].id, e.args[0]);
  return [...by.values()];
}
const errorsOf = (events) => latest(events).filter((d) => d.isError && d.type === "assistant_message");

test("an answer streams into the chat, with its usage on an llm step", async () => {
  const c = await connect();
  const { events } = await c.exchange("echo hello there");
  const tokens = dicts(events, "stream_token").map((t) => t.token).join("");
  const start = dicts(events, "stream_start")[0];
  assert.ok(start, "the answer streams");
  assert.equal(start.output + tokens, "You said: echo hello there (1 messages)");
  const final = latest(events).find((d) => d.id === start.id);
  assert.equal(final.output, "You said: echo hello there (1 messages)");
  const llmStep = latest(events).find((d) => d.type === "llm");
  assert.equal(llmStep.name, "echo");
  assert.equal(llmStep.generation.provider, "openai");
  assert.equal(llmStep.generation.inputTokenCount, 11);
  assert.equal(llmStep.generation.outputTokenCount, 5);
  assert.equal(llmStep.generation.tokenCount, 16);
  assert.equal(llmStep.generation.messages.at(-1).content, "echo hello there");
  assert.notEqual(final.parentId, llmStep.id, "the answer is not hidden inside the llm step");
  // The UI's token counter gets the call's total (token_usage, summed by the react-client).
  assert.deepEqual(dicts(events, "token_usage"), [16]);
  // The request as the provider saw it.
  const [r] = stub.requests;
  assert.equal(r.authorization, "Bearer test-key");
  assert.equal(r.stream, true);
  assert.deepEqual(r.stream_options, { include_usage: true });
  assert.equal(r.temperature, 0);
  assert.deepEqual(r.tools.map((t) => t.function.name), ["calculator", "get_time"]);
  c.close();
});

test("chat_context carries the whole conversation into the next call", async () => {
  const c = await connect();
  await c.exchange("echo one");
  await c.exchange("echo two");
  const second = stub.requests.at(-1).messages;
  assert.deepEqual(second.map((m) => m.role), ["user", "assistant", "user"]);
  assert.equal(second[0].content, "echo one");
  assert.equal(second[1].content, "You said: echo one (1 messages)");
  assert.equal(second[2].content, "echo two");
  const ctx = await (await fetch(`${url}/context/${c.sessionId}`)).json();
  assert.equal(ctx.length, 4);
  assert.equal(ctx[3].content, "You said: echo two (3 messages)");
  c.close();
});

test("tool calls run as tool steps and their results go back to the model", async () => {
  const c = await connect();
  const { events } = await c.exchange("tools what is 6 times 7?");
  const steps = latest(events);
  const calc = steps.find((d) => d.type === "tool" && d.name === "calculator");
  assert.equal(calc.input, JSON.stringify({ expression: "6 * 7" }));
  assert.equal(calc.output, "42");
  assert.equal(calc.isError, false);
  const time = steps.find((d) => d.type === "tool" && d.name === "get_time");
  assert.match(JSON.parse(time.output).utc, /^\d{4}-\d\d-\d\dT/);
  assert.equal(steps.filter((d) => d.type === "llm").length, 2, "one llm step per model call");
  assert.deepEqual(dicts(events, "token_usage"), [16, 16], "one token_usage per model call");
  const answer = steps.find((d) => d.type === "assistant_message" && !d.isError && d.output.includes("answer"));
  assert.equal(answer.output, "Let me compute. The answer is 42.");
  // The second request repeats the assistant's tool calls and carries one result per call.
  assert.equal(stub.requests.length, 2);
  const msgs = stub.requests[1].messages;
  const asked = msgs.find((m) => m.role === "assistant" && m.tool_calls);
  assert.deepEqual(asked.tool_calls.map((t) => [t.id, t.function.name]), [["call_calc", "calculator"], ["call_time", "get_time"]]);
  assert.deepEqual(msgs.filter((m) => m.role === "tool").map((m) => m.tool_call_id), ["call_calc", "call_time"]);
  c.close();
});

test("bad tool arguments and unknown tools become results the model reads", async () => {
  const c = await connect();
  const { events } = await c.exchange("bad-args go");
  const tools = latest(events).filter((d) => d.type === "tool");
  assert.equal(tools.length, 2);
  assert.ok(tools.every((t) => t.isError), "both tool steps show the error");
  assert.match(tools[0].output, /must be a JSON object/);
  assert.match(tools[1].output, /no tool named "no_such_tool"/);
  const answer = latest(events).find((d) => d.type === "assistant_message" && d.output.startsWith("Tools said"));
  assert.ok(answer, "the chat goes on");
  assert.equal(errorsOf(events).length, 0);
  c.close();
});

test("a model that asks for tools forever is stopped with a clear error", async () => {
  const c = await connect();
  const { events } = await c.exchange("loop", { ms: 10_000 });
  assert.equal(stub.requests.length, 3, "max_tool_rounds = 2: three calls");
  const [err] = errorsOf(events);
  assert.match(err.output, /asked for tools 3 times in a row/);
  c.close();
});

test("429 with Retry-After is retried after the wait the server asked for", async () => {
  const c = await connect();
  const { events } = await c.exchange("rate-limit please", { ms: 10_000 });
  assert.equal(stub.requests.length, 3);
  const gaps = [1, 2].map((i) => stub.requests[i].at - stub.requests[i - 1].at);
  assert.ok(gaps.every((g) => g >= 190), `waited ${gaps} ms (Retry-After: 0.2)`);
  assert.ok(latest(events).some((d) => d.output === "Finally through."));
  assert.equal(errorsOf(events).length, 0);
  c.close();
});

test("failures end as error messages that name the status and the provider's words", async () => {
  const c = await connect();
  let { events } = await c.exchange("down", { ms: 10_000 });
  assert.equal(stub.requests.length, 4, "one call and three retries");
  assert.match(errorsOf(events)[0].output, /HTTP 503 from 127\.0\.0\.1:\d+ \(server_error\): The engine is overloaded/);

  stub.reset();
  ({ events } = await c.exchange("invalid"));
  assert.equal(stub.requests.length, 1, "a 400 is not retried");
  assert.match(errorsOf(events)[0].output, /HTTP 400 .*\(model_not_found\): The model 'invalid' does not exist/);

  stub.reset();
  ({ events } = await c.exchange("drop"));
  assert.equal(stub.requests.length, 1, "a stream that already showed text is not retried");
  const partial = latest(events).find((d) => d.type === "assistant_message" && !d.isError);
  assert.equal(partial.output, "Half an answer ", "what streamed stays, and the stream is ended");
  assert.match(errorsOf(events)[0].output, /broke off/);

  ({ events } = await c.exchange("garbage"));
  assert.match(errorsOf(events)[0].output, /not valid JSON/);

  ({ events } = await c.exchange("whole-json"));
  assert.ok(latest(events).some((d) => d.output === "All at once."), "a whole answer to a stream request still works");

  ({ events } = await c.exchange("echo still alive"));
  assert.ok(latest(events).some((d) => d.output.startsWith("You said: echo still alive")));
  c.close();
});

test("Stop cancels the HTTP stream at once", async () => {
  const c = await connect();
  const from = c.events.length;
  c.send("slow");
  await c.waitFor("stream_token", { from, ms: 5000 });
  const stoppedAt = Date.now();
  c.socket.emit("stop");
  await until(() => stub.closes.find((x) => x.model === "slow"), 2000, "the stub sees the client go");
  const gone = stub.closes.find((x) => x.model === "slow").at - stoppedAt;
  assert.ok(gone < 500, `the provider connection closed ${gone} ms after Stop`);
  const tokensAfter = () => c.events.filter((e, i) => i >= from && e.ev === "stream_token" && e.at > stoppedAt + 200).length;
  await sleep(400);
  assert.equal(tokensAfter(), 0, "no token after Stop");
  assert.equal(errorsOf(c.events.slice(from)).length, 0, "a stop is not an error");
  c.close();
});

test("client.complete works outside a chat, tools included", async () => {
  const post = (body) => fetch(`${url}/complete`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  let res = await post({ model: "tools", prompt: "6*7?" });
  assert.equal(res.status, 200);
  let body = await res.json();
  assert.equal(body.content, "The answer is 42.");
  assert.equal(body.usage.total_tokens, 32, "usage summed over both calls");
  assert.equal(stub.requests.every((r) => r.stream === false), true);
  res = await post({ model: "invalid", prompt: "x" });
  assert.equal(res.status, 502);
  assert.match((await res.json()).detail, /HTTP 400/);
});
