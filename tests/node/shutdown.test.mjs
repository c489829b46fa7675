// Graceful stop: SIGTERM closes websockets with 1012, ends polling sessions, and the server
// exits 0 promptly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, connect, once, rawWebsocket } from "./helpers.mjs";

test("SIGTERM closes every session and the server exits 0", async () => {
  const server = await startServer();
  const ws = await connect(server.url, { transports: ["websocket"] });
  const polling = await connect(server.url, { transports: ["polling"] });
  const raw = await rawWebsocket(server.url);
  const gone = Promise.all([once(ws, "disconnect"), once(polling, "disconnect")]);
  const started = Date.now();
  const code = await server.stop();
  assert.equal(code, 0);
  assert.equal(await raw.closed, 1012);
  await gone;
  assert.ok(Date.now() - started < 3000, "stopped promptly");
});
