// End-to-end test of the live job page against a gateway with auth on (REALTIME_SHARED_SECRET set).
//
//   HERALD_URL=http://127.0.0.1:9080/ HERALD_SECRET=... node web/e2e/job-page-auth.e2e.mjs
//
// Without a token the page stops at UNAUTHORIZED (no reconnect loop), asks for a token and hides
// the publish form; with a subscribe token it follows the job and reads its status with the
// bearer token; a token for another job, pasted while connected, is renewed in place and the
// job withdrawn (FORBIDDEN); a token without publish scope cannot publish.
import assert from "node:assert/strict";
import path from "node:path";
import {
  ARTIFACTS, assertShownExactly, gatewayUrl, launchBrowser, publish, runPhases, token, waitForSeq, waitForState, waitForText,
} from "./support.mjs";

const GATEWAY = gatewayUrl();
const SECRET = process.env.HERALD_SECRET || (() => { throw new Error("HERALD_SECRET is required"); })();
const JOB = "browser-auth-" + Date.now().toString(36);
const publisher = token(SECRET, { scope: "publish", jobs: [JOB] });
const viewer = token(SECRET, { scope: "subscribe", jobs: [JOB] });
const stranger = token(SECRET, { scope: "subscribe publish", jobs: ["some-other-job"] });

await runPhases("job-page-auth", async (ctx) => {
  const { phase, log } = ctx;
  log(`gateway ${GATEWAY.href} (auth on), job ${JOB}`);
  const { page, errors, frames } = await launchBrowser(ctx);

  await phase("publishing needs a token; with one it is stored", async () => {
    const refused = await fetch(new URL(`api/jobs/${JOB}/events`, GATEWAY), {
      method: "POST", headers: { "content-type": "application/json" }, body: '{"eventType":"job.started","payload":{}}',
    });
    assert.equal(refused.status, 401);
    assert.equal(await publish(GATEWAY, JOB, "job.started", {}, publisher), 1);
    assert.equal(await publish(GATEWAY, JOB, "job.progress", { percent: 25 }, publisher), 2);
  });

  await phase("without a token: UNAUTHORIZED, no reconnect loop, the page asks for a token and hides the publish form", async () => {
    await page.goto(new URL("#job=" + JOB, GATEWAY).href);
    await waitForState(page, "closed");
    assert.match(await page.textContent("#connection-text"), /token/);
    assert.ok(frames.received.some((f) => f.type === "error" && f.code === "UNAUTHORIZED"));
    assert.equal(await page.getAttribute("#auth", "open"), "", "the token field is shown");
    assert.equal(await page.evaluate(() => document.activeElement.id), "token", "and focused");
    assert.equal(await page.isHidden("#publish"), true);
    await waitForText(page, "#job-status", /needs a token/);
    const sockets = frames.sockets;
    await page.waitForTimeout(3000);
    assert.equal(frames.sockets, sockets, "no new connection attempts after UNAUTHORIZED");
  });

  await phase("with a subscribe token: events replayed, status read with the bearer token, live events arrive", async () => {
    await page.getByLabel("Token").fill(viewer);
    await page.getByLabel("Token").press("Enter");
    await waitForState(page, "open");
    await waitForSeq(page, 2);
    await assertShownExactly(page, 2);
    await waitForText(page, "#job-status", /^active$/);
    assert.ok(frames.sent.some((f) => f.type === "subscribe" && f.jobId === JOB));
    await publish(GATEWAY, JOB, "job.progress", { percent: 60 }, publisher);
    await waitForSeq(page, 3);
    await assertShownExactly(page, 3);
    assert.equal(await page.textContent("#progress-text"), "60%");
  });

  await phase("the publish form sends the token: a token without the publish scope is refused (403)", async () => {
    assert.equal(await page.isVisible("#publish"), true, "with a token the form is offered");
    await page.getByLabel("Payload (JSON)").fill('{"percent": 70}');
    await page.getByRole("button", { name: "Publish" }).click();
    await waitForText(page, "#publish-result", /403/);
  });

  await phase("a token that does not grant the job, renewed in place: the job is withdrawn, FORBIDDEN is shown", async () => {
    const sockets = frames.sockets;
    await page.getByLabel("Token").fill(stranger);
    await page.getByLabel("Token").press("Enter");
    // the open connection takes the new token (refresh): the gateway ends the subscription it does
    // not grant (unsubscribed without id); the status read (REST) answers FORBIDDEN as well
    await waitForText(page, "#status-error", /FORBIDDEN/);
    for (let i = 0; i < 100 && !frames.received.some((f) => f.type === "unsubscribed" && f.id === undefined); i++) {
      await page.waitForTimeout(50);
    }
    assert.ok(frames.sent.some((f) => f.type === "refresh" && f.token === stranger), "renewed with a refresh");
    assert.ok(frames.received.some((f) => f.type === "unsubscribed" && f.jobId === JOB && f.id === undefined),
      "the gateway withdrew the job");
    await waitForState(page, "open");
    assert.equal(frames.sockets, sockets, "no reconnect");
    assert.equal(await page.getAttribute("#connection", "data-state"), "open", "the connection itself stays");
    await page.getByLabel("Token").fill(viewer);
    await page.getByLabel("Token").press("Enter");
    await page.getByLabel("Job id").fill(JOB);
    await page.getByLabel("Job id").press("Enter");
    await publish(GATEWAY, JOB, "job.completed", { progress: 1 }, publisher);
    await waitForSeq(page, 4);
    await assertShownExactly(page, 4);
    await waitForText(page, "#job-status", /^completed$/);
  });

  await phase("no page errors; screenshot saved", async () => {
    assert.deepEqual(errors, []);
    const file = path.join(ARTIFACTS, "job-page-auth.png");
    await page.screenshot({ path: file, fullPage: true });
    log(`screenshot: ${file}`);
  });
});
