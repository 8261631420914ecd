// Unit tests of herald-client.js against a fake WebSocket and a manual clock: `node --test web/test/`.
import { test, describe, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { HeraldClient, connect, backoffDelay, reconnectPolicy, isValidJobId, tokenExpiry, refreshDelay } from "../../bootstrap/src/main/webapp/herald-client.js";
import { FakeClock, FakeWebSocket, sockets, settle, event, caughtUp, randoms } from "./fakes.mjs";

const URL_ = "ws://gateway.test/realtime";
let clock;

beforeEach(() => {
  sockets.length = 0;
  clock = new FakeClock();
});

/** A client on the fake socket, with jitter at its maximum unless told otherwise. */
function client(options = {}) {
  return new HeraldClient({ url: URL_, WebSocket: FakeWebSocket, timers: clock.api, random: () => 0.999999, ...options });
}

function last() {
  return sockets[sockets.length - 1];
}

/** Connects and lets the fake gateway accept the socket and every request. */
async function opened(c, heads) {
  c.connect();
  await settle();
  last().serverOpen();
  last().acceptAll(heads);
  return last();
}

function recorder() {
  const seen = [];
  return { seen, onEvent: (e) => seen.push(e.seq) };
}

describe("connecting", () => {
  test("opens the given URL, with the token as ?token= when there is one", async () => {
    const c = client({ token: "a.b/c+d" });
    c.connect();
    await settle();
    assert.equal(last().url, URL_ + "?token=a.b%2Fc%2Bd");
  });

  test("no token: no query parameter; http(s) URLs become ws(s)", async () => {
    client({ url: "https://gw.test/realtime" }).connect();
    await settle();
    assert.equal(last().url, "wss://gw.test/realtime");
    client({ url: "http://gw.test:9080/realtime" }).connect();
    await settle();
    assert.equal(last().url, "ws://gw.test:9080/realtime");
  });

  test("a token function is asked again before every connect", async () => {
    let n = 0;
    const c = client({ token: async () => "t" + ++n });
    await opened(c);
    assert.match(last().url, /token=t1$/);
    last().serverClose(1006);
    await clock.advance(1000);
    assert.match(last().url, /token=t2$/);
  });

  test("a token function that fails is reported and retried with backoff, not in a loop", async () => {
    let calls = 0;
    const c = client({ token: async () => { calls += 1; throw new Error("backend down"); } });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    c.connect();
    await settle();
    assert.equal(sockets.length, 0);
    assert.equal(c.state, "reconnecting");
    assert.match(errors[0].message, /backend down/);
    assert.deepEqual(clock.pending(), [500]);
    await clock.advance(500);
    assert.equal(calls, 2);
    assert.deepEqual(clock.pending(), [1000]);
  });

  test("outside a page, a url is required", () => {
    assert.throws(() => new HeraldClient({ WebSocket: FakeWebSocket }), /url is required/);
  });

  test("state changes: connecting, open, reconnecting, connecting, open", async () => {
    const c = client();
    const states = [];
    c.on("state", (s) => states.push(s.state));
    await opened(c);
    last().serverClose(1006);
    await clock.advance(1000);
    last().serverOpen();
    assert.deepEqual(states, ["connecting", "open", "reconnecting", "connecting", "open"]);
    assert.equal(c.state, "open");
  });

  test("connect() helper starts at once", async () => {
    const c = connect({ url: URL_, WebSocket: FakeWebSocket, timers: clock.api });
    await settle();
    assert.equal(c.state, "connecting");
    assert.equal(sockets.length, 1);
  });
});

describe("requests and replies", () => {
  test("every request carries a unique id, and replies are matched by it", async () => {
    const c = client();
    c.subscribe("job-1", {});
    c.subscribe("job-2", {});
    c.connect();
    await settle();
    last().serverOpen();
    const ids = last().sent.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => typeof id === "string" && id.length <= 64));
    assert.deepEqual(last().sent.map((f) => f.type), ["ping", "subscribe", "subscribe"]);
  });

  test("ping() resolves with its own pong only, with the round-trip time", async () => {
    const c = client();
    const ws = await opened(c);
    const p = c.ping();
    const ping = ws.sent.at(-1);
    let done = null;
    p.then((ms) => { done = ms; });
    ws.serverSend({ type: "pong", id: "someone-else" });
    await settle();
    assert.equal(done, null);
    clock.time += 7;
    ws.serverSend({ type: "pong", id: ping.id });
    await settle();
    assert.equal(done, 7);
  });

  test("an error reply rejects the request it names", async () => {
    const c = client();
    const ws = await opened(c);
    const p = c.ping();
    ws.serverSend({ type: "error", code: "BAD_REQUEST", message: "nope", id: ws.sent.at(-1).id });
    await assert.rejects(p, (e) => e.code === "BAD_REQUEST");
    assert.equal(c.state, "open");
  });

  test("a subscribed reply calls onSubscribed with the head", async () => {
    const c = client();
    const got = [];
    c.subscribe("job-1", { afterSeq: 4, onSubscribed: (s) => got.push(s) });
    await opened(c, { "job-1": 9 });
    // this fake answers like a gateway before retention (no firstSeq): nothing was deleted
    assert.deepEqual(got, [{ jobId: "job-1", afterSeq: 4, headSeq: 9, firstSeq: 1, truncated: false }]);
    assert.equal(c.subscription("job-1").held, true);
  });

  test("pending requests are rejected when the connection ends", async () => {
    const c = client();
    const ws = await opened(c);
    const p = c.ping();
    ws.serverClose(1006);
    await assert.rejects(p, /connection closed/);
  });

  test("invalid job ids and afterSeq are refused before anything is sent", () => {
    const c = client();
    assert.throws(() => c.subscribe("a b"), TypeError);
    assert.throws(() => c.subscribe("x".repeat(129)), TypeError);
    assert.throws(() => c.subscribe("ok", { afterSeq: -1 }), TypeError);
    assert.throws(() => c.subscribe("ok", { afterSeq: 1.5 }), TypeError);
    assert.equal(isValidJobId("book-42:chapter_3.v1"), true);
    assert.equal(isValidJobId(""), false);
  });
});

