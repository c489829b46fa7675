// OAuth sign-in end to end (spec C.1): the C++ app against a real OpenID Connect provider
// (oidc-provider) on loopback, configured the way a user configures Chainlit: the generic
// provider (OAUTH_GENERIC_*) and the Keycloak one (OAUTH_KEYCLOAK_*, which only differs by its
// URL layout). No browser: fetch with manual redirects and a cookie jar fills in the
// provider's login and consent forms.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";

import {
  CookieJar, connectSocket, realmPath, request, signInAtProvider, startApp, startProviderServer,
} from "./helpers.mjs";

const publicOrigin = "https://chat.example.test"; // never contacted: only a name in headers
let provider;
let plain; // persistence on; Keycloak with prompt=none, so it answers login_required
let rooted; // --root-path /chat
let deadToken; // the generic provider's token URL points at a closed port
let broken; // the generic provider's token and user info URLs point at brokenProvider
let brokenProvider; // answers what a misbehaving provider might, chosen by the code sent

/// A provider that misbehaves on purpose. The token endpoint reads the code: "html500" gets an
/// HTML 500, "huge" 2 MiB of JSON, anything else a token naming what user info should do:
/// "garbage" (not JSON), "revoked" (401), "array" (JSON, but not an object).
async function startBrokenProvider() {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => { body += d; });
    req.on("end", () => {
      if (req.url === "/token") {
        const code = new URLSearchParams(body).get("code");
        if (code === "html500") { res.statusCode = 500; res.end("<html>oops</html>"); return; }
        res.setHeader("content-type", "application/json");
        if (code === "huge") { res.end(JSON.stringify({ access_token: "x".repeat(2 << 20) })); return; }
        res.end(JSON.stringify({ access_token: code, token_type: "Bearer" }));
        return;
      }
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      if (token === "revoked") { res.statusCode = 401; res.end(); return; }
      res.setHeader("content-type", "application/json");
      res.end(token === "array" ? "[1,2]" : "{not json");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close() { return new Promise((r) => server.close(() => r())); },
  };
}

function oauthEnv(p) {
  return {
    OAUTH_GENERIC_CLIENT_ID: "chainlit-generic",
    OAUTH_GENERIC_CLIENT_SECRET: "generic-secret",
    OAUTH_GENERIC_AUTH_URL: `${p.issuer}/auth`,
    OAUTH_GENERIC_TOKEN_URL: `${p.issuer}/token`,
    OAUTH_GENERIC_USER_INFO_URL: `${p.issuer}/userinfo`,
    OAUTH_GENERIC_SCOPES: "openid email profile",
    OAUTH_KEYCLOAK_CLIENT_ID: "chainlit-keycloak",
    OAUTH_KEYCLOAK_CLIENT_SECRET: "keycloak-secret",
    OAUTH_KEYCLOAK_REALM: "test",
    OAUTH_KEYCLOAK_BASE_URL: p.origin,
    // Chainlit's Azure AD hybrid flow. Its endpoints are Microsoft's, which these tests never
    // reach: they check the redirect, the state cookie and the form POST callback's checks.
    OAUTH_AZURE_AD_HYBRID_CLIENT_ID: "chainlit-hybrid",
    OAUTH_AZURE_AD_HYBRID_CLIENT_SECRET: "hybrid-secret",
    OAUTH_AZURE_AD_HYBRID_TENANT_ID: "tenant-1",
  };
}

before(async () => {
  provider = await startProviderServer();
  const env = oauthEnv(provider);
  plain = await startApp(["--persist"], { ...env, OAUTH_KEYCLOAK_PROMPT: "none" });
  rooted = await startApp(["--root-path", "/chat"], env);
  deadToken = await startApp([], { ...env, OAUTH_GENERIC_TOKEN_URL: "http://127.0.0.1:1/token" });
  brokenProvider = await startBrokenProvider();
  broken = await startApp([], {
    ...env,
    OAUTH_GENERIC_TOKEN_URL: `${brokenProvider.origin}/token`,
    OAUTH_GENERIC_USER_INFO_URL: `${brokenProvider.origin}/userinfo`,
  });
  const client = (id, secret, uris) => ({
    client_id: id,
    client_secret: secret,
    redirect_uris: uris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post", // Chainlit posts the secret in the form
  });
  provider.configure([
    client("chainlit-generic", "generic-secret", [
      `${plain.origin}/auth/oauth/generic/callback`,
      `${rooted.origin}/chat/auth/oauth/generic/callback`,
      `${deadToken.origin}/auth/oauth/generic/callback`,
      `${publicOrigin}/prefix/auth/oauth/generic/callback`,
    ]),
    client("chainlit-keycloak", "keycloak-secret", [
      `${plain.origin}/auth/oauth/keycloak/callback`,
      `${rooted.origin}/chat/auth/oauth/keycloak/callback`,
    ]),
  ]);
});

