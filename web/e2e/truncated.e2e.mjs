// End-to-end test of `truncated` in a real browser, against a gateway whose admin endpoints answer
// loopback callers (auth off, the test runs on the same host):
//
//   HERALD_URL=http://127.0.0.1:9080/ node web/e2e/truncated.e2e.mjs
//
// A page on the gateway's origin follows a job with herald-client.js on the client's manual clock
// (the FakeClock of the unit tests: the reconnect backoff passes when the test says, not by
// waiting). The page closes its connection; meanwhile events are published and an operator deletes
// the older ones (DELETE /api/admin/jobs/{jobId}/events?beforeSeq=N). When the page reconnects, the
// gateway answers its resume with `truncated`: the client calls onTruncated once with the seq it
// resumed from and the first seq still stored, and the page reloads the job's snapshot, then shows
// the stored events from there, each once. Then the live job page (app.js) opened on the job logs
// the truncation in its connection log.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, gatewayUrl, launchBrowser, publish, runPhases, shownSeqs, waitForSeq, waitForText } from "./support.mjs";

const GATEWAY = gatewayUrl();
const JOB = "browser-truncated-" + Date.now().toString(36);
const here = path.dirname(fileURLToPath(import.meta.url));
const FAKES = readFileSync(path.join(here, "../test/fakes.mjs"), "utf8");

const PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Truncated</title>
<p>Connection: <span id="connection" data-state="idle">idle</span></p>
<p>Stored events: <span id="count">?</span></p>
<ol id="events"></ol>
<script type="module">
  import { HeraldClient } from "/herald-client.js";
  import { FakeClock } from "/__test__/fakes.mjs";
  const clock = new FakeClock();
  clock.time = Date.now();
  window.clock = clock;
  window.truncations = [];
  window.subscribed = [];
  const client = new HeraldClient({ timers: clock.api, pingIntervalMs: 3_600_000 });
  window.heraldClient = client;
  const job = ${JSON.stringify(JOB)};
  async function reloadSnapshot() {
    const response = await fetch("/api/jobs/" + job);
    document.getElementById("count").textContent = response.ok ? String((await response.json()).eventCount) : "none";
  }
  window.reloadSnapshot = reloadSnapshot;
  client.on("state", (s) => {
    const box = document.getElementById("connection");
    box.dataset.state = s.state;
    box.textContent = s.state;
  });
  client.subscribe(job, {
    onSubscribed: (info) => window.subscribed.push(info),
    onTruncated: (t) => { window.truncations.push(t); reloadSnapshot(); },
    onEvent: (e) => {
      const li = document.createElement("li");
      li.dataset.seq = String(e.seq);
      li.textContent = "#" + e.seq + " " + e.eventType;
      document.getElementById("events").append(li);
    },
    onCaughtUp: () => reloadSnapshot(),
  });
  client.connect();
</script>
</html>`;

async function deleteBefore(beforeSeq) {
  const response = await fetch(new URL(`api/admin/jobs/${JOB}/events?beforeSeq=${beforeSeq}`, GATEWAY), { method: "DELETE" });
  const body = await response.json();
  assert.equal(response.status, 200, `the delete answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

await runPhases("truncated", async (ctx) => {
  const { phase, log } = ctx;
  log(`gateway ${GATEWAY.href}, job ${JOB}`);
  const { page, errors, frames } = await launchBrowser(ctx);
  await page.route(new URL("__test__/truncated.html", GATEWAY).href,
    (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
  await page.route(new URL("__test__/fakes.mjs", GATEWAY).href,
    (route) => route.fulfill({ contentType: "text/javascript", body: FAKES }));

  await phase("the page follows the job: 3 events, nothing deleted", async () => {
    for (let i = 1; i <= 3; i++) await publish(GATEWAY, JOB, "job.progress", { percent: i * 10 });
    await page.goto(new URL("__test__/truncated.html", GATEWAY).href);
    await waitForSeq(page, 3);
    const first = (await page.evaluate(() => window.subscribed))[0];
    assert.equal(first.firstSeq, 1);
    assert.equal(first.truncated, false);
    assert.deepEqual(await page.evaluate(() => window.truncations), []);
  });

  await phase("offline, events 4..10 are published and an operator deletes seqs 1..7", async () => {
    await page.evaluate(() => window.heraldClient.close());
    for (let i = 4; i <= 10; i++) await publish(GATEWAY, JOB, "job.progress", { percent: i * 10 });
    assert.deepEqual(await deleteBefore(8), { jobId: JOB, deleted: 7, firstSeq: 8, headSeq: 10 });
  });

  await phase("the resume from seq 3 is truncated: onTruncated once, the snapshot reloaded, events 8..10 shown once", async () => {
    await page.evaluate(() => window.heraldClient.connect());
    await page.evaluate(() => window.clock.advance(60_000)); // any backoff is over on the manual clock
    await waitForSeq(page, 10);
    assert.deepEqual(await page.evaluate(() => window.truncations), [{ jobId: JOB, afterSeq: 3, firstSeq: 8 }]);
    const subscribed = frames.received.filter((f) => f.type === "subscribed");
    assert.deepEqual(subscribed.map((f) => [f.afterSeq, f.firstSeq, f.truncated]), [[0, 1, false], [3, 8, true]]);
    assert.deepEqual(await shownSeqs(page), [1, 2, 3, 8, 9, 10]);
    await waitForText(page, "#count", /^3$/);
    assert.equal(frames.sent.filter((f) => f.type === "subscribe").length, 2, "no resubscribe loop over the deleted seqs");
  });

  await phase("live events go on after it", async () => {
    await publish(GATEWAY, JOB, "job.completed", { progress: 1 });
    await waitForSeq(page, 11);
    assert.deepEqual(await shownSeqs(page), [1, 2, 3, 8, 9, 10, 11]);
  });

  await phase("the live job page logs the truncation of a job whose first events are gone", async () => {
    await page.goto(new URL("/#job=" + encodeURIComponent(JOB), GATEWAY).href);
    await waitForSeq(page, 11);
    await page.evaluate(() => { document.getElementById("log-box").open = true; });
    await waitForText(page, "#log", /deleted by retention; continuing at seq 8/);
    assert.deepEqual(await shownSeqs(page), [8, 9, 10, 11]);
  });

  await phase("no page errors; screenshot saved", async () => {
    assert.deepEqual(errors, []);
    const file = path.join(ARTIFACTS, "truncated.png");
    await page.screenshot({ path: file, fullPage: true });
    log(`screenshot: ${file}`);
  });
});