describe("delivery", () => {
  test("events reach onEvent in order; anything at or below the last delivered seq is dropped", async () => {
    const c = client();
    const r = recorder();
    const all = [];
    c.on("event", (e) => all.push(e.seq));
    const sub = c.subscribe("job-1", r);
    const ws = await opened(c);
    for (const seq of [1, 2, 2, 1, 3]) ws.serverSend(event("job-1", seq));
    ws.serverSend(event("other-job", 1));
    assert.deepEqual(r.seen, [1, 2, 3]);
    assert.deepEqual(all, [1, 2, 3]);
    assert.equal(sub.lastSeq, 3);
    assert.equal(sub.duplicatesDropped, 2);
  });

  test("the event handed over has the frame's fields, without its type", async () => {
    const c = client();
    let got;
    c.subscribe("job-1", { onEvent: (e) => { got = e; } });
    const ws = await opened(c);
    ws.serverSend(event("job-1", 1, { replay: true, payload: { progress: 0.5 } }));
    assert.deepEqual(got, { jobId: "job-1", seq: 1, eventType: "job.progress", occurredAt: "1970-01-01T00:00:01.000Z", payload: { progress: 0.5 }, replay: true });
  });

  test("afterSeq given: starts after it, and drops older frames", async () => {
    const c = client();
    const r = recorder();
    c.subscribe("job-1", { afterSeq: 5, ...r });
    const ws = await opened(c);
    assert.equal(ws.sentOf("subscribe")[0].afterSeq, 5);
    ws.serverSend(event("job-1", 5));
    ws.serverSend(event("job-1", 6));
    assert.deepEqual(r.seen, [6]);
  });

  test("a hole (never expected) is not delivered: the client re-subscribes once from the last delivered seq", async () => {
    const c = client();
    const r = recorder();
    c.subscribe("job-1", r);
    const ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    ws.serverSend(event("job-1", 3));
    ws.serverSend(event("job-1", 4));
    const subs = ws.sentOf("subscribe");
    assert.equal(subs.length, 2);
    assert.equal(subs[1].afterSeq, 1);
    ws.acceptAll();
    for (const seq of [2, 3, 4]) ws.serverSend(event("job-1", seq, { replay: true }));
    assert.deepEqual(r.seen, [1, 2, 3, 4]);
  });

  test("caught-up reaches onCaughtUp; one claiming more than was delivered triggers a resume", async () => {
    const c = client();
    const got = [];
    c.subscribe("job-1", { onCaughtUp: (x) => got.push(x.seq) });
    const ws = await opened(c);
    ws.serverSend(event("job-1", 1, { replay: true }));
    ws.serverSend(caughtUp("job-1", 1, 1));
    assert.deepEqual(got, [1]);
    ws.serverSend(caughtUp("job-1", 3, 0));
    assert.deepEqual(got, [1]);
    assert.equal(ws.sentOf("subscribe").at(-1).afterSeq, 1);
  });

  test("re-subscribing replaces the cursor; frames of the superseded subscription are ignored or deduplicated", async () => {
    const c = client();
    const r = recorder();
    const ups = [];
    c.subscribe("job-1", { ...r, onCaughtUp: (x) => ups.push(x.seq) });
    const ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    ws.serverSend(event("job-1", 2));
    c.subscribe("job-1", { afterSeq: 0 }); // the app asks to start over
    const second = ws.sentOf("subscribe").at(-1);
    assert.equal(second.afterSeq, 0);
    ws.serverSend(caughtUp("job-1", 2)); // the old subscription's, queued before
    assert.deepEqual(ups, []);
    ws.acceptAll();
    for (const seq of [1, 2, 3]) ws.serverSend(event("job-1", seq, { replay: true }));
    ws.serverSend(caughtUp("job-1", 3, 3));
    assert.deepEqual(r.seen, [1, 2, 1, 2, 3]);
    assert.deepEqual(ups, [3]);
  });

  test("an application callback that throws does not stop delivery", async () => {
    const c = client();
    const seen = [];
    const original = console.error;
    console.error = () => {};
    try {
      c.subscribe("job-1", { onEvent: (e) => { seen.push(e.seq); if (e.seq === 1) throw new Error("app bug"); } });
      const ws = await opened(c);
      ws.serverSend(event("job-1", 1));
      ws.serverSend(event("job-1", 2));
    } finally {
      console.error = original;
    }
    assert.deepEqual(seen, [1, 2]);
  });

  test("unsubscribe: asks the gateway, drops later frames, and is not resumed after a reconnect", async () => {
    const c = client();
    const r = recorder();
    c.subscribe("job-1", r);
    const ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    c.unsubscribe("job-1");
    assert.equal(ws.sentOf("unsubscribe").length, 1);
    ws.serverSend(event("job-1", 2));
    assert.deepEqual(r.seen, [1]);
    ws.serverClose(1006);
    await clock.advance(1000);
    last().serverOpen();
    assert.equal(last().sentOf("subscribe").length, 0);
  });
});

describe("retention: truncated", () => {
  /** Answers the one pending subscribe as a gateway whose retention deleted seqs before firstSeq. */
  function truncatedReply(ws, jobId, headSeq, firstSeq) {
    const f = ws.sentOf("subscribe").at(-1);
    ws.answeredUpTo = ws.sent.length;
    ws.serverSend({ type: "subscribed", jobId, afterSeq: f.afterSeq ?? 0, headSeq, firstSeq,
      truncated: (f.afterSeq ?? 0) + 1 < firstSeq, id: f.id });
  }

  test("a resume whose events were deleted calls onTruncated once, then delivers from firstSeq without resubscribing", async () => {
    const c = client();
    const seen = [];
    const truncations = [];
    const emitted = [];
    c.on("truncated", (t) => emitted.push(t));
    c.subscribe("job-1", { afterSeq: 3, onEvent: (e) => seen.push(e.seq), onTruncated: (t) => truncations.push(t) });
    c.connect();
    await settle();
    const ws = last();
    ws.serverOpen();
    truncatedReply(ws, "job-1", 9, 7);
    assert.deepEqual(truncations, [{ jobId: "job-1", afterSeq: 3, firstSeq: 7 }]);
    assert.deepEqual(emitted, truncations);
    for (const seq of [7, 8, 9]) ws.serverSend(event("job-1", seq, { replay: true }));
    ws.serverSend(caughtUp("job-1", 9, 3));
    assert.deepEqual(seen, [7, 8, 9]);
    assert.equal(ws.sentOf("subscribe").length, 1); // no resubscribe: the gap is not a hole
    assert.equal(c.subscription("job-1").lastSeq, 9);
  });

  test("every event deleted: caught-up at the head is not taken for a hole", async () => {
    const c = client();
    const truncations = [];
    const caught = [];
    c.subscribe("job-1", { onTruncated: (t) => truncations.push(t), onCaughtUp: (u) => caught.push(u.seq) });
    c.connect();
    await settle();
    const ws = last();
    ws.serverOpen();
    truncatedReply(ws, "job-1", 4, 5);
    ws.serverSend(caughtUp("job-1", 4, 0));
    assert.deepEqual(truncations, [{ jobId: "job-1", afterSeq: 0, firstSeq: 5 }]);
    assert.deepEqual(caught, [4]);
    assert.equal(ws.sentOf("subscribe").length, 1);
  });

  test("not truncated, or a gateway without retention: no onTruncated", async () => {
    const c = client();
    const truncations = [];
    const infos = [];
    c.subscribe("job-1", { afterSeq: 6, onTruncated: (t) => truncations.push(t), onSubscribed: (i) => infos.push(i) });
    c.subscribe("job-2", { onTruncated: (t) => truncations.push(t), onSubscribed: (i) => infos.push(i) });
    c.connect();
    await settle();
    const ws = last();
    ws.serverOpen();
    truncatedReply(ws, "job-2", 3, 1);
    ws.answeredUpTo = 0;
    ws.sent = ws.sent.filter((f) => f.jobId === "job-1");
    truncatedReply(ws, "job-1", 9, 7); // afterSeq 6: the replay starts at 7, nothing missed
    assert.deepEqual(truncations, []);
    assert.deepEqual(infos.map((i) => [i.jobId, i.firstSeq, i.truncated]), [["job-2", 1, false], ["job-1", 7, false]]);
    const old = client();
    const oldTruncations = [];
    old.subscribe("job-3", { onTruncated: (t) => oldTruncations.push(t) });
    await opened(old); // the fake answers like a v1 gateway: no firstSeq, no truncated
    assert.deepEqual(oldTruncations, []);
  });

  test("after a reconnect, a truncated resume continues from the last delivered seq's successor that is stored", async () => {
    const c = client();
    const seen = [];
    const truncations = [];
    c.subscribe("job-1", { onEvent: (e) => seen.push(e.seq), onTruncated: (t) => truncations.push(t) });
    let ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    ws.serverSend(event("job-1", 2));
    ws.serverClose(1006);
    await clock.advance(1000); // the manual clock: the backoff passes without waiting
    ws = last();
    ws.serverOpen();
    assert.equal(ws.sentOf("subscribe")[0].afterSeq, 2);
    truncatedReply(ws, "job-1", 20, 15);
    ws.serverSend(event("job-1", 15, { replay: true }));
    assert.deepEqual(truncations, [{ jobId: "job-1", afterSeq: 2, firstSeq: 15 }]);
    assert.deepEqual(seen, [1, 2, 15]);
  });
});

