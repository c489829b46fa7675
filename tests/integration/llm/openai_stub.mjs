// An OpenAI-compatible test server: it answers POST /v1/chat/completions in the documented wire
// format (chat.completion objects, chat.completion.chunk SSE streams with tool-call deltas and a
// usage chunk, error objects) and plays the failures a real provider has: 429 with Retry-After,
// 5xx, a connection dropped mid-stream, a garbled chunk. The request's `model` picks the
// scenario (see `scenarios`); every request is recorded for the test to inspect.
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";

const usage = { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 };

function lastUser(messages) {
  for (let i = messages.length - 1; i >= 0; --i) if (messages[i].role === "user") return messages[i].content;
  return "";
}

/// `tls`: {key, cert} (PEM) to serve HTTPS instead of HTTP.
export async function startOpenAiStub({ tls } = {}) {
  const requests = [];
  const closes = [];           // {model, at}: when a client went away before the answer ended
  const counters = new Map();  // per model: calls so far (rate-limit scenarios)

  const chunk = (model, delta, finish = null) => ({
    id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  function sendJson(res, status, body, headers = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  /// Answers `text` and `toolCalls` (OpenAI's message.tool_calls shape), streamed or whole.
  async function answer(req, res, body, { text = "", toolCalls = [], pieces, delayMs = 0 }) {
    const model = body.model;
    if (!body.stream) {
      return sendJson(res, 200, {
        id: "chatcmpl-stub", object: "chat.completion", created: 1, model,
        choices: [{ index: 0, finish_reason: toolCalls.length ? "tool_calls" : "stop",
                    message: { role: "assistant", content: text || null,
                               ...(toolCalls.length ? { tool_calls: toolCalls } : {}) } }],
        usage,
      });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const write = (o) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    write(chunk(model, { role: "assistant", content: "" }));
    for (const p of pieces ?? text.split(/(?<= )/)) {
      if (res.destroyed) return;
      write(chunk(model, { content: p }));
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    }
    // Tool calls as real servers stream them: id and name first, the arguments in pieces.
    toolCalls.forEach((c, index) => {
      write(chunk(model, { tool_calls: [{ index, id: c.id, type: "function",
                                          function: { name: c.function.name, arguments: "" } }] }));
      const args = c.function.arguments;
      for (let i = 0; i < args.length; i += 4) {
        write(chunk(model, { tool_calls: [{ index, function: { arguments: args.slice(i, i + 4) } }] }));
      }
    });
    write(chunk(model, {}, toolCalls.length ? "tool_calls" : "stop"));
    if (body.stream_options?.include_usage) write({ id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model, choices: [], usage });
    res.write("data: [DONE]\n\n");
    res.end();
  }

  const call = (id, name, args) => ({ id, type: "function", function: { name, arguments: args } });

  const scenarios = {
    // Echoes the last user message, and says how long the context was.
    echo: (req, res, body) => answer(req, res, body,
      { text: `You said: ${lastUser(body.messages)} (${body.messages.length} messages)` }),
    // Asks for both tools, then answers with their results.
    tools: (req, res, body) => {
      const results = body.messages.filter((m) => m.role === "tool");
      if (!results.length) {
        return answer(req, res, body, { text: "Let me compute. ", toolCalls: [
          call("call_calc", "calculator", JSON.stringify({ expression: "6 * 7" })),
          call("call_time", "get_time", "{}")] });
      }
      const calc = results.find((m) => m.tool_call_id === "call_calc");
      return answer(req, res, body, { text: `The answer is ${calc?.content}.` });
    },
    // Calls the MCP server-everything's `echo` and `get-sum` tools (tests/integration/mcp),
    // then answers with what they returned.
    "mcp-tools": (req, res, body) => {
      const results = body.messages.filter((m) => m.role === "tool");
      if (!results.length) {
        return answer(req, res, body, { toolCalls: [
          call("m1", "echo", JSON.stringify({ message: "from the model" })),
          call("m2", "get-sum", JSON.stringify({ a: 20, b: 22 }))] });
      }
      return answer(req, res, body, { text: `Tools said: ${results.map((m) => m.content).join(" | ")}` });
    },
    // Arguments that are not JSON, then an unknown tool: the loop reports both to the model.
    "bad-args": (req, res, body) => {
      const results = body.messages.filter((m) => m.role === "tool");
      if (!results.length) {
        return answer(req, res, body, { toolCalls: [call("c1", "calculator", "{not json"),
                                                    call("c2", "no_such_tool", "{}")] });
      }
      return answer(req, res, body, { text: `Tools said: ${results.map((m) => m.content).join(" | ")}` });
    },
    // Always asks for a tool: the loop must give up.
    loop: (req, res, body) => answer(req, res, body,
      { toolCalls: [call(`c${requests.length}`, "get_time", "{}")] }),
    // Two 429s with Retry-After, then an answer.
    "rate-limit": (req, res, body) => {
      const n = (counters.get(body.model) ?? 0) + 1;
      counters.set(body.model, n);
      if (n <= 2) {
        return sendJson(res, 429, { error: { message: "Rate limit reached for requests",
          type: "requests", code: "rate_limit_exceeded" } }, { "retry-after": "0.2" });
      }
      return answer(req, res, body, { text: "Finally through." });
    },
    // Always 503: retried, then reported.
    down: (req, res, body) => sendJson(res, 503, { error: { message: "The engine is overloaded",
      type: "server_error", code: null } }, { "retry-after": "0.05" }),
    // A client error: not retried.
    invalid: (req, res, body) => sendJson(res, 400, { error: { message: `The model '${body.model}' does not exist`,
      type: "invalid_request_error", code: "model_not_found" } }),
    // Three tokens, then the connection is cut.
    drop: async (req, res, body) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const t of ["Half ", "an ", "answer "]) res.write(`data: ${JSON.stringify(chunk(body.model, { content: t }))}\n\n`);
      await new Promise((r) => setTimeout(r, 50));
      res.socket.destroy();
    },
    // A chunk that is not JSON.
    garbage: (req, res, body) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end("data: {\"choices\": [oops\n\n");
    },
    // Says nothing after its first token: the client's read timeout must end it.
    stall: async (req, res, body) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(chunk(body.model, { content: "Thinking " }))}\n\n`);
    },
    // Slow: a token every 50 ms for 20 s, long enough to be stopped.
    slow: (req, res, body) => answer(req, res, body,
      { pieces: Array.from({ length: 400 }, (_, i) => `w${i} `), delayMs: 50 }),
    // Asked to stream, answers one chat.completion object anyway.
    "whole-json": (req, res, body) => answer(req, res, { ...body, stream: false }, { text: "All at once." }),
  };

  const handler = (req, res) => {
    if (req.method === "GET" && req.url === "/stats") return sendJson(res, 200, { requests, closes });
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return sendJson(res, 404, { error: { message: "no route" } });
    let raw = "";
    req.on("data", (d) => { raw += d; });
    req.on("end", () => {
      let body;
      try { body = JSON.parse(raw); } catch { return sendJson(res, 400, { error: { message: "bad JSON" } }); }
      requests.push({ model: body.model, stream: body.stream, stream_options: body.stream_options,
                      messages: body.messages, tools: body.tools, temperature: body.temperature,
                      authorization: req.headers.authorization, at: Date.now() });
      res.on("close", () => { if (!res.writableFinished) closes.push({ model: body.model, at: Date.now() }); });
      const play = scenarios[body.model] ?? scenarios.echo;
      Promise.resolve(play(req, res, body)).catch(() => res.destroy());
    });
  };
  const server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  return {
    port,
    baseUrl: `${tls ? "https" : "http"}://127.0.0.1:${port}/v1`,
    requests,
    closes,
    reset() { requests.length = 0; closes.length = 0; counters.clear(); },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
