// End-to-end test of the live job page in headless Chromium, against a running gateway (auth off).
//
//   HERALD_URL=http://127.0.0.1:9080/ node web/e2e/job-page.e2e.mjs
//
// The browser reaches the gateway through a TCP proxy of this script, so the test can cut the
// page's connection (the browser sees 1006) and refuse new ones while it publishes. With
// HERALD_CONTROL=stdio the script also has its parent restart the gateway: it prints
// "@@herald:restart" and waits for "@@herald:restarted" on stdin (JobPageBrowserIT does that).
// Other settings: HERALD_ARTIFACTS (screenshots; default ../distribution/target/browser),
// CHROMIUM_PATH (default /usr/bin/chromium). Exit code 0 when every check passed.
import assert from "node:assert/strict";
import path from "node:path";
import readline from "node:readline";
import {
  ARTIFACTS, CHROMIUM, assertShownExactly, contrastFailures, gatewayUrl, launchBrowser, publish, runPhases, shownSeqs,
  startProxy, waitForSeq, waitForState, waitForText,
} from "./support.mjs";

const GATEWAY = gatewayUrl();
const CONTROL = process.env.HERALD_CONTROL === "stdio";
const JOB = "browser-" + Date.now().toString(36);

await runPhases("job-page", async (ctx) => {
  const { phase, log } = ctx;
  const proxy = await startProxy(ctx, GATEWAY);
  log(`gateway ${GATEWAY.href}, browser through ${proxy.url}, job ${JOB}, chromium ${CHROMIUM}`);
  const { page, errors, frames } = await launchBrowser(ctx);
  const send = (eventType, payload) => publish(GATEWAY, JOB, eventType, payload);
  const subscribesOfJob = () => frames.sent.filter((f) => f.type === "subscribe" && f.jobId === JOB);

  await phase("the gateway serves the client library as JavaScript and the page at /", async () => {
    const lib = await fetch(new URL("herald-client.js", GATEWAY));
    assert.equal(lib.status, 200);
    assert.match(lib.headers.get("content-type") || "", /^(text|application)\/(x-)?(java|ecma)script\b/, "a module script needs a JavaScript MIME type");
    assert.match(await lib.text(), /export class HeraldClient/);
    const index = await fetch(GATEWAY);
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type") || "", /^text\/html/);
  });

  await phase("two events stored before the page opens", async () => {
    assert.equal(await send("job.started", { title: "Browser test" }), 1);
    assert.equal(await send("job.progress", { progress: 0.1, step: "outline" }), 2);
  });

  await phase("open / and follow the job with the keyboard; the stored events are replayed", async () => {
    await page.goto(proxy.url);
    await waitForState(page, "open");
    const input = page.getByLabel("Job id");
    assert.equal(await input.evaluate((e) => e === document.activeElement), true, "the job id field has the focus");
    await input.fill(JOB);
    await input.press("Enter");
    await waitForSeq(page, 2);
    await assertShownExactly(page, 2);
    assert.equal(await page.textContent("#progress-text"), "10%");
    assert.deepEqual(await page.$$eval("#events li .tag", (t) => t.map((x) => x.textContent)), ["replay", "replay"]);
    await waitForText(page, "#job-status", /^active$/);
    assert.equal(new URL(page.url()).hash, "#job=" + JOB);
  });

  await phase("the test form publishes; the event arrives live and moves the progress bar", async () => {
    await page.getByLabel("Event type").fill("job.progress");
    await page.getByLabel("Payload (JSON)").fill('{"percent": 40, "step": "chapter 1"}');
    await page.getByRole("button", { name: "Publish" }).focus();
    await page.keyboard.press("Enter");
    await waitForSeq(page, 3);
    await assertShownExactly(page, 3);
    assert.equal(await page.textContent("#progress-text"), "40%");
    assert.equal(Number(await page.getAttribute("#progress", "value")), 40);
    assert.equal(await page.textContent("#events li:last-child .tag"), "live");
    assert.match(await page.textContent("#publish-result"), /Stored as seq 3/);
  });

  await phase("accessibility basics: labelled fields, a live event list, text contrast >= 4.5:1", async () => {
    const unlabelled = await page.$$eval("input, textarea, select, progress", (els) => els
      .filter((e) => e.type !== "hidden" && e.labels.length === 0 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
      .map((e) => e.id || e.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
    assert.equal(await page.getAttribute("#events", "aria-live"), "polite");
    assert.equal(await page.getAttribute("#connection", "role"), "status");
    assert.deepEqual(await page.evaluate(contrastFailures), [], "text with a contrast ratio under 4.5:1");
  });

  await phase("connection cut (1006), 5 events published while the page cannot connect: resumed, each shown once, in order", async () => {
    const before = subscribesOfJob().length;
    proxy.refuse(true);
    proxy.cut();
    await waitForState(page, "reconnecting", 10_000);
    for (let i = 1; i <= 5; i++) await send("job.progress", { percent: 40 + i * 5, step: `offline ${i}` });
    await page.waitForTimeout(300); // the page keeps retrying against the refusing proxy meanwhile
    assert.deepEqual(await shownSeqs(page), [1, 2, 3], "nothing arrives while cut off");
    proxy.refuse(false);
    await waitForSeq(page, 8, 20_000);
    await page.waitForTimeout(500); // time for a duplicate to show up, if the client let one through
    await assertShownExactly(page, 8);
    const resume = subscribesOfJob().slice(before);
    assert.ok(resume.length >= 1, "the page re-subscribed");
    assert.equal(resume[0].afterSeq, 3, "re-subscribed after the last seq it showed");
    assert.deepEqual(await page.$$eval("#events li .tag", (t) => t.slice(3).map((x) => x.textContent)), Array(5).fill("replay"));
    assert.equal(await page.textContent("#progress-text"), "65%");
  });

  if (CONTROL) {
    await phase("gateway restart (SIGTERM: SHUTTING_DOWN, 1001) with events published before, and after it while the page is still away", async () => {
      const before = subscribesOfJob().length;
      await send("job.progress", { percent: 70, step: "before the restart" }); // 9
      await waitForSeq(page, 9);
      proxy.refuse(true); // the page's attempts fail until the events below are stored
      await restartGateway();
      assert.ok(frames.received.some((f) => f.type === "error" && f.code === "SHUTTING_DOWN"), "the page was told SHUTTING_DOWN");
      for (let i = 1; i <= 3; i++) await send("job.progress", { percent: 70 + i * 8, step: `after restart ${i}` }); // 10..12
      assert.deepEqual((await shownSeqs(page)).slice(-1), [9]);
      proxy.refuse(false);
      await waitForSeq(page, 12, 60_000);
      await send("job.completed", { progress: 1 }); // 13, live
      await waitForSeq(page, 13);
      await page.waitForTimeout(500);
      await assertShownExactly(page, 13);
      const resume = subscribesOfJob().slice(before);
      assert.equal(resume.at(-1).afterSeq, 9, "resumed after the last seq it showed before the restart");
      assert.deepEqual(await page.$$eval("#events li .tag", (t) => t.slice(9).map((x) => x.textContent)), ["replay", "replay", "replay", "live"]);
      assert.equal(await page.textContent("#progress-text"), "100%");
      await waitForText(page, "#job-status", /^completed$/); // the status is read again on a terminal event
    });
  } else {
    log("skipped: gateway restart (set HERALD_CONTROL=stdio and answer @@herald:restart to run it)");
    await send("job.completed", { progress: 1 });
    await waitForSeq(page, 9);
    await assertShownExactly(page, 9);
  }

  await phase("no page errors; screenshot saved", async () => {
    await waitForState(page, "open");
    assert.deepEqual(errors, []);
    await page.evaluate(() => {
      document.getElementById("log-box").open = true;
      const box = document.querySelector(".events-box");
      box.style.maxHeight = "none"; // the whole list in the picture
    });
    const file = path.join(ARTIFACTS, "job-page.png");
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
