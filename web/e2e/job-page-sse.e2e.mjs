// End-to-end test of the live job page with transport "auto" behind a proxy that breaks WebSocket,
// in headless Chromium, against a running gateway (auth off).
//
//   HERALD_URL=http://127.0.0.1:9080/ HERALD_CONTROL=stdio node web/e2e/job-page-sse.e2e.mjs
//
// The browser reaches the gateway through an HTTP proxy of this script that forwards every request
// (streaming the responses) but drops the Upgrade header's requests, as corporate proxies that
// break WebSocket do. The page (/?transport=auto) must find that its WebSocket cannot be opened,
// follow the job over Server-Sent Events, show every event once and in order, and resume after a
// gateway restart (HERALD_CONTROL=stdio: "@@herald:restart", then "@@herald:restarted" on stdin).
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import {
  ARTIFACTS, CHROMIUM, assertShownExactly, gatewayUrl, launchBrowser, publish, runPhases, shownSeqs, waitForSeq,
  waitForState, waitForText,
} from "./support.mjs";

const GATEWAY = gatewayUrl();
const CONTROL = process.env.HERALD_CONTROL === "stdio";
const JOB = "browser-sse-" + Date.now().toString(36);

/** An HTTP proxy that forwards plain requests and refuses every WebSocket upgrade (drops the connection). */
function startUpgradeRefusingProxy(ctx, target) {
  const counts = { upgrades: 0, streams: 0, streamUrls: [] };
  const server = http.createServer((req, res) => {
    if (/\/stream(\?|$)/.test(req.url)) {
      counts.streams += 1;
      counts.streamUrls.push(req.url);
    }
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
    upstream.on("error", () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  // what a proxy that strips the Upgrade header leaves of a WebSocket handshake: nothing
  server.on("upgrade", (req, socket) => { counts.upgrades += 1; socket.destroy(); });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const proxy = {
      url: `http://127.0.0.1:${server.address().port}/`,
      counts,
      close() { server.closeAllConnections?.(); return new Promise((r) => server.close(r)); },
    };
    ctx.cleanups.push(() => proxy.close());
    resolve(proxy);
  }));
}

await runPhases("job-page-sse", async (ctx) => {
  const { phase, log } = ctx;
  const proxy = await startUpgradeRefusingProxy(ctx, GATEWAY);
  log(`gateway ${GATEWAY.href}, browser through ${proxy.url} (WebSocket refused), job ${JOB}, chromium ${CHROMIUM}`);
  const { page, errors } = await launchBrowser(ctx);
  const send = (eventType, payload) => publish(GATEWAY, JOB, eventType, payload);

  await phase("two events stored before the page opens", async () => {
    assert.equal(await send("job.started", { title: "SSE browser test" }), 1);
    assert.equal(await send("job.progress", { progress: 0.1, step: "outline" }), 2);
  });

  await phase("/?transport=auto: two WebSocket attempts fail, the page says it follows over Server-Sent Events", async () => {
    await page.goto(proxy.url + "?transport=auto#job=" + JOB);
    await waitForText(page, "#transport", /Server-Sent Events/, 30_000);
    assert.equal(await page.evaluate(() => window.heraldClient.transport), "sse");
    assert.ok(proxy.counts.upgrades >= 2, `the WebSocket was tried twice (${proxy.counts.upgrades})`);
    await waitForState(page, "open");
  });

  await phase("the stored events are replayed over the stream, then a live one arrives", async () => {
    await waitForSeq(page, 2);
    assert.deepEqual(await page.$$eval("#events li .tag", (t) => t.map((x) => x.textContent)), ["replay", "replay"]);
    await send("job.progress", { percent: 40, step: "chapter 1" });
    await waitForSeq(page, 3);
    await assertShownExactly(page, 3);
    assert.equal(await page.textContent("#events li:last-child .tag"), "live");
    assert.equal(await page.textContent("#progress-text"), "40%");
    assert.ok(proxy.counts.streams >= 1);
  });

  await phase("publishing from the client is refused with a clear error over SSE (the page's form uses REST)", async () => {
    const refusal = await page.evaluate(() => window.heraldClient.publish("chat:room", "said", {}).then(() => null, (e) => e.code + ": " + e.message));
    assert.match(refusal, /^TRANSPORT_UNSUPPORTED: publish needs the WebSocket transport/);
  });

  if (CONTROL) {
    await phase("gateway restart: the stream ends with SHUTTING_DOWN, the page comes back over SSE and resumes exactly", async () => {
      const before = proxy.counts.streamUrls.length;
      await restartGateway();
      for (let i = 1; i <= 3; i++) await send("job.progress", { percent: 40 + i * 15, step: `after restart ${i}` }); // 4..6
      await waitForSeq(page, 6, 60_000);
      await send("job.completed", { progress: 1 }); // 7, live
      await waitForSeq(page, 7);
      await page.waitForTimeout(500); // time for a duplicate to show up, if the client let one through
      await assertShownExactly(page, 7);
      const resumed = proxy.counts.streamUrls.slice(before).filter((u) => u.includes("/api/jobs/" + JOB + "/stream"));
      assert.ok(resumed.length >= 1, "the page opened its stream again");
      assert.ok(resumed.every((u) => new URL(u, "http://x").searchParams.get("afterSeq") === "3"),
        `every stream after the restart resumed after seq 3: ${JSON.stringify(resumed)}`);
      assert.equal(await page.evaluate(() => window.heraldClient.transport), "sse");
      assert.equal(await page.textContent("#progress-text"), "100%");
    });
  } else {
    log("skipped: gateway restart (set HERALD_CONTROL=stdio and answer @@herald:restart to run it)");
  }

  await phase("no page errors; screenshot saved", async () => {
    await waitForState(page, "open");
    // a refused stream and a gateway that is away log as EventSource errors: expected here
    assert.deepEqual(errors.filter((e) => !/EventSource|event-stream/.test(e)), []);
    log(`shown: ${JSON.stringify(await shownSeqs(page))}; WebSocket attempts ${proxy.counts.upgrades}, streams ${proxy.counts.streams}`);
    const file = path.join(ARTIFACTS, "job-page-sse.png");
    await page.screenshot({ path: file, fullPage: true });
    log(`screenshot: ${file}`);
  });
});

async function restartGateway() {
  const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  console.log("@@herald:restart");
  let timer;
  const next = await Promise.race([
    lines.next(),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("no @@herald:restarted within 300 s")), 300_000); }),
  ]);
  clearTimeout(timer);
  assert.equal(next.value?.trim(), "@@herald:restarted", "the parent restarts the gateway");
}