describe("resume after a disconnect", () => {
  test("re-subscribes every job with afterSeq = last seq delivered; the app sees each event once, in order", async () => {
    const c = client();
    const a = recorder();
    const b = recorder();
    c.subscribe("job-a", a);
    c.subscribe("job-b", { afterSeq: 10, ...b });
    let ws = await opened(c);
    for (const seq of [1, 2, 3]) ws.serverSend(event("job-a", seq));
    ws.serverSend(event("job-b", 11));
    ws.serverClose(1006); // the network or the server went away
    await clock.advance(1000);
    ws = last();
    ws.serverOpen();
    const subs = Object.fromEntries(ws.sentOf("subscribe").map((f) => [f.jobId, f.afterSeq]));
    assert.deepEqual(subs, { "job-a": 3, "job-b": 11 });
    ws.acceptAll();
    // a gateway that replays a bit more than asked (or the same event twice) changes nothing
    for (const seq of [3, 4, 5, 4]) ws.serverSend(event("job-a", seq, { replay: true }));
    ws.serverSend(event("job-b", 12, { replay: true }));
    assert.deepEqual(a.seen, [1, 2, 3, 4, 5]);
    assert.deepEqual(b.seen, [11, 12]);
  });

  test("a subscribe sent while offline goes out with the freshest position on connect", async () => {
    const c = client();
    const r = recorder();
    c.subscribe("job-1", r);
    let ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    ws.serverClose(1006);
    await clock.advance(1000);
    ws = last();
    ws.serverOpen();
    assert.equal(ws.sentOf("subscribe")[0].afterSeq, 1);
  });

  test("events published during a restart arrive once: SHUTTING_DOWN (1001), refused attempts (1006), then resume", async () => {
    const c = client({ random: () => 0.5 });
    const r = recorder();
    const errors = [];
    c.on("error", (e) => errors.push(e.code));
    c.subscribe("job-1", r);
    let ws = await opened(c);
    ws.serverSend(event("job-1", 1));
    ws.serverSend({ type: "error", code: "SHUTTING_DOWN", message: "The gateway is shutting down; reconnect to another instance" });
    ws.serverClose(1001, "SHUTTING_DOWN");
    assert.equal(c.state, "reconnecting");
    assert.deepEqual(clock.pending(), [250]); // at once, jittered within [0, initialDelayMs]
    for (let i = 0; i < 3; i++) { // the instance is down: each attempt fails without opening
      await clock.advance(clock.pending()[0]);
      last().serverClose(1006);
    }
    await clock.advance(clock.pending()[0]);
    ws = last();
    ws.serverOpen();
    assert.equal(ws.sentOf("subscribe")[0].afterSeq, 1);
    ws.acceptAll();
    for (const seq of [2, 3, 4]) ws.serverSend(event("job-1", seq, { replay: true }));
    ws.serverSend(caughtUp("job-1", 4, 3));
    assert.deepEqual(r.seen, [1, 2, 3, 4]);
    assert.equal(errors[0], "SHUTTING_DOWN");
    assert.equal(c.attempt, 0); // healthy again: the next failure starts from the first delay
  });

  test("IDLE_TIMEOUT (4408) and SLOW_CONSUMER (4409): reconnect with the usual backoff and resume", async () => {
    for (const [code, close] of [["IDLE_TIMEOUT", 4408], ["SLOW_CONSUMER", 4409]]) {
      sockets.length = 0;
      const c = client({ random: () => 0 });
      const r = recorder();
      c.subscribe("job-1", r);
      let ws = await opened(c);
      ws.serverSend(event("job-1", 1));
      ws.serverSend({ type: "error", code, message: "bye" });
      ws.serverClose(close, code);
      assert.equal(c.state, "reconnecting");
      assert.deepEqual(clock.pending(), [250]);
      await clock.advance(250);
      ws = last();
      ws.serverOpen();
      assert.equal(ws.sentOf("subscribe")[0].afterSeq, 1, code);
      c.close();
    }
  });

  test("MESSAGE_TOO_LARGE (1009) is reported, then the client reconnects and resumes", async () => {
    const c = client();
    const errors = [];
    c.on("error", (e) => errors.push(e));
    c.subscribe("job-1", {});
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "MESSAGE_TOO_LARGE", message: "Message too large: the limit is 16384 bytes" });
    ws.serverClose(1009, "MESSAGE_TOO_LARGE");
    assert.equal(errors[0].code, "MESSAGE_TOO_LARGE");
    assert.equal(errors[0].retrying, true);
    assert.equal(c.state, "reconnecting");
  });

  test("a close without an error frame is reported as the code it stands for", async () => {
    const c = client();
    const errors = [];
    c.on("error", (e) => errors.push(e));
    await opened(c);
    last().serverClose(1006);
    assert.equal(errors[0].code, "CONNECTION_LOST");
    assert.equal(errors[0].closeCode, 1006);
  });
});