after(async () => {
  // A clean exit (0) also means no sanitizer report when the app is built with them.
  for (const app of [plain, rooted, deadToken, broken]) {
    if (!app) continue;
    const code = await app.stop();
    assert.equal(code, 0, `oauth_test_app exited ${code}: ${app.stderr().slice(-4000)}`);
  }
  if (provider) await provider.close();
  if (brokenProvider) await brokenProvider.close();
});

/// GET /auth/oauth/<id> on `app`: the provider URL, its query, and the state cookie.
async function start(jar, base, id, headers = {}, origin) {
  const res = await request(jar, `${base}/auth/oauth/${id}`, { headers, origin });
  assert.equal(res.status, 302, await res.clone().text());
  const location = new URL(res.headers.get("location"));
  const stateCookie = res.headers.getSetCookie().find((c) => c.startsWith("oauth_state="));
  return { location, query: location.searchParams, stateCookie };
}

describe("configuration", () => {
  test("/auth/config lists the configured providers and login is required", async () => {
    const res = await fetch(`${plain.origin}/auth/config`);
    const body = await res.json();
    assert.equal(body.requireLogin, true);
    assert.deepEqual(body.oauthProviders, ["azure-ad-hybrid", "keycloak", "generic"]);
  });

  test("an unknown provider is 404", async () => {
    const res = await fetch(`${plain.origin}/auth/oauth/nope`, { redirect: "manual" });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { detail: "Provider nope not found" });
  });
});

describe("sign-in through the generic OpenID Connect provider", () => {
  test("start, provider, callback, cookie, /user, socket, replay refused, logout", async () => {
    const jar = new CookieJar();
    const { location, query, stateCookie } = await start(jar, plain.origin, "generic");
    assert.equal(location.origin + location.pathname, `${provider.issuer}/auth`);
    assert.equal(query.get("client_id"), "chainlit-generic");
    assert.equal(query.get("redirect_uri"), `${plain.origin}/auth/oauth/generic/callback`);
    assert.equal(query.get("scope"), "openid email profile");
    assert.equal(query.get("response_type"), "code");
    assert.match(query.get("state"), /^[A-Za-z0-9]{32}$/);
    assert.match(stateCookie, /HttpOnly/i);
    assert.match(stateCookie, /SameSite=Lax/i);
    assert.match(stateCookie, /Max-Age=180/i);
    assert.equal(jar.get(plain.origin, "oauth_state").value, query.get("state"));

    const back = await signInAtProvider(jar, provider, location.href, "alice");
    assert.ok(back.startsWith(`${plain.origin}/auth/oauth/generic/callback?`), back);
    const res = await request(jar, back);
    assert.equal(res.status, 302, await res.clone().text());
    assert.equal(res.headers.get("location"), `${plain.origin}/login/callback?success=True`);
    assert.equal(jar.get(plain.origin, "oauth_state"), undefined, "state cookie deleted");
    const token = jar.get(plain.origin, "access_token");
    assert.ok(token, "auth cookie set");
    assert.ok(token.attributes.some((a) => /^httponly$/i.test(a)));

    const user = await (await request(jar, `${plain.origin}/user`)).json();
    assert.equal(user.identifier, "alice@example.com");
    assert.equal(user.display_name, "Alice Liddell");
    assert.equal(user.metadata.provider, "generic");
    assert.equal(user.metadata.callback_provider, "generic");
    assert.equal(user.metadata.had_token, true);
    assert.ok(user.id, "persisted at login: the data layer gave it an id");

    const socket = await connectSocket(plain.origin, "/ws/socket.io", jar.header(plain.origin));
    socket.close();
    await assert.rejects(connectSocket(plain.origin, "/ws/socket.io", ""),
      /authentication failed/);

    // The same callback again, with the state cookie put back: the state was used once.
    const replay = await fetch(back, {
      redirect: "manual",
      headers: { cookie: `oauth_state=${query.get("state")}` },
    });
    assert.equal(replay.status, 401);
    assert.match((await replay.json()).detail, /already used/);

    const logout = await request(jar, `${plain.origin}/logout`, {
      method: "POST", headers: { "content-type": "application/json" }, body: "{}",
    });
    assert.equal(logout.status, 200);
    assert.deepEqual(await logout.json(), { success: true, had_cookie: true },
      "on_logout ran while the request still carried the cookie");
    assert.equal(jar.get(plain.origin, "access_token"), undefined, "logout cleared the cookie");
    assert.equal((await request(jar, `${plain.origin}/user`)).status, 401);
  });

  test("the app's callback refusing the user is 401 credentialssignin", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar, plain.origin, "generic");
    const back = await signInAtProvider(jar, provider, location.href, "refused");
    const res = await request(jar, back);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { detail: "credentialssignin" });
    assert.equal(jar.get(plain.origin, "access_token"), undefined);
  });

  test("a user without the identifier claim is a clear 502", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar, plain.origin, "generic");
    const back = await signInAtProvider(jar, provider, location.href, "noemail");
    const res = await request(jar, back);
    assert.equal(res.status, 502);
    assert.match((await res.json()).detail, /has no 'email'/);
  });
});

