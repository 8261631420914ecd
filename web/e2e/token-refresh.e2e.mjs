// End-to-end test of token renewal in a real browser, against a gateway with auth on, no clock skew
// and a short grace after expiry (HERALD_AUTH_CLOCK_SKEW_SECONDS=0, HERALD_AUTH_EXPIRY_GRACE_MS=2000):
//
//   HERALD_URL=http://127.0.0.1:9080/ HERALD_SECRET=... HERALD_GRACE_MS=2000 node web/e2e/token-refresh.e2e.mjs
//
// A page on the gateway's origin follows a job with herald-client.js, a tokenProvider (tokens minted
// here, short-lived) and the client's manual clock (the FakeClock of the unit tests, started at the
// real time): the test moves the clock to the renewal point and sees the `refresh` go out on the same
// socket; then real time runs past the first token's expiry and grace, and the page is still
// connected and shows new events. Then a token left to expire: the gateway's TOKEN_EXPIRED makes the
// client ask the provider at once, and the connection survives the grace too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, assertShownExactly, gatewayUrl, launchBrowser, publish, runPhases, token, waitForSeq } from "./support.mjs";

const GATEWAY = gatewayUrl();
const SECRET = process.env.HERALD_SECRET || (() => { throw new Error("HERALD_SECRET is required"); })();
const GRACE_MS = Number(process.env.HERALD_GRACE_MS || 2000);
const JOB = "browser-refresh-" + Date.now().toString(36);
const here = path.dirname(fileURLToPath(import.meta.url));
const FAKES = readFileSync(path.join(here, "../test/fakes.mjs"), "utf8");
const publisher = token(SECRET, { scope: "publish", jobs: [JOB] });

// the test page: served by the browser's router on the gateway's origin, so it loads the
// gateway's own /herald-client.js and connects to its /realtime
const PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Token renewal</title>
<p>Connection: <span id="connection" data-state="idle">idle</span></p>
<ol id="events"></ol>
<script type="module">
  import { HeraldClient } from "/herald-client.js";
  import { FakeClock } from "/__test__/fakes.mjs";
  const clock = new FakeClock();
  clock.time = Date.now(); // the manual clock starts at the real time, then moves only when the test says
  window.clock = clock;
  window.refreshed = [];
  window.clientErrors = [];
  const client = new HeraldClient({ tokenProvider: () => window.mintToken(), timers: clock.api, pingIntervalMs: 3_600_000 });
  window.heraldClient = client;
  client.on("refreshed", (r) => window.refreshed.push(r));
  client.on("error", (e) => window.clientErrors.push(e.code));
  client.on("state", (s) => {
    const box = document.getElementById("connection");
    box.dataset.state = s.state;
    box.textContent = s.state;
  });
  client.subscribe(${JSON.stringify(JOB)}, {
    onEvent: (e) => {
      const li = document.createElement("li");
      li.dataset.seq = String(e.seq);
      li.textContent = "#" + e.seq + " " + e.eventType;
      document.getElementById("events").append(li);
    },
  });
  client.connect();