describe("backoff and jitter", () => {
  test("backoffDelay stays within [d/2, d], d = min(max, initial * 2^(attempt-1))", () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const d = Math.min(30_000, 500 * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const delay = backoffDelay(attempt, 500, 30_000, r);
        assert.ok(delay >= d / 2 && delay <= d, `attempt ${attempt}, random ${r}: ${delay} not in [${d / 2}, ${d}]`);
      }
    }
    assert.equal(backoffDelay(1, 500, 30_000, 0), 250);
    assert.equal(backoffDelay(3, 500, 30_000, 0.999999), 2000);
    assert.equal(backoffDelay(1000, 500, 30_000, 0.999999), 30_000);
  });

  test("with Math.random, delays spread over the whole jitter range", () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, 500, 30_000));
    assert.ok(Math.min(...delays) >= 2000 && Math.max(...delays) <= 4000);
    assert.ok(Math.min(...delays) < 2200 && Math.max(...delays) > 3800, "jitter covers its range");
  });

  test("failed attempts double the delay up to the cap; a healthy connection resets it", async () => {
    const c = client({ random: () => 0.999999, maxDelayMs: 4000 });
    await opened(c);
    last().serverClose(1006);
    const delays = [];
    for (let i = 0; i < 6; i++) {
      const d = clock.pending()[0];
      delays.push(d);
      await clock.advance(d);
      last().serverClose(1006);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000, 4000]);
    await clock.advance(clock.pending()[0]);
    last().serverOpen();
    last().acceptAll(); // pong: admitted
    last().serverClose(1006);
    assert.deepEqual(clock.pending(), [500]);
  });

  test("an admission refusal right after the handshake does not reset the backoff", async () => {
    const c = client({ random: () => 0.999999 });
    await opened(c);
    last().serverClose(1006);
    await clock.advance(500);
    const ws = last();
    ws.serverOpen(); // the handshake succeeds, then admission fails: no pong ever
    ws.serverSend({ type: "error", code: "SHUTTING_DOWN", message: "draining" });
    ws.serverClose(1001, "SHUTTING_DOWN");
    assert.equal(c.attempt, 2);
    assert.deepEqual(clock.pending(), [1000]); // not "at once" twice in a row
  });
});