describe("form_post (response_mode=form_post, as azure-ad-hybrid answers)", () => {
  test("the callback takes code and state from a form POST too", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar, plain.origin, "generic");
    const back = new URL(await signInAtProvider(jar, provider, location.href, "alice"));
    const res = await request(jar, back.origin + back.pathname, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: back.searchParams.toString(),
    });
    assert.equal(res.status, 302, await res.clone().text());
    assert.equal(res.headers.get("location"), `${plain.origin}/login/callback?success=True`);
    assert.ok(jar.get(plain.origin, "access_token"), "signed in");
    const user = await (await request(jar, `${plain.origin}/user`)).json();
    assert.equal(user.identifier, "alice@example.com");
    assert.equal(user.metadata.had_id_token, false, "only a form_post provider hands on id_token");
  });

  test("azure-ad-hybrid asks for code and id_token by form_post, with a fresh nonce", async () => {
    const nonces = new Set();
    for (let i = 0; i < 2; i++) {
      const jar = new CookieJar();
      const { location, query, stateCookie } = await start(jar, plain.origin, "azure-ad-hybrid");
      assert.equal(location.origin + location.pathname,
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
      assert.equal(query.get("client_id"), "chainlit-hybrid");
      assert.equal(query.get("tenant"), "tenant-1");
      assert.equal(query.get("response_type"), "code id_token");
      assert.equal(query.get("response_mode"), "form_post");
      assert.equal(query.get("redirect_uri"), `${plain.origin}/auth/oauth/azure-ad-hybrid/callback`);
      assert.match(query.get("nonce"), /^[A-Za-z0-9]{32}$/);
      nonces.add(query.get("nonce"));
      // The provider's POST back is cross-site: only a SameSite=None (so Secure) cookie rides it.
      assert.match(stateCookie, /SameSite=None/i);
      assert.match(stateCookie, /;\s*Secure/i);
      assert.match(stateCookie, /HttpOnly/i);
    }
    assert.equal(nonces.size, 2, "each redirect has its own nonce");
  });

  test("azure-ad-hybrid's form POST callback checks the state (Chainlit's does not)", async () => {
    const form = (fields) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const url = `${plain.origin}/auth/oauth/azure-ad-hybrid/callback`;
    const noCookie = await request(new CookieJar(), url,
      form({ code: "abc", id_token: "x.y.z", state: "s".repeat(32) }));
    assert.equal(noCookie.status, 401);
    assert.match((await noCookie.json()).detail, /state cookie is missing/);
    const jar = new CookieJar();
    await start(jar, plain.origin, "azure-ad-hybrid");
    const forged = await request(jar, url, form({ code: "abc", id_token: "x.y.z", state: "f".repeat(32) }));
    assert.equal(forged.status, 401);
    assert.match((await forged.json()).detail, /state does not match/);
    const cleared = forged.headers.getSetCookie().find((c) => c.startsWith("oauth_state="));
    assert.match(cleared, /Max-Age=0/i);
    assert.match(cleared, /;\s*Secure/i, "cleared with the attributes it was set with");
    const declined = await request(new CookieJar(), url,
      form({ error: "access_denied", error_description: "The user declined" }));
    assert.equal(declined.status, 302);
    assert.equal(declined.headers.get("location"), `${plain.origin}/login?error=access_denied`);
  });
});

describe("state checks", () => {
  test("a state that does not match the cookie is 401", async () => {
    const jar = new CookieJar();
    await start(jar, plain.origin, "generic");
    const res = await request(jar,
      `${plain.origin}/auth/oauth/generic/callback?code=abc&state=${"x".repeat(32)}`);
    assert.equal(res.status, 401);
    assert.match((await res.json()).detail, /state does not match/);
    assert.equal(jar.get(plain.origin, "oauth_state"), undefined, "the state is spent");
  });

  test("no state cookie is 401", async () => {
    const res = await fetch(`${plain.origin}/auth/oauth/generic/callback?code=abc&state=abc`,
      { redirect: "manual" });
    assert.equal(res.status, 401);
    assert.match((await res.json()).detail, /state cookie is missing/);
  });

  test("no code or state is 400", async () => {
    const res = await fetch(`${plain.origin}/auth/oauth/generic/callback`, { redirect: "manual" });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { detail: "Missing code or state" });
  });
});

