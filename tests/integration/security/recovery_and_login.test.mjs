// Issue 12 findings 3 and 4. Connection state recovery: a recovery pid is honoured only for the
// chat session, user and client type it was made for; anyone else presenting it gets a fresh
// state, none of the owner's events, and the owner stays connected. JWT login: POST /auth/jwt
// logs in only users that exist, and `user remove` revokes a user's tokens for good, also when
// the user is added again and when get-or-create is switched on.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api, chat, cookiesOf, login, removeUser, startApp, token, until, uuid,
} from "./harness.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const jwtLogin = (app, t) => fetch(`${app.url}/auth/jwt`, {
  method: "POST", headers: { authorization: `Bearer ${t}` },
});
const bearer = (app, t, path) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${t}` } });

test("finding 3: another user's recovery pid replays nothing and replaces nobody", async () => {
  const app = await startApp();
  try {
    const aliceCookie = await login(app, "alice");
    const alice = await chat(app, aliceCookie, { reconnection: true });
    await alice.waitFor("task_end");
    await alice.exchange("alice's private text");
    const pid = alice.socket._pid;
    assert.ok(pid, "recovery is on: alice's client holds a pid");

    const bobCookie = await login(app, "bob");
    // Bob's own chat session, alice's pid, an offset from before all her events.
    const bob = await chat(app, bobCookie, { auth: { pid, offset: "0" } });
    assert.equal(bob.socket.recovered, false);
    await sleep(500);
    const leaked = bob.events.filter((e) => JSON.stringify(e.args).includes("alice's private text"));
    assert.deepEqual(leaked, [], "none of alice's events reach bob");
    assert.ok(!bob.events.some((e) => e.ev === "first_interaction"));
    assert.ok(alice.socket.connected, "alice is not disconnected as replaced");
    assert.ok(!alice.events.some((e) => e.ev === "#disconnect"));
    const still = await alice.exchange("still mine");
    assert.ok(still.events.some((e) => e.ev === "new_message" && e.args[0].output === "echo: still mine"));

    // With alice's session id as well: the session is hers, so the connect is refused.
    await assert.rejects(chat(app, bobCookie, { sessionId: alice.sessionId, auth: { pid, offset: "0" } }),
      (err) => err.message === "authorization failed");
    assert.ok(alice.socket.connected);

    // Control: alice's own reconnect after her connection dies is recovered.
    alice.socket.io.engine.transport.ws._socket.destroy();
    await until(() => alice.socket.connected && alice.socket.recovered, 10_000, "alice recovered");
    bob.close();
    alice.close();
  } finally {
    assert.equal(await app.stop(), 0);
  }
});

test("finding 4: /auth/jwt refuses unknown users; a removal revokes older tokens for good", async () => {
  let app = await startApp();
  try {
    const mallory = token("mallory");
    const refused = await jwtLogin(app, mallory);
    assert.equal(refused.status, 401);
    assert.equal(typeof (await refused.json()).detail, "string");
    assert.equal(cookiesOf(refused), "", "no cookie for an unknown user");
    assert.equal((await bearer(app, mallory, "/user")).status, 401);
    assert.equal((await jwtLogin(app, mallory)).status, 401, "and no user was created");

    // bob has a token and a login cookie; then he is removed.
    const bobToken = token("bob");
    const ok = await jwtLogin(app, bobToken);
    assert.equal(ok.status, 200);
    const bobCookie = await login(app, "bob");
    assert.equal((await api(app, bobCookie, "GET", "/user")).status, 200);
    removeUser(app, "bob");
    assert.equal((await jwtLogin(app, bobToken)).status, 401);
    assert.equal(cookiesOf(await jwtLogin(app, bobToken)), "");
    assert.equal((await api(app, bobCookie, "GET", "/user")).status, 401);
    assert.equal((await api(app, bobCookie, "POST", "/project/threads",
      { pagination: { first: 5 }, filter: {} })).status, 401);
    await assert.rejects(chat(app, bobCookie), (err) => err.message === "authentication failed");

    // The app starts again and adds bob again: his old token and cookie stay void, a new
    // login works.
    assert.equal(await app.stop(), 0);
    app = await startApp([], app);
    assert.equal((await jwtLogin(app, bobToken)).status, 401);
    assert.equal((await api(app, bobCookie, "GET", "/user")).status, 401);
    await sleep(1100); // a login in the removal's second would count as before it
    const fresh = await login(app, "bob");
    assert.equal((await api(app, fresh, "GET", "/user")).status, 200);
  } finally {
    await app.stop();
  }
});

test("with jwt_login_creates_users, unknown users are created but removed ones stay out", async () => {
  const first = await startApp();
  const bobToken = token("bob");
  assert.equal((await jwtLogin(first, bobToken)).status, 200);
  removeUser(first, "bob");
  assert.equal(await first.stop(), 0);
  const app = await startApp(["--creates-users"], first);
  try {
    const name = `mallory-${uuid()}`;
    const created = await jwtLogin(app, token(name));
    assert.equal(created.status, 200);
    const cookie = cookiesOf(created);
    assert.match(cookie, /access_token/);
    const me = await api(app, cookie, "GET", "/user");
    assert.equal(me.status, 200);
    assert.equal(me.json.identifier, name);

    // bob was removed, and security_app added him again at start: his old token is void
    // all the same; one issued after the removal logs in.
    assert.equal((await jwtLogin(app, bobToken)).status, 401);
    await sleep(1100);
    assert.equal((await jwtLogin(app, token("bob"))).status, 200);
    // A never-seen user whose name was removed before: created users do not resurrect that.
    removeUser(app, name);
    assert.equal((await jwtLogin(app, token(name, -1))).status, 401);
  } finally {
    assert.equal(await app.stop(), 0);
  }
});