describe("error codes", () => {
  for (const [code, close] of [["UNAUTHORIZED", 4401], ["ORIGIN_NOT_ALLOWED", 4403]]) {
    test(`${code} (${close}): no reconnect loop; reported; reconnect() tries again on request`, async () => {
      const c = client();
      const errors = [];
      const states = [];
      c.on("error", (e) => errors.push(e));
      c.on("state", (s) => states.push(s));
      c.subscribe("job-1", {});
      const ws = await opened(c);
      ws.serverSend({ type: "error", code, message: "no" });
      ws.serverClose(close, code);
      assert.equal(c.state, "closed");
      assert.deepEqual(clock.pending(), []);
      await clock.advance(600_000);
      assert.equal(sockets.length, 1);
      assert.equal(errors[0].code, code);
      assert.equal(errors[0].retrying, false);
      assert.equal(states.at(-1).code, code);
      assert.equal(states.at(-1).closeCode, close);
      c.setToken("new-token");
      await settle();
      assert.equal(sockets.length, 2);
      assert.match(last().url, /token=new-token/);
      last().serverOpen();
      assert.equal(last().sentOf("subscribe").length, 1, "subscriptions are kept");
    });
  }

  test("a bare 4401 close (no error frame) also stops", async () => {
    const c = client();
    await opened(c);
    last().serverClose(4401, "UNAUTHORIZED");
    assert.equal(c.state, "closed");
    assert.equal(c.lastError.code, "UNAUTHORIZED");
  });

  for (const code of ["CONNECTION_LIMIT", "ORIGIN_LIMIT", "IP_LIMIT"]) {
    test(`${code} (4429): backs off longer, and stays slow until a connection is admitted`, async () => {
      const c = client({ random: () => 0.999999 });
      await opened(c);
      last().serverClose(1006);
      await clock.advance(500);
      const ws = last();
      ws.serverOpen();
      ws.serverSend({ type: "error", code, message: "Too many" });
      ws.serverClose(4429, code);
      assert.equal(c.lastError.code, code);
      assert.deepEqual(clock.pending(), [10_000]); // limitDelayMs * 2^(attempt-1), attempt 2
      await clock.advance(10_000);
      last().serverClose(1006); // a plain failure meanwhile keeps the long delays
      assert.deepEqual(clock.pending(), [20_000]);
    });
  }

  test("limit backoff is capped by maxLimitDelayMs", () => {
    assert.equal(backoffDelay(20, 5000, 60_000, 0.999999), 60_000);
    assert.equal(backoffDelay(20, 5000, 60_000, 0), 30_000);
  });

  test("reconnectPolicy: which close codes stop, back off long, reconnect at once or back off", () => {
    assert.equal(reconnectPolicy(4429, "CONNECTION_LIMIT"), "limit");
    assert.equal(reconnectPolicy(4429), "limit");
    assert.equal(reconnectPolicy(1001), "soon");
    assert.equal(reconnectPolicy(1006), "backoff");
    assert.equal(reconnectPolicy(4401), "stop");
    assert.equal(reconnectPolicy(1000, "ORIGIN_NOT_ALLOWED"), "stop");
    assert.equal(reconnectPolicy(4408), "backoff");
    assert.equal(reconnectPolicy(4409), "backoff");
    // an admitted connection whose token ran out, with a tokenProvider to ask: reconnect with a new token
    assert.equal(reconnectPolicy(4401, "UNAUTHORIZED", true), "backoff");
    assert.equal(reconnectPolicy(4401, undefined, true), "backoff");
    assert.equal(reconnectPolicy(4403, "ORIGIN_NOT_ALLOWED", true), "stop");
    assert.equal(reconnectPolicy(1009), "backoff");
    // operator controls: maintenance backs off long, a revoked user stops (even with a tokenProvider), a disconnect backs off
    assert.equal(reconnectPolicy(1013, "MAINTENANCE"), "limit");
    assert.equal(reconnectPolicy(1013), "limit");
    assert.equal(reconnectPolicy(4401, "REVOKED", true), "stop");
    assert.equal(reconnectPolicy(4410, "DISCONNECTED"), "backoff");
  });

  for (const code of ["SUBSCRIPTION_LIMIT", "FORBIDDEN", "BAD_REQUEST"]) {
    test(`${code} on subscribe: onError for that job, which is no longer followed; the connection stays`, async () => {
      const c = client();
      const errs = [];
      const other = recorder();
      c.subscribe("job-ok", other);
      c.subscribe("job-x", { onError: (e) => errs.push(e) });
      c.connect();
      await settle();
      const ws = last();
      ws.serverOpen();
      const sub = ws.sentOf("subscribe").find((f) => f.jobId === "job-x");
      ws.serverSend({ type: "error", code, message: "refused", jobId: "job-x", id: sub.id });
      assert.equal(errs.length, 1);
      assert.deepEqual({ code: errs[0].code, jobId: errs[0].jobId, retrying: errs[0].retrying }, { code, jobId: "job-x", retrying: false });
      assert.equal(c.subscription("job-x"), undefined);
      assert.equal(c.state, "open");
      ws.serverSend(event("job-ok", 1));
      assert.deepEqual(other.seen, [1]);
      await clock.advance(120_000);
      assert.equal(ws.sentOf("subscribe").filter((f) => f.jobId === "job-x").length, 1, "not retried");
    });
  }

  test("STORE_UNAVAILABLE: onError, then the subscription is retried with backoff from the last delivered seq", async () => {
    const c = client({ random: () => 0.999999 });
    const errs = [];
    const r = recorder();
    c.subscribe("job-1", { ...r, onError: (e) => errs.push(e) });
    c.connect();
    await settle();
    const ws = last();
    ws.serverOpen();
    const first = ws.sentOf("subscribe")[0];
    ws.serverSend({ type: "subscribed", jobId: "job-1", afterSeq: 0, headSeq: 5, id: first.id });
    ws.serverSend(event("job-1", 1, { replay: true }));
    ws.serverSend(event("job-1", 2, { replay: true }));
    // the store fails during the catch-up
    ws.serverSend({ type: "error", code: "STORE_UNAVAILABLE", message: "The event store is unavailable; retry the subscription", jobId: "job-1" });
    assert.equal(errs[0].code, "STORE_UNAVAILABLE");
    assert.equal(errs[0].retrying, true);
    assert.equal(errs[0].retryInMs, 1000);
    await clock.advance(1000);
    const retry = ws.sentOf("subscribe").at(-1);
    assert.equal(retry.afterSeq, 2);
    ws.serverSend({ type: "error", code: "STORE_UNAVAILABLE", message: "still down", jobId: "job-1", id: retry.id });
    assert.equal(errs[1].retryInMs, 2000); // backs off
    await clock.advance(2000);
    ws.acceptAll();
    for (const seq of [3, 4, 5]) ws.serverSend(event("job-1", seq, { replay: true }));
    ws.serverSend(caughtUp("job-1", 5, 3));
    assert.deepEqual(r.seen, [1, 2, 3, 4, 5]);
    assert.equal(c.subscription("job-1")._storeAttempt, 0);
  });

  test("RATE_LIMITED (connection stays): the client pauses a window, then resends what got no reply", async () => {
    const c = client({ rateWindowMs: 10_000 });
    const errors = [];
    c.on("error", (e) => errors.push(e.code));
    const ws = await opened(c);
    c.subscribe("job-1", {});
    const sent = ws.sent.length;
    // the gateway dropped that subscribe unparsed: no id in the error
    ws.serverSend({ type: "error", code: "RATE_LIMITED", message: "Too many messages; slow down or the connection will be closed" });
    assert.deepEqual(errors, ["RATE_LIMITED"]);
    c.subscribe("job-2", {});
    assert.equal(ws.sent.length, sent, "nothing is sent during the pause");
    await clock.advance(10_000);
    const resent = ws.sent.slice(sent).filter((f) => f.type === "subscribe").map((f) => f.jobId);
    assert.deepEqual(resent, ["job-1", "job-2"]);
    assert.equal(c.state, "open");
  });

  test("RATE_LIMITED then 4429: reconnects with the long backoff", async () => {
    const c = client({ random: () => 0.999999 });
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "RATE_LIMITED", message: "Too many messages; connection closed" });
    ws.serverClose(4429, "RATE_LIMITED");
    assert.deepEqual(clock.pending().at(-1), 5000);
  });

  test("outbound messages are spread so the gateway's rate limit is never reached", async () => {
    const c = client({ maxMessagesPerWindow: 3, rateWindowMs: 10_000 });
    const ws = await opened(c); // 1 ping sent in this window
    for (let i = 1; i <= 5; i++) c.subscribe("job-" + i, {});
    assert.equal(ws.sent.length, 3);
    await clock.advance(10_000);
    assert.equal(ws.sent.length, 6);
    assert.deepEqual(ws.sentOf("subscribe").map((f) => f.jobId), ["job-1", "job-2", "job-3", "job-4", "job-5"]);
  });

  test("a BAD_REQUEST for a request that is not a subscribe is reported; nothing else changes", async () => {
    const c = client();
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "BAD_REQUEST", message: "Malformed JSON" });
    assert.equal(errors[0].code, "BAD_REQUEST");
    assert.equal(c.state, "open");
    ws.serverClose(1006); // a later unrelated drop is not taken for a BAD_REQUEST close
    assert.equal(c.state, "reconnecting");
  });
});

describe("liveness", () => {
  test("pings every pingIntervalMs while open, so the idle timeout never hits", async () => {
    const c = client({ pingIntervalMs: 30_000 });
    const ws = await opened(c);
    const before = ws.sentOf("ping").length;
    await clock.advance(30_000 * 10);
    assert.equal(ws.sentOf("ping").length, before + 10);
  });

  test("no pings after the connection ended", async () => {
    const c = client({ pingIntervalMs: 30_000 });
    const ws = await opened(c);
    c.close();
    const count = ws.sentOf("ping").length;
    await clock.advance(300_000);
    assert.equal(ws.sentOf("ping").length, count);
    assert.equal(sockets.length, 1);
    assert.equal(c.state, "closed");
    assert.equal(ws.closedByClient.code, 1000);
  });

  test("close() while waiting to reconnect cancels the attempt", async () => {
    const c = client();
    await opened(c);
    last().serverClose(1006);
    c.close();
    await clock.advance(60_000);
    assert.equal(sockets.length, 1);
  });

  test("autoReconnect: false reports and stays closed", async () => {
    const c = client({ autoReconnect: false });
    await opened(c);
    last().serverClose(1006);
    assert.equal(c.state, "closed");
    assert.deepEqual(clock.pending(), []);
  });
});

