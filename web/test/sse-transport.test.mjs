// Unit tests of herald-client.js's SSE transport and the "auto" fallback, against a fake WebSocket,
// a fake EventSource and a manual clock: `node --test web/test/`.
import { test, describe, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { HeraldClient } from "../../bootstrap/src/main/webapp/herald-client.js";
import { FakeClock, FakeWebSocket, sockets, settle, event, caughtUp } from "./fakes.mjs";

/** Every EventSource the client opened, newest last. */
const sources = [];

/** An EventSource whose server side the test plays: named events carry the gateway's JSON. */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;

  constructor(url) {
    this.url = new URL(url);
    this.readyState = FakeEventSource.CONNECTING;
    this.listeners = new Map();
    sources.push(this);
  }

  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  emit(type, data) {
    this.readyState = FakeEventSource.OPEN;
    for (const fn of this.listeners.get(type) || []) fn(data === undefined ? { type } : { type, data: JSON.stringify(data) });
  }

  /** EventSource's "error" without data: the connection failed, or a non-200 answer (then CLOSED). */
  fail(closed) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    for (const fn of this.listeners.get("error") || []) fn({ type: "error" });
  }
}

let clock;

beforeEach(() => {
  sockets.length = 0;
  sources.length = 0;
  clock = new FakeClock();
});

function client(options = {}) {
  return new HeraldClient({ url: "ws://gateway.test/app/realtime", WebSocket: FakeWebSocket, EventSource: FakeEventSource,
    timers: clock.api, random: () => 0.999999, ...options });
}

/** Connects and lets the connection open (its async start, then its zero-delay open). */
async function start(c) {
  c.connect();
  await settle();
  await clock.advance(0);
}

function lastSource() {
  return sources[sources.length - 1];
}

/** The gateway's side of a stream that accepts its subscription and replays `events`. */
function serve(source, jobId, afterSeq, events = []) {
  source.emit("subscribed", { type: "subscribed", jobId, afterSeq, headSeq: afterSeq + events.length });
  for (const seq of events) source.emit("event", event(jobId, seq, { replay: true }));
  source.emit("caught-up", caughtUp(jobId, afterSeq + events.length, events.length));
}

