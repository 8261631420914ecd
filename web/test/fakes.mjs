// Test doubles for herald-client.js: a WebSocket the test plays the gateway for, and a manual clock.

/** A manual clock: timers fire only when the test advances time. */
export class FakeClock {
  constructor() {
    this.time = 0;
    this.timers = new Map();
    this.nextHandle = 1;
  }

  get api() {
    return {
      setTimeout: (fn, ms) => {
        const handle = this.nextHandle++;
        this.timers.set(handle, { at: this.time + Math.max(0, ms), fn });
        return handle;
      },
      clearTimeout: (handle) => { this.timers.delete(handle); },
      now: () => this.time,
    };
  }

  /** Delays of the timers now pending, soonest first. */
  pending() {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward by ms, firing every timer due on the way, in time order. */
  async advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [handle, t] of this.timers) {
        if (t.at <= end && (next === null || t.at < next[1].at)) next = [handle, t];
      }
      if (next === null) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks (the client's async connect) run. */
export async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Every socket the client opened, newest last. */
export const sockets = [];

/** A WebSocket whose server side the test plays. */
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  constructor(url) {
    this.url = url;
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    this.closedByClient = null;
    sockets.push(this);
  }

  send(text) {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error("InvalidStateError: not open");
    this.sent.push(JSON.parse(text));
  }

  close(code, reason) {
    this.closedByClient = { code, reason };
    this.readyState = FakeWebSocket.CLOSED;
  }

  // --- the gateway's side ---

  serverOpen() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({});
  }

  serverSend(message) {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) });
  }

  /** The gateway's error frame then close frame (or a cut: 1006). */
  serverClose(code, reason = "") {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }

  /** Frames the client sent, of one type. */
  sentOf(type) {
    return this.sent.filter((f) => f.type === type);
  }

  /** Answers every request not answered yet as a gateway that accepts it would. */
  acceptAll(heads = {}) {
    const unanswered = this.sent.slice(this.answeredUpTo || 0);
    this.answeredUpTo = this.sent.length;
    for (const f of unanswered) {
      if (f.type === "ping") this.serverSend({ type: "pong", id: f.id });
      if (f.type === "unsubscribe") this.serverSend({ type: "unsubscribed", jobId: f.jobId, id: f.id });
      if (f.type === "subscribe") {
        this.serverSend({ type: "subscribed", jobId: f.jobId, afterSeq: f.afterSeq ?? 0, headSeq: heads[f.jobId] ?? 0, id: f.id });
      }
    }
  }
}

export function event(jobId, seq, extra = {}) {
  return { type: "event", jobId, seq, eventType: "job.progress", occurredAt: new Date(seq * 1000).toISOString(), payload: { seq }, replay: false, ...extra };
}

export function caughtUp(jobId, seq, replayed = 0) {
  return { type: "caught-up", jobId, seq, replayed, durationMs: 1 };
}

/** A random source that returns the given values in turn (then repeats the last). */
export function randoms(...values) {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}