describe("publishing and ephemeral channels", () => {
  test("publish sends the request and resolves with the published reply (seq in a durable channel)", async () => {
    const c = client();
    const ws = await opened(c);
    const durable = c.publish("game:7", "player.ready", { ready: true });
    const relayed = c.publish("chat:lobby", "chat.message", "q83v");
    const [first, second] = ws.sentOf("publish");
    assert.deepEqual({ ...first, id: undefined }, { type: "publish", jobId: "game:7", eventType: "player.ready", payload: { ready: true }, id: undefined });
    assert.equal(second.payload, "q83v");
    ws.serverSend({ type: "published", jobId: "game:7", seq: 12, id: first.id });
    ws.serverSend({ type: "published", jobId: "chat:lobby", id: second.id });
    assert.deepEqual(await durable, { jobId: "game:7", seq: 12 });
    assert.deepEqual(await relayed, { jobId: "chat:lobby" });
  });

  test("a refused publish rejects with the gateway's code; the connection and subscriptions stay", async () => {
    const c = client();
    const errors = [];
    c.on("error", (e) => errors.push(e.code));
    const ws = await opened(c);
    c.subscribe("game:7", {});
    ws.acceptAll();
    const refused = c.publish("game:7", "t", {});
    const request = ws.sentOf("publish")[0];
    ws.serverSend({ type: "error", code: "FORBIDDEN", message: "Clients may not publish to channels of namespace game", jobId: "game:7", id: request.id });
    await assert.rejects(refused, (e) => e.code === "FORBIDDEN" && /namespace game/.test(e.message));
    assert.deepEqual(errors, ["FORBIDDEN"]);
    assert.equal(c.state, "open");
    assert.ok(c.subscription("game:7"), "the subscription to the same job is not dropped");
  });

  test("publish rejects at once when not connected, and when the connection ends before the reply", async () => {
    const c = client();
    await assert.rejects(c.publish("chat:x", "t", 1), (e) => e.code === "CLIENT_ERROR");
    const ws = await opened(c);
    const inFlight = c.publish("chat:x", "t", 1);
    ws.serverClose(1006);
    await assert.rejects(inFlight, /connection closed/);
  });

  test("publish checks its arguments before sending", async () => {
    const c = client();
    const ws = await opened(c);
    await assert.rejects(c.publish("bad id", "t", 1), TypeError);
    await assert.rejects(c.publish("chat:x", "bad type", 1), TypeError);
    await assert.rejects(c.publish("chat:x", "t", undefined), TypeError);
    assert.equal(ws.sentOf("publish").length, 0);
  });

  test("publishes go out in the order made, within the outbound rate", async () => {
    const c = client({ maxMessagesPerWindow: 3, rateWindowMs: 10_000 });
    const ws = await opened(c); // the first ping used one slot
    for (let i = 1; i <= 4; i++) c.publish("chat:x", "chat.message", i);
    assert.deepEqual(ws.sentOf("publish").map((f) => f.payload), [1, 2]);
    await clock.advance(10_000);
    assert.deepEqual(ws.sentOf("publish").map((f) => f.payload), [1, 2, 3, 4]);
  });

  test("a publish dropped by the gateway's rate limit is sent again after the pause", async () => {
    const c = client({ rateWindowMs: 10_000 });
    const ws = await opened(c);
    const published = c.publish("chat:x", "chat.message", "hi");
    ws.serverSend({ type: "error", code: "RATE_LIMITED", message: "Too many messages; slow down or the connection will be closed" });
    await clock.advance(10_000);
    const sent = ws.sentOf("publish");
    assert.equal(sent.length, 2);
    ws.serverSend({ type: "published", jobId: "chat:x", id: sent[1].id });
    assert.deepEqual(await published, { jobId: "chat:x" });
  });

  test("an ephemeral channel's events (no seq) reach onRelayed and the relayed listeners, with their sender", async () => {
    const c = client();
    const ws = await opened(c);
    const relayed = [];
    const events = [];
    const heard = [];
    c.on("relayed", (e) => heard.push(e.payload));
    c.subscribe("chat:lobby", { onRelayed: (e) => relayed.push(e), onEvent: (e) => events.push(e) });
    ws.acceptAll();
    ws.serverSend(caughtUp("chat:lobby", 0));
    const from = { clientId: "c-1", user: "ann" };
    ws.serverSend({ type: "event", jobId: "chat:lobby", eventType: "chat.message", occurredAt: "2026-01-02T03:04:05.678Z", payload: { ciphertext: "a" }, from });
    ws.serverSend({ type: "event", jobId: "chat:lobby", eventType: "chat.message", occurredAt: "2026-01-02T03:04:05.679Z", payload: { ciphertext: "a" }, from });
    ws.serverSend({ type: "event", jobId: "chat:lobby", eventType: "notice", occurredAt: "2026-01-02T03:04:05.680Z", payload: 1 });
    assert.equal(relayed.length, 3, "no seq, so nothing is taken for a duplicate");
    assert.deepEqual(relayed[0], { jobId: "chat:lobby", eventType: "chat.message", occurredAt: "2026-01-02T03:04:05.678Z", payload: { ciphertext: "a" }, from });
    assert.equal("from" in relayed[2], false);
    assert.deepEqual(events, []);
    assert.deepEqual(heard, [{ ciphertext: "a" }, { ciphertext: "a" }, 1]);
    assert.equal(c.subscription("chat:lobby").lastSeq, 0);
  });

  test("a durable event a client published carries from", async () => {
    const c = client();
    const ws = await opened(c);
    const seen = [];
    c.subscribe("game:7", { onEvent: (e) => seen.push(e) });
    ws.acceptAll();
    ws.serverSend(event("game:7", 1, { from: { clientId: "c-2", user: null } }));
    ws.serverSend(event("game:7", 2));
    assert.deepEqual(seen[0].from, { clientId: "c-2", user: null });
    assert.equal("from" in seen[1], false);
  });

  test("RATE_LIMITED answering a subscribe (too many new channels from this address) retries it with the long backoff", async () => {
    const c = client({ random: () => 0.999999, limitDelayMs: 5_000 });
    const errors = [];
    const ws = await opened(c);
    c.subscribe("chat:new", { onError: (e) => errors.push(e) });
    const first = ws.sentOf("subscribe")[0];
    ws.serverSend({ type: "error", code: "RATE_LIMITED", message: "Too many new channels from this address; retry later", jobId: "chat:new", id: first.id });
    assert.equal(errors[0].code, "RATE_LIMITED");
    assert.equal(errors[0].retrying, true);
    assert.equal(errors[0].retryInMs, 5000);
    assert.ok(c.subscription("chat:new"), "still followed");
    await clock.advance(4_999);
    assert.equal(ws.sentOf("subscribe").length, 1, "no resend of everything as after a flood warning");
    await clock.advance(1);
    assert.equal(ws.sentOf("subscribe").length, 2);
  });
});