</script>
</html>`;

await runPhases("token-refresh", async (ctx) => {
  const { phase, log } = ctx;
  log(`gateway ${GATEWAY.href} (auth on, grace ${GRACE_MS} ms), job ${JOB}`);
  const { page, errors, frames } = await launchBrowser(ctx);
  const minted = []; // {ttlSeconds, exp} of every token handed to the page
  let nextTtl = 8;
  await page.exposeFunction("mintToken", () => {
    const ttlSeconds = nextTtl;
    const jwt = token(SECRET, { scope: "subscribe", jobs: [JOB], ttlSeconds });
    minted.push({ ttlSeconds, exp: JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()).exp });
    return jwt;
  });
  await page.route(new URL("__test__/token-refresh.html", GATEWAY).href,
    (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
  await page.route(new URL("__test__/fakes.mjs", GATEWAY).href,
    (route) => route.fulfill({ contentType: "text/javascript", body: FAKES }));
  const sent = (type) => frames.sent.filter((f) => f.type === type);
  const received = (type) => frames.received.filter((f) => f.type === type);
  const advance = (ms) => page.evaluate((n) => window.clock.advance(n), ms);
  const waitUntil = async (what, condition, timeout = 15_000) => {
    const deadline = Date.now() + timeout;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; sent ${JSON.stringify(frames.sent.map((f) => f.type))}, received ${JSON.stringify(frames.received.map((f) => f.type + (f.code ? ":" + f.code : "")))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  await phase("the page follows the job with an 8 s token from its provider", async () => {
    await publish(GATEWAY, JOB, "job.started", {}, publisher);
    await publish(GATEWAY, JOB, "job.progress", { percent: 20 }, publisher);
    await page.goto(new URL("__test__/token-refresh.html", GATEWAY).href);
    await page.waitForFunction(() => document.getElementById("connection").dataset.state === "open");
    await waitForSeq(page, 2);
    assert.equal(minted.length, 1);
    assert.equal(frames.sockets, 1);
  });

  await phase("on the manual clock: no renewal 3 s in; half-way to expiry (3.5 to 4 s) the new token goes out on the same socket", async () => {
    nextTtl = 60;
    await advance(3_000);
    assert.equal(sent("refresh").length, 0, "not renewed yet");
    await advance(1_500);
    await waitUntil("a refresh frame", () => sent("refresh").length === 1);
    await waitUntil("refreshed", () => received("refreshed").length === 1);
    const reply = received("refreshed")[0];
    assert.equal(reply.id, sent("refresh")[0].id);
    assert.equal(Date.parse(reply.expiresAt) / 1000, minted[1].exp, "the gateway reports the new token's expiry");
    assert.equal(frames.sockets, 1, "renewed without reconnecting");
  });

  await phase("real time runs past the first token's expiry and grace: the page is still connected and following", async () => {
    const graceOver = minted[0].exp * 1000 + GRACE_MS + 1_000;
    await page.waitForTimeout(Math.max(0, graceOver - Date.now()));
    assert.deepEqual(received("error"), [], "no TOKEN_EXPIRED, no close");
    assert.equal(await page.getAttribute("#connection", "data-state"), "open");
    await publish(GATEWAY, JOB, "job.progress", { percent: 60 }, publisher);
    await waitForSeq(page, 3);
    await assertShownExactly(page, 3);
    assert.equal(frames.sockets, 1);
  });

  await phase("a token left to expire: TOKEN_EXPIRED, the provider is asked at once, the connection survives the grace", async () => {
    nextTtl = 3;
    await page.evaluate(() => window.heraldClient.refreshToken()); // a 3 s token, the manual clock stands still
    await waitUntil("the 3 s token in force", () => received("refreshed").length === 2);
    nextTtl = 60;
    const expiredAt = minted[2].exp * 1000;
    await waitUntil("TOKEN_EXPIRED", () => received("error").some((f) => f.code === "TOKEN_EXPIRED"), expiredAt - Date.now() + 10_000);
    await waitUntil("the renewal after TOKEN_EXPIRED", () => received("refreshed").length === 3);
    assert.equal(minted.length, 4);
    await page.waitForTimeout(Math.max(0, expiredAt + GRACE_MS + 1_000 - Date.now()));
    assert.equal(await page.getAttribute("#connection", "data-state"), "open");
    assert.equal(frames.sockets, 1);
    await publish(GATEWAY, JOB, "job.completed", { progress: 1 }, publisher);
    await waitForSeq(page, 4);
    await assertShownExactly(page, 4);
    assert.deepEqual(await page.evaluate(() => window.clientErrors), ["TOKEN_EXPIRED"]);
  });

  await phase("no page errors; screenshot saved", async () => {
    assert.deepEqual(errors, []);
    const file = path.join(ARTIFACTS, "token-refresh.png");
    await page.screenshot({ path: file, fullPage: true });
    log(`screenshot: ${file}`);
  });
});
