// Composer commands on the wire (issue 15 item 3), with the plain socket.io-client:
// `context::set_commands` emits `set_commands` with Chainlit's CommandDict list, a
// client_message's `command` reaches on_message as `message::command`, and an edited message
// keeps its command when on_message runs again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startChatApp, chatClient, messagesOf, userMessage } from "./helpers.mjs";

let app;
before(async () => { app = await startChatApp(); });
after(async () => { assert.equal(await app.stop(), 0); });

async function welcomed() {
  const c = await chatClient(app.url);
  const w = await c.waitFor((e) => e.ev === "new_message" && e.args[0].output === "Welcome!");
  await c.waitFor("task_end", { from: w.index });
  return c;
}

/// Sends a user message with `command` and waits for the task_end of its handling.
async function sendWithCommand(c, output, command) {
  const from = c.events.length;
  const message = userMessage(output, { command });
  c.socket.emit("client_message", { message, fileReferences: [] });
  const end = await c.waitFor("task_end", { from: (await c.waitFor("task_start", { from })).index });
  return { message, events: c.events.slice(from, end.index + 1) };
}

test("set_commands carries id, icon, description, button and persistent", async () => {
  const c = await welcomed();
  const { events } = await c.exchange("commands");
  const set = events.find((e) => e.ev === "set_commands");
  assert.ok(set, "set_commands is emitted");
  assert.deepEqual(set.args[0], [
    { id: "search", icon: "globe", description: "Find on the web", button: false, persistent: false },
    { id: "draw", icon: "image", description: "Make a picture", button: true, persistent: true },
  ]);
  assert.deepEqual(messagesOf(events).map((m) => m.output), ["Commands set"]);
  c.close();
});

test("a message's command reaches on_message; without one the handler sees none", async () => {
  const c = await welcomed();
  const withCommand = await sendWithCommand(c, "cats", "search");
  assert.deepEqual(messagesOf(withCommand.events).map((m) => m.output), ["Command search: cats"]);
  const plain = await c.exchange("cats");
  assert.deepEqual(messagesOf(plain.events).map((m) => m.output), ["You said: cats"]);
  c.close();
});

test("an edited message keeps its command when on_message runs again", async () => {
  const c = await welcomed();
  const sent = await sendWithCommand(c, "dogs", "draw");
  const from = c.events.length;
  c.socket.emit("edit_message", { message: { ...sent.message, output: "dogs edited" } });
  const start = await c.waitFor("task_start", { from });
  const end = await c.waitFor("task_end", { from: start.index });
  const evs = c.events.slice(from, end.index + 1);
  const upd = evs.find((e) => e.ev === "update_message" && e.args[0].id === sent.message.id);
  assert.equal(upd.args[0].command, "draw");
  assert.equal(upd.args[0].output, "dogs edited");
  assert.deepEqual(messagesOf(evs).map((m) => m.output), ["Command draw: dogs edited"]);
  c.close();
});
