// A real OpenID Connect provider (oidc-provider) on loopback, the C++ oauth_test_app, and a
// browser-free "browser": fetch with manual redirects and a cookie jar per origin, which fills
// in oidc-provider's dev-interaction login and consent forms.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "oidc-provider"))) {
  throw new Error(
    "tests/node/oauth/node_modules is missing: run scripts/bootstrap (or `npm ci` in tests/node/oauth)");
}
const { default: Provider } = await import("oidc-provider");
const { io } = await import("socket.io-client");
export { io };

export const secret = "oauth-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
/// Where the provider is mounted: Keycloak's layout, so the Keycloak config finds it.
export const realmPath = "/realms/test/protocol/openid-connect";

/// Logins the provider knows. Any password works (dev interactions).
const accounts = {
  alice: { email: "alice@example.com", name: "Alice Liddell", picture: "https://img.test/alice.png" },
  refused: { email: "refused@example.com", name: "Refused" },
  noemail: { name: "No Email" },
};

/// Starts the provider's HTTP server first (its port goes into the app's environment); the
/// provider itself is configured later by configure(), once the apps' redirect URIs are known.
export async function startProviderServer() {
  let handler = (req, res) => { res.statusCode = 503; res.end("provider not configured yet"); };
  const server = createServer((req, res) => {
    if (!req.url.startsWith(realmPath)) { res.statusCode = 404; res.end(); return; }
    // Mounted under the realm path, as oidc-provider documents for a sub-path.
    req.originalUrl = req.url;
    req.url = req.url.slice(realmPath.length) || "/";
    handler(req, res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = origin + realmPath;
  return {
    origin,
    issuer,
    configure(clients) {
      const provider = new Provider(issuer, {
        clients,
        claims: { openid: ["sub"], email: ["email"], profile: ["name", "picture"] },
        routes: { authorization: "/auth", token: "/token", userinfo: "/userinfo" },
        cookies: { keys: ["oauth-test-cookie-key"] },
        features: { devInteractions: { enabled: true } },
        async findAccount(ctx, sub) {
          const a = accounts[sub];
          if (!a) return undefined;
          return { accountId: sub, async claims() { return { sub, ...a }; } };
        },
      });
      handler = provider.callback();
    },
    close() { return new Promise((r) => server.close(() => r())); },
  };
}

/// The C++ app, with `env` added to the environment; resolves once it printed its port.
export async function startApp(args = [], env = {}) {
  const bin = builtBinary("OAUTH_TEST_APP", "oauth_test_app");
  const app = await startAppProcess(bin, args, { env: { CHAINLIT_AUTH_SECRET: secret, ...env } });
  return { ...app, origin: `http://127.0.0.1:${app.port}` };
}

/// Cookies per origin (scheme://host:port), as Set-Cookie headers left them.
export class CookieJar {
  constructor() { this.jars = new Map(); }
  jar(origin) {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin);
  }
  store(origin, response) {
    const jar = this.jar(origin);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith("max-age="));
      if (value === "" || (maxAge && Number(maxAge.slice(8)) <= 0)) jar.delete(name);
      else jar.set(name, { value, attributes: attrs.map((a) => a.trim()) });
    }
  }
  header(origin) {
    return [...this.jar(origin)].map(([k, v]) => `${k}=${v.value}`).join("; ");
  }
  get(origin, name) { return this.jar(origin).get(name); }
}

/// One request with the jar's cookies for its origin; no redirect is followed.
export async function request(jar, url, { method = "GET", headers = {}, body, origin } = {}) {
  const u = new URL(url);
  const key = origin ?? u.origin;
  const cookie = jar.header(key);
  const res = await fetch(u, {
    method,
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...headers },
    body,
  });
  jar.store(key, res);
  return res;
}

/// Follows the provider's pages from `authorizeUrl` until it redirects outside the provider
/// (to the app's callback), logging in as `login` and consenting. Returns that redirect URL.
export async function signInAtProvider(jar, provider, authorizeUrl, login) {
  let url = authorizeUrl;
  for (let step = 0; step < 12; step++) {
    if (!url.startsWith(provider.origin)) return url;
    const res = await request(jar, url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location"), url).href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form in: ${html.slice(0, 300)}`);
    const form = new URLSearchParams({ prompt });
    if (prompt === "login") { form.set("login", login); form.set("password", "any"); }
    const submit = await request(jar, new URL(action.replaceAll("&amp;", "&"), url).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    if (submit.status < 300 || submit.status >= 400) {
      throw new Error(`interaction submit answered ${submit.status}: ${await submit.text()}`);
    }
    url = new URL(submit.headers.get("location"), url).href;
  }
  throw new Error("the provider did not redirect back within 12 steps");
}

/// A connected socket.io-client socket sending `cookie`; rejects on connect_error.
export function connectSocket(origin, path, cookie) {
  const socket = io(origin, {
    path,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
    auth: { clientType: "webapp", sessionId: randomUUID(), threadId: "", userEnv: "{}", chatProfile: "" },
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.close(); reject(new Error("socket connect timed out")); }, 10000);
    socket.once("connect", () => { clearTimeout(t); resolve(socket); });
    socket.once("connect_error", (err) => { clearTimeout(t); socket.close(); reject(err); });
  });
}