/** A JWT-shaped token (unsigned: the client only reads its exp) expiring at `expMs` on the fake clock. */
function jwt(name, expMs, sub = "user-1") {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub, exp: Math.floor(expMs / 1000), name })}.sig-${name}`;
}

/** A provider handing out t1, t2, ... each valid for ttlMs from the moment it is asked. */
function provider(ttlMs) {
  const given = [];
  const fn = async () => {
    const token = jwt("t" + (given.length + 1), clock.time + ttlMs);
    given.push(token);
    return token;
  };
  fn.given = given;
  return fn;
}

describe("token renewal", () => {
  test("tokenExpiry reads exp from a JWT payload, and nothing else", () => {
    assert.equal(tokenExpiry(jwt("a", 1_700_000_000_000)), 1_700_000_000_000);
    assert.equal(tokenExpiry("not-a-jwt"), null);
    assert.equal(tokenExpiry("a.b.c"), null);
    assert.equal(tokenExpiry(`x.${Buffer.from('{"sub":"u"}').toString("base64url")}.y`), null);
    assert.equal(tokenExpiry(null), null);
    assert.equal(tokenExpiry(undefined), null);
  });

  test("refreshDelay: lead before expiry, or half-way when the token has less than twice the lead left", () => {
    assert.equal(refreshDelay(3_600_000, 30_000), 3_570_000);
    assert.equal(refreshDelay(60_000, 30_000), 30_000);
    assert.equal(refreshDelay(40_000, 30_000), 20_000);
    assert.equal(refreshDelay(8_000, 30_000), 4_000);
    assert.equal(refreshDelay(0, 30_000), 0);
    assert.equal(refreshDelay(-5_000, 30_000), 0);
  });

  test("connects with the provider's token, and renews it on the same socket before it expires", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens, pingIntervalMs: 10_000_000 });
    const refreshed = [];
    c.on("refreshed", (r) => refreshed.push(r));
    const ws = await opened(c);
    assert.equal(ws.url, URL_ + "?token=" + encodeURIComponent(tokens.given[0]));

    await clock.advance(3_570_000 - 1);
    assert.equal(ws.sentOf("refresh").length, 0, "not before expiry minus refreshLeadMs");
    await clock.advance(1);
    const [refresh] = ws.sentOf("refresh");
    assert.equal(refresh.token, tokens.given[1]);
    assert.ok(refresh.id);

    const expiresAt = new Date(clock.time + 3_600_000).toISOString();
    ws.serverSend({ type: "refreshed", expiresAt, id: refresh.id });
    await settle();
    assert.deepEqual(refreshed, [{ expiresAt }]);
    assert.equal(sockets.length, 1, "no reconnect");
    assert.equal(clock.pending()[0], 3_570_000, "the next renewal follows the new token");
    await clock.advance(3_570_000);
    assert.equal(ws.sentOf("refresh").length, 2);
    assert.equal(ws.sentOf("refresh")[1].token, tokens.given[2]);
  });

  test("a short-lived token is renewed half-way through what it has left", async () => {
    const tokens = provider(8_000);
    const c = client({ tokenProvider: tokens, pingIntervalMs: 10_000_000 });
    const ws = await opened(c);
    assert.equal(clock.pending()[0], 4_000);
    await clock.advance(4_000);
    assert.equal(ws.sentOf("refresh").length, 1);
  });

  test("refreshToken() renews at once and resolves with the new expiry; refreshToken(token) sends that token", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens });
    const ws = await opened(c);
    const done = c.refreshToken();
    await settle();
    const [first] = ws.sentOf("refresh");
    ws.serverSend({ type: "refreshed", expiresAt: "2030-01-01T00:00:00.000Z", id: first.id });
    assert.equal(await done, "2030-01-01T00:00:00.000Z");
    const mine = c.refreshToken("my-own-token");
    await settle();
    const second = ws.sentOf("refresh")[1];
    assert.equal(second.token, "my-own-token");
    ws.serverSend({ type: "refreshed", expiresAt: null, id: second.id });
    assert.equal(await mine, null);
  });

  test("refreshToken() while a renewal is in flight sends its token after that one, not instead of it", async () => {
    let token = "t1";
    const c = client({ tokenProvider: async () => token });
    const ws = await opened(c);
    token = "stranger";
    const first = c.refreshToken();
    await settle();
    token = "viewer";
    const second = c.refreshToken();
    await settle();
    assert.deepEqual(ws.sentOf("refresh").map((f) => f.token), ["stranger"]);
    ws.serverSend({ type: "refreshed", expiresAt: null, id: ws.sentOf("refresh")[0].id });
    await first;
    await settle();
    assert.deepEqual(ws.sentOf("refresh").map((f) => f.token), ["stranger", "viewer"]);
    ws.serverSend({ type: "refreshed", expiresAt: null, id: ws.sentOf("refresh")[1].id });
    assert.equal(await second, null);
  });

  test("refreshToken(token) goes out at once, ahead of a subscribe made right after it", async () => {
    const c = client({ tokenProvider: async () => "t1" });
    const ws = await opened(c);
    c.refreshToken("viewer");
    c.subscribe("job-9", {});
    assert.deepEqual(ws.sent.slice(-2).map((f) => f.type), ["refresh", "subscribe"]);
  });

  test("without a tokenProvider nothing is renewed by itself; refreshToken() needs a token", async () => {
    const c = client({ token: jwt("static", 60_000) });
    const ws = await opened(c);
    await clock.advance(120_000);
    assert.equal(ws.sentOf("refresh").length, 0);
    await assert.rejects(c.refreshToken(), /no tokenProvider/);
  });

  test("TOKEN_EXPIRED: reported, the provider is asked at once and the new token sent; the connection stays", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens, pingIntervalMs: 10_000_000 });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "TOKEN_EXPIRED", message: "The token has expired" });
    await settle();
    assert.equal(errors[0].code, "TOKEN_EXPIRED");
    assert.equal(errors[0].retrying, true);
    const [refresh] = ws.sentOf("refresh");
    assert.equal(refresh.token, tokens.given[1]);
    ws.serverSend({ type: "refreshed", expiresAt: new Date(clock.time + 3_600_000).toISOString(), id: refresh.id });
    await settle();
    assert.equal(c.state, "open");
    assert.equal(sockets.length, 1);
  });

  test("a subscribe refused with TOKEN_EXPIRED is kept and sent again, from the last seq, once the token is renewed", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens });
    const seen = recorder();
    const subErrors = [];
    const ws = await opened(c);
    c.subscribe("job-1", { ...seen, onError: (e) => subErrors.push(e) });
    const [sub] = ws.sentOf("subscribe");
    ws.serverSend({ type: "error", code: "TOKEN_EXPIRED", message: "The token has expired", jobId: "job-1", id: sub.id });
    await settle();
    assert.equal(subErrors[0].code, "TOKEN_EXPIRED");
    assert.equal(subErrors[0].retrying, true);
    assert.ok(c.subscription("job-1"), "still followed");
    assert.equal(c.subscription("job-1").held, false);
    const [refresh] = ws.sentOf("refresh");
    ws.serverSend({ type: "refreshed", expiresAt: new Date(clock.time + 3_600_000).toISOString(), id: refresh.id });
    await settle();
    const again = ws.sentOf("subscribe");
    assert.equal(again.length, 2);
    assert.equal(again[1].jobId, "job-1");
    assert.equal(again[1].afterSeq, 0);
  });

  test("TOKEN_EXPIRED without a provider: reported, not retried; the application can refreshToken(token)", async () => {
    const c = client({ token: "static" });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "TOKEN_EXPIRED", message: "The token has expired" });
    await settle();
    assert.equal(errors[0].retrying, false);
    assert.equal(ws.sentOf("refresh").length, 0);
    assert.equal(c.state, "open");
    c.refreshToken("pasted");
    await settle();
    assert.equal(ws.sentOf("refresh")[0].token, "pasted");
  });

  test("a refused refresh (UNAUTHORIZED, FORBIDDEN) keeps the connection; the provider is asked again after a backoff", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens, pingIntervalMs: 10_000_000 });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    const done = c.refreshToken();
    await settle();
    const [refresh] = ws.sentOf("refresh");
    ws.serverSend({ type: "error", code: "UNAUTHORIZED", message: "Invalid token signature", id: refresh.id });
    await assert.rejects(done, /Invalid token signature/);
    assert.equal(c.state, "open");
    assert.equal(ws.closedByClient, null);
    assert.equal(errors.at(-1).code, "UNAUTHORIZED");
    assert.equal(errors.at(-1).retrying, true);
    assert.equal(errors.at(-1).retryInMs, 1_000);
    await clock.advance(1_000);
    assert.equal(ws.sentOf("refresh").length, 2);
    assert.equal(ws.sentOf("refresh")[1].token, tokens.given[2]);
  });

  test("a refused token is not sent again, however often the provider hands it out", async () => {
    const first = jwt("first", 3_600_000);
    const bad = jwt("bad", 3_600_000, "someone-else");
    let calls = 0;
    const c = client({ tokenProvider: async () => (++calls === 1 ? first : bad), pingIntervalMs: 10_000_000 });
    const ws = await opened(c);
    const done = c.refreshToken();
    await settle();
    ws.serverSend({ type: "error", code: "FORBIDDEN", message: "another sub", id: ws.sentOf("refresh")[0].id });
    await assert.rejects(done);
    await clock.advance(600_000);
    assert.ok(calls >= 3, "the provider is asked again");
    assert.deepEqual(ws.sentOf("refresh").map((f) => f.token), [bad]);
    assert.equal(c.state, "open");
  });

  test("a provider that fails is reported and asked again after a backoff, the connection untouched", async () => {
    let fail = false;
    let n = 0;
    const c = client({ tokenProvider: async () => { if (fail) throw new Error("backend down"); return jwt("t" + ++n, clock.time + 3_600_000); } });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    fail = true;
    await c.refreshToken().catch(() => {});
    assert.match(errors.at(-1).message, /backend down/);
    assert.equal(errors.at(-1).retrying, true);
    fail = false;
    await clock.advance(errors.at(-1).retryInMs);
    assert.equal(ws.sentOf("refresh").length, 1);
  });

  test("a provider with no new token: nothing is sent; on TOKEN_EXPIRED the application is told it must act", async () => {
    const token = jwt("only", 60_000);
    const c = client({ tokenProvider: async () => token, pingIntervalMs: 10_000_000 });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    const ws = await opened(c);
    await clock.advance(60_000);
    assert.equal(ws.sentOf("refresh").length, 0);
    ws.serverSend({ type: "error", code: "TOKEN_EXPIRED", message: "The token has expired" });
    await settle();
    assert.equal(ws.sentOf("refresh").length, 0);
    assert.equal(errors.at(-1).code, "TOKEN_EXPIRED");
    assert.equal(errors.at(-1).retrying, false);
  });

  test("an unsubscribed the client did not ask for ends the subscription: onError FORBIDDEN, not resumed", async () => {
    const c = client();
    const subErrors = [];
    const ws = await opened(c);
    c.subscribe("job-1", { onError: (e) => subErrors.push(e) });
    c.subscribe("job-2", {});
    ws.acceptAll();
    ws.serverSend({ type: "unsubscribed", jobId: "job-1" });
    assert.equal(c.subscription("job-1"), undefined);
    assert.equal(subErrors[0].code, "FORBIDDEN");
    assert.equal(subErrors[0].retrying, false);
    ws.serverSend({ type: "event", jobId: "job-1", seq: 1, eventType: "x", occurredAt: "2026-01-01T00:00:00Z", payload: {}, replay: false });
    last().serverClose(1006);
    await clock.advance(1000);
    last().serverOpen();
    assert.deepEqual(last().sentOf("subscribe").map((f) => f.jobId), ["job-2"]);
  });

  test("after its token ran out (4401), a connection that had been admitted reconnects with a new token from the provider", async () => {
    const tokens = provider(3_600_000);
    const c = client({ tokenProvider: tokens });
    const errors = [];
    c.on("error", (e) => errors.push(e));
    c.subscribe("job-1", {});
    const ws = await opened(c);
    ws.serverSend({ type: "error", code: "UNAUTHORIZED", message: "The token expired and was not refreshed in time" });
    ws.serverClose(4401, "UNAUTHORIZED");
    assert.equal(errors.at(-1).retrying, true);
    assert.equal(c.state, "reconnecting");
    await clock.advance(1_000);
    assert.equal(sockets.length, 2);
    assert.equal(last().url, URL_ + "?token=" + encodeURIComponent(tokens.given[1]));
    // refused at admission with the provider's token: no loop
    last().serverOpen();
    last().serverSend({ type: "error", code: "UNAUTHORIZED", message: "Invalid token" });
    last().serverClose(4401, "UNAUTHORIZED");
    assert.equal(c.state, "closed");
    await clock.advance(600_000);
    assert.equal(sockets.length, 2);
  });

  test("a renewal that was still asking the provider when the connection ended is not sent on the next one", async () => {
    let release;
    const c = client({ tokenProvider: () => new Promise((r) => { release = r; }) });
    c.connect();
    await settle();
    release(jwt("first", 3_600_000));
    await settle();
    const ws = last();
    ws.serverOpen();
    ws.acceptAll();
    const pendingRenewal = c.refreshToken();
    await settle();
    ws.serverClose(1006);
    release(jwt("late", 3_600_000));
    await assert.rejects(pendingRenewal, /connection closed/);
    assert.equal(ws.sentOf("refresh").length, 0);
  });
});