describe("provider errors", () => {
  test("an error sent back by the provider goes to the login page", async () => {
    // Keycloak-style config with prompt=none and no provider session: login_required.
    const jar = new CookieJar();
    const { location, query } = await start(jar, plain.origin, "keycloak");
    assert.equal(location.origin + location.pathname,
      `${provider.origin}${realmPath}/auth`);
    assert.equal(query.get("prompt"), "none");
    const back = await signInAtProvider(jar, provider, location.href, "alice");
    assert.match(back, /[?&]error=login_required/);
    const res = await request(jar, back);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), `${plain.origin}/login?error=login_required`);
  });

  test("a code the provider refuses is 401 with its error", async () => {
    const jar = new CookieJar();
    const { query } = await start(jar, plain.origin, "generic");
    const res = await request(jar,
      `${plain.origin}/auth/oauth/generic/callback?code=bogus&state=${query.get("state")}`);
    assert.equal(res.status, 401);
    assert.match((await res.json()).detail, /refused the token exchange: invalid_grant/);
  });

  test("an unreachable token endpoint is 502 with a detail", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar, deadToken.origin, "generic");
    const back = await signInAtProvider(jar, provider, location.href, "alice");
    const res = await request(jar, back);
    assert.equal(res.status, 502);
    assert.match((await res.json()).detail, /OAuth provider generic: token exchange failed/);
  });
});

describe("a misbehaving provider gets a clear error, never a crash", () => {
  const cases = [
    ["html500", 502, /token exchange answered HTTP 500/],
    ["huge", 502, /token exchange answer is larger than 1048576 bytes/],
    ["garbage", 502, /user info is not a JSON object/],
    ["array", 502, /user info is not a JSON object/],
    ["revoked", 401, /refused the access token for user info \(HTTP 401\)/],
  ];
  for (const [code, status, detail] of cases) {
    test(`code ${code}: ${status}`, async () => {
      const jar = new CookieJar();
      const { query } = await start(jar, broken.origin, "generic");
      const res = await request(jar,
        `${broken.origin}/auth/oauth/generic/callback?code=${code}&state=${query.get("state")}`);
      assert.equal(res.status, status);
      assert.match((await res.json()).detail, detail);
      assert.equal(jar.get(broken.origin, "access_token"), undefined);
    });
  }
  test("the app still serves after all that", async () => {
    const res = await fetch(`${broken.origin}/auth/config`);
    assert.equal(res.status, 200);
  });
});

describe("redirect URIs", () => {
  test("under --root-path, with the Keycloak config", async () => {
    const jar = new CookieJar();
    const base = `${rooted.origin}/chat`;
    const { location, query } = await start(jar, base, "keycloak");
    assert.equal(query.get("redirect_uri"), `${base}/auth/oauth/keycloak/callback`);
    assert.equal(query.get("client_id"), "chainlit-keycloak");
    assert.equal(query.get("scope"), "profile email openid");
    const back = await signInAtProvider(jar, provider, location.href, "alice");
    const res = await request(jar, back);
    assert.equal(res.status, 302, await res.clone().text());
    assert.equal(res.headers.get("location"), `${base}/login/callback?success=True`);
    const user = await (await request(jar, `${base}/user`)).json();
    assert.equal(user.identifier, "alice@example.com");
    assert.equal(user.metadata.provider, "keycloak");
    const socket = await connectSocket(rooted.origin, "/chat/ws/socket.io",
      jar.header(rooted.origin));
    socket.close();
  });

  test("behind a proxy: X-Forwarded-Proto, -Host and -Prefix", async () => {
    const jar = new CookieJar();
    const forwarded = {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "chat.example.test",
      "x-forwarded-prefix": "/prefix",
    };
    const { location, query, stateCookie } = await start(jar, plain.origin, "generic", forwarded);
    const callback = `${publicOrigin}/prefix/auth/oauth/generic/callback`;
    assert.equal(query.get("redirect_uri"), callback);
    assert.match(stateCookie, /Secure/i);
    const back = await signInAtProvider(jar, provider, location.href, "alice");
    assert.ok(back.startsWith(`${callback}?`), back);
    // The proxy forwards the public URL to the app without its prefix.
    const direct = `${plain.origin}/auth/oauth/generic/callback${new URL(back).search}`;
    const res = await request(jar, direct, { headers: forwarded });
    assert.equal(res.status, 302, await res.clone().text());
    assert.equal(res.headers.get("location"), `${publicOrigin}/prefix/login/callback?success=True`);
    assert.ok(jar.get(plain.origin, "access_token").attributes.some((a) => /^secure$/i.test(a)));
  });
});
