// End-to-end test of WebSocket compression in headless Chromium, against a gateway started with
// herald.socket.compression=true (servlet-upgrade transport).
//
//   HERALD_URL=http://127.0.0.1:9080/ node web/e2e/compression.e2e.mjs
//
// Chromium offers permessage-deflate by itself: the gateway's handshake answer (read through the
// DevTools protocol) must agree to it, without server context takeover, and the job page must
// receive an event far over the 1 KiB threshold (sent compressed) and small ones (sent as they
// are) intact and in order. The test prints "@@herald:large-event <bytes>" so its parent can
// check the gateway's count of compressed frames.
import assert from "node:assert/strict";
import { gatewayUrl, launchBrowser, publish, runPhases, assertShownExactly, waitForSeq, waitForState } from "./support.mjs";

const GATEWAY = gatewayUrl();
const JOB = "browser-deflate-" + Date.now().toString(36);

await runPhases("compression", async (ctx) => {
  const { phase, log } = ctx;
  log(`gateway ${GATEWAY.href}, job ${JOB}`);
  const { page, errors, frames } = await launchBrowser(ctx);
  const handshakes = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.webSocketWillSendHandshakeRequest", (e) => handshakes.push({ request: e.request.headers }));
  cdp.on("Network.webSocketHandshakeResponseReceived", (e) => {
    const last = handshakes[handshakes.length - 1] || (handshakes.push({}), handshakes[handshakes.length - 1]);
    last.status = e.response.status;
    last.response = e.response.headers;
  });
  const header = (headers, name) => Object.entries(headers || {}).find(([k]) => k.toLowerCase() === name)?.[1];

  // a JSON payload of about 8 KiB, the kind compression is for: repetitive, but not uniform
  const rows = Array.from({ length: 120 }, (_, i) => ({ row: i, status: i % 3 ? "running" : "queued", note: `step ${i * 7 % 13}` }));
  const large = { title: "A large event", rows };
  const largeBytes = Buffer.byteLength(JSON.stringify(large));
  assert.ok(largeBytes > 4096, `the large event's payload is ${largeBytes} bytes`);

  await phase("one small event stored before the page opens", async () => {
    assert.equal(await publish(GATEWAY, JOB, "job.started", { title: "Compression test" }), 1);
  });

  await phase("the page connects; Chromium offers permessage-deflate and the gateway agrees, without server context takeover", async () => {
    await page.goto(new URL("#job=" + JOB, GATEWAY).href);
    await waitForState(page, "open");
    await waitForSeq(page, 1);
    const handshake = handshakes.find((h) => h.response);
    assert.ok(handshake, "the page's WebSocket handshake was seen");
    log(`offer: ${header(handshake.request, "sec-websocket-extensions")}; answer: ${header(handshake.response, "sec-websocket-extensions")}`);
    assert.match(header(handshake.request, "sec-websocket-extensions") || "", /permessage-deflate/, "Chromium offers the extension");
    const agreed = header(handshake.response, "sec-websocket-extensions") || "";
    assert.match(agreed, /^permessage-deflate\b/, "the gateway agrees to permessage-deflate");
    assert.match(agreed, /server_no_context_takeover/, "without server context takeover");
  });

  await phase("a live event of several KiB (compressed on the wire) and a small one arrive intact, in order", async () => {
    assert.equal(await publish(GATEWAY, JOB, "job.progress", large), 2);
    console.log(`@@herald:large-event ${largeBytes}`);
    assert.equal(await publish(GATEWAY, JOB, "job.progress", { progress: 0.5 }), 3);
    await waitForSeq(page, 3);
    await assertShownExactly(page, 3);
    const event = frames.received.find((f) => f.type === "event" && f.seq === 2);
    assert.deepEqual(event.payload, large, "the large event's payload, inflated by the browser");
    assert.equal(await page.textContent("#progress-text"), "50%");
  });

  await phase("the page's own messages (compressed by Chromium, small as they are) were read: its subscribe was answered", async () => {
    assert.ok(frames.sent.some((f) => f.type === "subscribe" && f.jobId === JOB));
    assert.ok(frames.received.some((f) => f.type === "subscribed" && f.jobId === JOB));
    assert.deepEqual(errors, [], "no page errors");
  });
});
