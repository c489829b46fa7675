// GET /openapi.json is a valid OpenAPI 3.1 document (checked by a real validator from npm) that
// describes the built-in and the app's routes; /docs serves Swagger UI from the binary; a config
// key turns both off.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { builtBinary, startAppProcess } from "../../support/app_process.mjs";
import { Validator } from "../../node/openapi_validator.mjs";

let app, url, off;

before(async () => {
  const bin = builtBinary("API_APP", "api_app");
  [app, off] = await Promise.all([
    startAppProcess(bin, [], { timeoutMs: 30_000 }),
    startAppProcess(bin, ["--no-docs"], { timeoutMs: 30_000 }),
  ]);
  url = `http://127.0.0.1:${app.port}`;
});
after(async () => {
  assert.equal(await app?.stop(), 0);
  assert.equal(await off?.stop(), 0);
});

async function document() {
  const res = await fetch(`${url}/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /application\/json/);
  return res.json();
}

test("the document is valid OpenAPI 3.1", async () => {
  const doc = await document();
  assert.equal(doc.openapi, "3.1.0");
  assert.equal(doc.info.title, "Api App");
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  // The validator is real: a broken document fails.
  const broken = structuredClone(doc);
  broken.paths["/stats"].get.responses = "none";
  assert.equal((await new Validator().validate(broken)).valid, false);
});

test("built-in routes are described, with auth and path parameters", async () => {
  const { paths } = await document();
  const completions = paths["/v1/chat/completions"].post;
  assert.equal(completions.tags[0], "openai");
  assert.deepEqual(completions.security, [{ bearerAuth: [] }, { cookieAuth: [] }]);
  assert.deepEqual(completions.requestBody.content["application/json"].schema.required, ["model", "messages"]);
  const thread = paths["/project/thread/{thread_id}"].get;
  assert.deepEqual(thread.parameters.map((p) => [p.name, p.in, p.required]), [["thread_id", "path", true]]);
  assert.ok(paths["/project/threads"].post.summary.length > 0);
  assert.ok(paths["/health"].get);
  // Not described: the UI's catch-all, HEAD routes and the reference itself.
  assert.equal(paths["/{path}"], undefined);
  assert.equal(paths["/docs"], undefined);
  assert.equal(paths["/openapi.json"], undefined);
});

test("app routes show their metadata, or at least their path parameters", async () => {
  const { paths } = await document();
  const stats = paths["/stats"].get;
  assert.equal(stats.summary, "How many runs finished or were cancelled");
  assert.deepEqual(stats.tags, ["test"]);
  assert.equal(stats.responses["200"].content["application/json"].schema.properties.finished.type, "integer");
  const items = paths["/items/{item_id}/parts/{rest}"].get;
  assert.deepEqual(items.tags, ["app"]);
  assert.deepEqual(items.parameters.map((p) => p.name), ["item_id", "rest"]);
  const whoami = paths["/whoami"].get;
  assert.ok(whoami.security, "an authenticated app route says so");
  assert.ok(whoami.responses["401"]);
  assert.ok(paths["/ask-self"].post);
});

test("/docs serves Swagger UI from the binary", async () => {
  const page = await fetch(`${url}/docs`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<title>Api App - API reference<\/title>/);
  const bundle = await fetch(`${url}/docs/swagger-ui-bundle.js`);
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("content-type"), /javascript/);
  assert.ok((await bundle.text()).includes("SwaggerUIBundle"));
  const css = await fetch(`${url}/docs/swagger-ui.css`);
  assert.equal(css.status, 200);
  assert.match(await (await fetch(`${url}/docs/init.js`)).text(), /\/openapi\.json/);
  // Only those files: nothing else of the binary or the disk.
  assert.equal((await fetch(`${url}/docs/index.html`)).status, 404);
  assert.doesNotMatch(await (await fetch(`${url}/docs/..%2F..%2Fetc%2Fpasswd`)).text(), /root:/);
});

test("[features] api_docs = false turns both off", async () => {
  const base = `http://127.0.0.1:${off.port}`;
  for (const path of ["/openapi.json", "/docs", "/docs/swagger-ui.css"]) {
    const res = await fetch(`${base}${path}`);
    assert.equal(res.status, 404, path);
    assert.match((await res.json()).detail, /api_docs/);
  }
});