describe("transport sse", () => {
  test("follows each job on its own stream beside /realtime, with afterSeq and the token, and delivers in order", async () => {
    const seen = [];
    const c = client({ transport: "sse", token: "tok" });
    const states = [];
    c.on("state", (s) => states.push(s.state));
    c.subscribe("book-42", { afterSeq: 3, onEvent: (e) => seen.push(e.seq), onCaughtUp: (i) => seen.push("caught-up " + i.seq) });
    await start(c);
    assert.equal(c.transport, "sse");
    assert.equal(c.state, "open");
    const source = lastSource();
    assert.equal(source.url.origin + source.url.pathname, "http://gateway.test/app/api/jobs/book-42/stream");
    assert.equal(source.url.searchParams.get("afterSeq"), "3");
    assert.equal(source.url.searchParams.get("token"), "tok");
    serve(source, "book-42", 3, [4, 5]);
    source.emit("event", event("book-42", 5)); // a duplicate is dropped
    source.emit("event", event("book-42", 6));
    assert.deepEqual(seen, [4, 5, "caught-up 5", 6]);
    assert.equal(c.subscription("book-42").held, true);
    assert.equal(sockets.length, 0);
  });

  test("publish, presence and refreshToken fail with TRANSPORT_UNSUPPORTED", async () => {
    const c = client({ transport: "sse" });
    await start(c);
    await assert.rejects(c.publish("chat:room", "said", {}), (e) => e.code === "TRANSPORT_UNSUPPORTED" && /WebSocket/.test(e.message));
    await assert.rejects(c.presence("chat:room"), (e) => e.code === "TRANSPORT_UNSUPPORTED");
    await assert.rejects(c.refreshToken("t"), (e) => e.code === "TRANSPORT_UNSUPPORTED");
  });

  test("a stream that ends with SHUTTING_DOWN makes the client reconnect and resume from the last seq it delivered", async () => {
    const seen = [];
    const c = client({ transport: "sse" });
    c.subscribe("job-1", { onEvent: (e) => seen.push(e.seq) });
    await start(c);
    serve(lastSource(), "job-1", 0, [1, 2]);
    const errors = [];
    c.on("error", (e) => errors.push(e.code));
    lastSource().emit("error", { code: "SHUTTING_DOWN", message: "bye" });
    assert.equal(lastSource().readyState, FakeEventSource.CLOSED);
    await clock.advance(0);
    assert.equal(c.state, "reconnecting");
    assert.deepEqual(errors, ["SHUTTING_DOWN"]);
    await clock.advance(1_000);
    assert.equal(sources.length, 2);
    assert.equal(lastSource().url.searchParams.get("afterSeq"), "2");
    serve(lastSource(), "job-1", 2, [3]);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test("a stream refused before it started is asked again with fetch and its code handled (UNAUTHORIZED stops)", async () => {
    const fetched = [];
    const fetch = async (url) => {
      fetched.push(url);
      return { ok: false, status: 401, json: async () => ({ code: "UNAUTHORIZED", message: "token expired" }) };
    };
    const c = client({ transport: "sse", fetch });
    c.subscribe("job-1");
    await start(c);
    lastSource().fail(true);
    await clock.advance(0);
    await clock.advance(0);
    assert.equal(fetched.length, 1);
    assert.equal(c.state, "closed");
    assert.equal(c.lastError.code, "UNAUTHORIZED");
  });

  test("streams that cannot be opened back off like sockets (a connection counts as healthy only once a stream is admitted)", async () => {
    const fetch = async () => { throw new Error("connection refused"); };
    const c = client({ transport: "sse", fetch });
    const delays = [];
    c.on("state", (s) => { if (s.state === "reconnecting") delays.push(s.delayMs); });
    c.subscribe("job-1");
    await start(c);
    for (let i = 0; i < 3; i++) {
      lastSource().fail(true);
      await clock.advance(0);
      await clock.advance(0);
      await clock.advance(delays.at(-1));
    }
    assert.deepEqual(delays, [500, 1000, 2000]);
    serve(lastSource(), "job-1", 0);
    assert.equal(c.attempt, 0);
  });

  test("FORBIDDEN for one job drops that job only", async () => {
    const c = client({ transport: "sse" });
    const errors = [];
    c.subscribe("mine");
    c.subscribe("theirs", { onError: (e) => errors.push(e.code) });
    await start(c);
    serve(sources[0], "mine", 0);
    sources[1].emit("error", { code: "FORBIDDEN", message: "not yours" });
    assert.deepEqual(errors, ["FORBIDDEN"]);
    assert.equal(c.subscription("theirs"), undefined);
    assert.equal(c.state, "open");
  });
});

describe("transport auto", () => {
  test("stays on WebSocket while it opens, and moves to SSE after two WebSockets in a row could not be opened", async () => {
    const c = client({ transport: "auto" });
    const changes = [];
    c.on("transport", (t) => changes.push(t));
    c.subscribe("job-1");
    c.connect();
    await settle();
    sockets[0].serverOpen();
    sockets[0].acceptAll();
    sockets[0].serverClose(1006); // opened once: not a failure to open
    await clock.advance(1_000);
    sockets[1].serverClose(1006); // never opened
    await clock.advance(2_000);
    assert.equal(c.transport, "websocket");
    sockets[2].serverClose(1006); // never opened, twice in a row
    assert.equal(c.transport, "sse");
    assert.equal(changes.length, 1);
    assert.equal(changes[0].transport, "sse");
    assert.equal(changes[0].previous, "websocket");
    await clock.advance(10_000);
    assert.equal(sockets.length, 3);
    serve(lastSource(), "job-1", 0, [1]);
    assert.equal(c.subscription("job-1").lastSeq, 1);
    // once a stream worked, a lost stream does not send it back to the WebSocket
    lastSource().fail(false);
    await clock.advance(10_000);
    assert.equal(c.transport, "sse");
  });

  test("goes back to WebSocket when no stream can be opened either (the gateway is down, not its WebSocket path)", async () => {
    const fetch = async () => { throw new Error("connection refused"); };
    const c = client({ transport: "auto", fetch });
    c.subscribe("job-1");
    c.connect();
    await settle();
    sockets[0].serverClose(1006);
    await clock.advance(1_000);
    sockets[1].serverClose(1006);
    assert.equal(c.transport, "sse");
    await clock.advance(5_000);
    lastSource().fail(false);
    await clock.advance(0);
    await clock.advance(0);
    assert.equal(c.transport, "websocket");
  });

  test("never moves to SSE without an EventSource", async () => {
    const c = new HeraldClient({ url: "ws://gateway.test/realtime", WebSocket: FakeWebSocket, EventSource: undefined,
      timers: clock.api, random: () => 0.999999, transport: "auto" });
    c._EventSource = undefined; // as in a runtime without EventSource
    c.connect();
    await settle();
    sockets[0].serverClose(1006);
    await clock.advance(1_000);
    sockets[1].serverClose(1006);
    assert.equal(c.transport, "websocket");
  });
});
