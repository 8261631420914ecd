// herald-client.js: a dependency-free browser client for Herald's WebSocket endpoint (contract v1).
//
// Follows jobs and hands each event to the application exactly once and in order, across
// disconnects, gateway restarts and instance changes: it reconnects with exponential backoff and
// jitter, re-subscribes every job with afterSeq = the last seq it delivered, and drops anything it
// has already delivered. It pings so the connection never idles out, matches replies to requests
// by id, and handles every error code of the contract. With a tokenProvider it renews the token on
// the open connection before it expires (and at once on TOKEN_EXPIRED). Where WebSocket is blocked
// it follows jobs over Server-Sent Events instead (transport "sse", or "auto": WebSocket first, SSE
// after two WebSockets in a row that could not be opened). See docs/web-client.md.
//
//   import { connect } from "/herald-client.js";
//   const herald = connect({ token: myToken });            // token optional (auth off)
//   const renewing = connect({ tokenProvider: () => fetchTokenFromMyBackend() });
//   herald.subscribe("book-42", { onEvent: (e) => show(e) });
//   herald.subscribe("chat:lobby", { onRelayed: (e) => show(e.from, e.payload) });   // an ephemeral channel
//   await herald.publish("chat:lobby", "chat.message", { ciphertext });             // namespaces with client-publish
//
// Types: JSDoc here, herald-client.d.ts beside this file.

/** Version of this client (the wire contract it speaks is v1). */
export const VERSION = "1.1.0";

/** Connection states, in the order a connection usually goes through them. */
export const STATES = Object.freeze(["idle", "connecting", "open", "reconnecting", "closed"]);

/** Error codes that end the connection for good: reconnecting cannot help (new token or configuration needed). */
export const FATAL_CODES = Object.freeze(["UNAUTHORIZED", "ORIGIN_NOT_ALLOWED", "REVOKED"]);

/** Error codes that refuse one subscription while the connection stays open. */
export const SUBSCRIPTION_CODES = Object.freeze(["BAD_REQUEST", "FORBIDDEN", "SUBSCRIPTION_LIMIT", "STORE_UNAVAILABLE"]);

/** Error codes that refuse one other request (presence) while the connection stays open. */
const REQUEST_CODES = ["BAD_REQUEST", "FORBIDDEN", "STORE_UNAVAILABLE"];

const JOB_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CLOSE_CODE_NAMES = { 1001: "SHUTTING_DOWN", 1009: "MESSAGE_TOO_LARGE", 1013: "MAINTENANCE", 4401: "UNAUTHORIZED", 4410: "DISCONNECTED", 4403: "ORIGIN_NOT_ALLOWED", 4408: "IDLE_TIMEOUT", 4409: "SLOW_CONSUMER", 4429: "CONNECTION_LIMIT" };
const LIMIT_CODES = ["CONNECTION_LIMIT", "ORIGIN_LIMIT", "IP_LIMIT", "RATE_LIMITED"];
/** Codes whose error frame is followed by the connection's close. */
const CLOSING_CODES = ["MESSAGE_TOO_LARGE", "UNAUTHORIZED", "ORIGIN_NOT_ALLOWED", "CONNECTION_LIMIT", "ORIGIN_LIMIT", "IP_LIMIT", "IDLE_TIMEOUT", "SLOW_CONSUMER", "SHUTTING_DOWN", "DISCONNECTED", "REVOKED"];
const OPEN = 1;
const TRANSPORTS = ["auto", "websocket", "sse"];

/**
 * @typedef {"idle"|"connecting"|"open"|"reconnecting"|"closed"} ConnectionState
 *
 * @typedef {object} HeraldEvent One event of a job, as the gateway sent it.
 * @property {string} jobId
 * @property {number} seq        1 for the job's first event, +1 for each next one.
 * @property {string} eventType
 * @property {string} occurredAt ISO-8601 UTC time the gateway stored the event.
 * @property {*} payload         The publisher's JSON value.
 * @property {boolean} replay    true for catch-up events, false for live ones.
 * @property {Sender} [from]     The client that published it over the WebSocket (absent for a worker's REST publish).
 *
 * @typedef {object} Sender A client that published an event.
 * @property {string} clientId   Its connection.
 * @property {string|null} user  Its token's subject (null when auth is off or the token has none).
 *
 * @typedef {object} RelayedEvent One event of an ephemeral channel (namespace with history "none"):
 *   relayed live to the channel's other members, never stored, so no seq and no replay.
 * @property {string} jobId
 * @property {string} eventType
 * @property {string} occurredAt
 * @property {*} payload
 * @property {Sender} [from]     Absent when a worker published it over REST.
 *
 * @typedef {object} Published The gateway accepted a publish.
 * @property {string} jobId
 * @property {number} [seq]      The stored event's seq (durable channels only).
 *
 * @typedef {object} CaughtUp The catch-up of a (re-)subscription is over.
 * @property {string} jobId
 * @property {number} seq        Every event up to this seq has been delivered.
 * @property {number} replayed   Events sent by this catch-up (duplicates dropped by the client included).
 * @property {number} durationMs
 *
 * @typedef {object} Truncated Retention deleted events this subscription had not delivered yet.
 * @property {string} jobId
 * @property {number} afterSeq   The last seq delivered (or asked for) before the gap.
 * @property {number} firstSeq   The first seq still stored: delivery goes on there.
 *
 * @typedef {object} HeraldError An error reported by the gateway or detected by the client.
 * @property {string} code       Contract code (e.g. "FORBIDDEN"), or "CONNECTION_LOST"/"CLIENT_ERROR" from the client itself.
 * @property {string} message    Human text.
 * @property {string} [jobId]
 * @property {number} [closeCode] Close code of the connection the error ended, if it ended one.
 * @property {boolean} [retrying] true when the client retries by itself (reconnect or re-subscribe).
 * @property {number} [retryInMs] Delay before that retry.
 *
 * @typedef {object} Member One connection subscribed to a channel (namespaces with presence).
 * @property {string} clientId   The connection (a user with two tabs is two members).
 * @property {string|null} user  The token's sub, or null (auth off, or a token without sub).
 * @property {string} joinedAt   ISO-8601 UTC time it subscribed.
 *
 * @typedef {Member & {jobId: string}} MemberChange Someone else joined or left a channel this client follows.
 *
 * @typedef {object} SubscribeOptions
 * @property {number} [afterSeq=0]  Last seq the application already has: start after it.
 * @property {(event: HeraldEvent) => void} [onEvent]  Called once per seq, in order.
 * @property {(event: RelayedEvent) => void} [onRelayed] Ephemeral channels: called for each event relayed to this client, in the order each sender sent them.
 * @property {(info: CaughtUp) => void} [onCaughtUp]   Called after each catch-up (again after every resume).
 * @property {(error: HeraldError) => void} [onError]  Errors of this subscription (see docs for which end it).
 * @property {(info: {jobId: string, afterSeq: number, headSeq: number, firstSeq: number, truncated: boolean}) => void} [onSubscribed] The gateway holds the subscription.
 * @property {(info: Truncated) => void} [onTruncated] Events after the seq this subscription resumed from were deleted by the gateway's retention: they will never come; reload what you built from them (e.g. the snapshot).
 * @property {(member: MemberChange) => void} [onJoin]   Another connection subscribed (namespaces with join-leave).
 * @property {(member: MemberChange) => void} [onLeave]  Another connection unsubscribed or went away (namespaces with join-leave).
 *
 * @typedef {object} StateChange
 * @property {ConnectionState} state
 * @property {ConnectionState} previous
 * @property {number} [attempt]    Reconnect attempt number (1 for the first retry).
 * @property {number} [delayMs]    When "reconnecting": delay before the next attempt.
 * @property {number} [closeCode]  Close code of the connection that just ended.
 * @property {string} [code]       Error code that ended it, when the gateway told one.
 * @property {string} [reason]     Human text.
 *
 * @typedef {object} TransportChange
 * @property {"websocket"|"sse"} transport  The transport used from the next connection on.
 * @property {"websocket"|"sse"} previous
 * @property {string} reason                 Human text.
 *
 * @typedef {object} Timers
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 * @property {() => number} now
 *
 * @typedef {object} ClientOptions
 * @property {string} [url] WebSocket URL (ws:// or wss://; http(s):// is turned into ws(s)://). Default: "realtime" beside the URL this module was loaded from (the gateway that serves it).
 * @property {string|null|(() => (string|null|Promise<string|null>))} [token] Token sent as ?token=; a function is asked again before every connect.
 * @property {() => (string|null|undefined|Promise<string|null|undefined>)} [tokenProvider] Asked for a fresh token before every connect (instead of `token`), before the token in force expires (the client sends it with `refresh` on the open connection) and on TOKEN_EXPIRED.
 * @property {number} [refreshLeadMs=30000] Renew the token this long before it expires (half-way through its remaining lifetime when that is shorter).
 * @property {number} [pingIntervalMs=30000] Interval of application-level pings (keeps the idle timeout away).
 * @property {number} [initialDelayMs=500]   First reconnect delay; doubles per failed attempt.
 * @property {number} [maxDelayMs=30000]     Cap of the reconnect delay.
 * @property {number} [limitDelayMs=5000]    First reconnect delay after a cap refusal (4429).
 * @property {number} [maxLimitDelayMs=60000] Cap of the delay after cap refusals.
 * @property {number} [storeRetryDelayMs=1000] First re-subscribe delay after STORE_UNAVAILABLE; doubles up to maxDelayMs.
 * @property {number} [rateWindowMs=10000]   Outbound rate window.
 * @property {number} [maxMessagesPerWindow=100] Outbound messages per window (the gateway allows 200 by default).
 * @property {boolean} [autoReconnect=true]  Reconnect by itself after a connection ends.
 * @property {"auto"|"websocket"|"sse"} [transport="websocket"] How to reach the gateway. "websocket": /realtime only. "sse": one Server-Sent Events stream per job (GET /api/jobs/{jobId}/stream; receive only: publish, presence and refreshToken fail). "auto": WebSocket, and SSE from then on once two WebSocket connections in a row could not be opened (back to WebSocket if SSE cannot be opened either); the "transport" event and the `transport` property say which is in use.
 * @property {typeof WebSocket} [WebSocket]  WebSocket implementation (default: the global one).
 * @property {typeof EventSource} [EventSource] EventSource implementation for the SSE transport (default: the global one).
 * @property {typeof fetch} [fetch]          fetch, to learn why a stream was refused (default: the global one).
 * @property {() => number} [random]         Random source in [0, 1) for jitter (default Math.random).
 * @property {Timers} [timers]               Timer functions (for tests).
 */

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, with "equal jitter":
 * a uniform value in [d/2, d] where d = min(max, initial * 2^(attempt-1)).
 * @param {number} attempt
 * @param {number} initialMs
 * @param {number} maxMs
 * @param {number} [random] a value in [0, 1)
 * @returns {number}
 */
export function backoffDelay(attempt, initialMs, maxMs, random = Math.random()) {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(maxMs, initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * What the client does when a connection ends, given its close code and the error code the
 * gateway sent before closing (if any).
 * @param {number} closeCode
 * @param {string} [errorCode]
 * @param {boolean} [renewable] the connection had been admitted and a tokenProvider can give a new token
 * @returns {"stop"|"limit"|"soon"|"backoff"}
 *   stop: no reconnect (new token or configuration needed; a revoked user); limit: long backoff
 *   (caps, maintenance); soon: reconnect
 *   at once with a little jitter (another instance serves us); backoff: usual exponential backoff.
 */
export function reconnectPolicy(closeCode, errorCode, renewable = false) {
  const code = errorCode || CLOSE_CODE_NAMES[closeCode];
  // an admitted connection whose token ran out: a tokenProvider can give a fresh one
  if (renewable && code === "UNAUTHORIZED") return "backoff";
  if (closeCode === 4401 || closeCode === 4403 || FATAL_CODES.includes(code)) return "stop";
  // maintenance: every instance refuses newcomers for a while; come back slowly
  if (closeCode === 4429 || closeCode === 1013 || code === "MAINTENANCE" || LIMIT_CODES.includes(code)) return "limit";
  if (closeCode === 1001 || code === "SHUTTING_DOWN") return "soon";
  return "backoff";
}

/**
 * The gateway this module was loaded from: /herald-client.js sits beside /realtime, so an app
 * that imports it from the gateway (same origin or not) needs no url.
 * @returns {string|null}
 */
function defaultUrl() {
  const here = new URL(import.meta.url);
  return here.protocol === "http:" || here.protocol === "https:" ? new URL("realtime", here).href : null;
}

/**
 * When a token expires, read from its JWT payload (`exp`, seconds): ms since the epoch, or null
 * when the token is not a JWT with a numeric `exp`. Nothing is verified: it only times renewals.
 * @param {string|null|undefined} token
 * @returns {number|null}
 */
export function tokenExpiry(token) {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
    return claims && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * How long to wait before renewing a token that has `remainingMs` left: until `leadMs` before its
 * expiry, or half of what is left when that is less than twice `leadMs` (0 when already expired).
 * @param {number} remainingMs
 * @param {number} leadMs
 * @returns {number}
 */
export function refreshDelay(remainingMs, leadMs) {
  if (!(remainingMs > 0)) return 0;
  return remainingMs > 2 * leadMs ? remainingMs - leadMs : Math.floor(remainingMs / 2);
}

/** @param {string} jobId */
export function isValidJobId(jobId) {
  return typeof jobId === "string" && JOB_ID.test(jobId);
}

/**
 * One followed job. Obtained from {@link HeraldClient#subscribe}.
 */
export class Subscription {
  /** @param {HeraldClient} client @param {string} jobId @param {SubscribeOptions} options */
  constructor(client, jobId, options) {
    /** @readonly */ this.jobId = jobId;
    /** Last seq delivered to onEvent (or the afterSeq given, before any). */
    this.lastSeq = options.afterSeq ?? 0;
    /** Latest headSeq the gateway reported on subscribe (0: none yet). */
    this.headSeq = 0;
    /** true between a "subscribed" and the end of its connection. */
    this.held = false;
    /** true once a catch-up finished on the current connection. */
    this.caughtUp = false;
    /** Events dropped because they had been delivered already. */
    this.duplicatesDropped = 0;
    /** @type {SubscribeOptions} */ this.options = options;
    // internal, used by HeraldClient:
    /** @internal */ this._client = client;
    /** @internal id of the subscribe in flight (frames of older subscribes are ignored) @type {string|null} */ this._pendingId = null;
    /** @internal STORE_UNAVAILABLE retries since the last catch-up */ this._storeAttempt = 0;
    /** @internal */ this._retryTimer = null;
    /** @internal refused with TOKEN_EXPIRED: subscribed again once a refresh succeeds */ this._awaitingToken = false;
  }

  /** Stop following the job. */
  unsubscribe() {
    this._client.unsubscribe(this.jobId);
  }

  /** Who is subscribed to this channel now, on every gateway instance. @returns {Promise<Member[]>} */
  presence() {
    return this._client.presence(this.jobId);
  }
}

/**
 * A connection to a Herald gateway that follows any number of jobs (the gateway caps
 * subscriptions per connection, 5 by default).
 */
export class HeraldClient {
  /** @param {ClientOptions} [options] */
  constructor(options = {}) {
    this.options = {
      pingIntervalMs: 30_000, initialDelayMs: 500, maxDelayMs: 30_000, limitDelayMs: 5_000, maxLimitDelayMs: 60_000,
      storeRetryDelayMs: 1_000, rateWindowMs: 10_000, maxMessagesPerWindow: 100, autoReconnect: true,
      refreshLeadMs: 30_000, ...options,
    };
    /** @private */ this._WebSocket = options.WebSocket || globalThis.WebSocket;
    /** @private */ this._EventSource = options.EventSource || globalThis.EventSource;
    /** @private */ this._fetch = options.fetch || (typeof globalThis.fetch === "function" ? globalThis.fetch.bind(globalThis) : null);
    /** @private */ this._random = options.random || Math.random;
    /** @private */ this._timers = options.timers || {
      setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h), now: () => Date.now(),
    };
    /** @type {ConnectionState} */ this.state = "idle";
    /** Failed connection attempts since the last healthy connection. */
    this.attempt = 0;
    /** The last error that ended a connection or refused a request, if any. @type {HeraldError|null} */
    this.lastError = null;
    /** @private @type {Map<string, Subscription>} */ this._subs = new Map();
    /** @private @type {Map<string, {type: string, jobId?: string, frame: any, resolve?: Function, reject?: Function, sentAt: number, sub?: Subscription}>} */
    this._pending = new Map();
    /** @private */ this._listeners = new Map();
    /** @private */ this._ws = null;
    /** @private */ this._nextId = 1;
    /** @private */ this._queue = [];
    /** @private */ this._window = { start: 0, count: 0 };
    /** @private */ this._pausedUntil = 0;
    /** @private */ this._flushTimer = null;
    /** @private */ this._pingTimer = null;
    /** @private */ this._reconnectTimer = null;
    /** @private */ this._closeError = null;
    /** @private */ this._healthy = false;
    /** @private */ this._limitMode = false;
    /** @private */ this._generation = 0;
    /** @private the token of the open connection (the last one connected with or refreshed to) */ this._token = null;
    /** @private when that token expires (ms since the epoch), if known */ this._tokenExpiresAt = null;
    /** @private */ this._refreshTimer = null;
    /** @private a renewal in flight (one at a time) */ this._renewing = null;
    /** @private failed renewals since the last success */ this._refreshAttempt = 0;
    /** @private the last token the gateway refused on refresh: never sent again */ this._refusedToken = null;
    if (!options.url && !defaultUrl()) throw new TypeError("options.url is required when this module is not loaded from a gateway");
    const transport = this.options.transport ?? "websocket";
    if (!TRANSPORTS.includes(transport)) throw new TypeError('options.transport must be "auto", "websocket" or "sse"');
    if (transport === "sse" && !this._EventSource) throw new TypeError("no EventSource implementation: pass options.EventSource");
    if (transport !== "sse" && !this._WebSocket) throw new TypeError("no WebSocket implementation: pass options.WebSocket");
    /**
     * The transport in use (or tried next): "websocket" or "sse". With transport "auto" it changes
     * to "sse" after two WebSocket connections in a row could not be opened; the "transport" event says so.
     * @type {"websocket"|"sse"}
     */
    this.transport = transport === "sse" ? "sse" : "websocket";
    /** @private WebSocket connections in a row that could not be opened */ this._wsFailures = 0;
    /** @private an SSE stream was admitted: "auto" stays on SSE */ this._sseWorks = false;
  }

  // ---- public API ---------------------------------------------------------------------------

  /** Start connecting (no-op when already connecting or open). @returns {this} */
  connect() {
    if (this.state === "connecting" || this.state === "open") return this;
    this._cancelReconnect();
    this._open();
    return this;
  }

  /**
   * Follow a job. Events with seq > afterSeq reach onEvent once each, in order, across
   * reconnects. Subscribing to a job already followed replaces its callbacks (and, when afterSeq
   * is given and differs, restarts it from there).
   * @param {string} jobId
   * @param {SubscribeOptions} [options]
   * @returns {Subscription}
   */
  subscribe(jobId, options = {}) {
    if (!isValidJobId(jobId)) throw new TypeError("jobId must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
    const afterSeq = options.afterSeq;
    if (afterSeq !== undefined && !(Number.isSafeInteger(afterSeq) && afterSeq >= 0)) throw new TypeError("afterSeq must be an integer >= 0");
    let sub = this._subs.get(jobId);
    if (sub) {
      sub.options = { ...sub.options, ...options };
      if (afterSeq === undefined || afterSeq === sub.lastSeq) return sub;
      sub.lastSeq = afterSeq;
    } else {
      sub = new Subscription(this, jobId, { ...options });
      this._subs.set(jobId, sub);
    }
    this._sendSubscribe(sub);
    if (this.state === "idle") this.connect();
    return sub;
  }

  /** Stop following a job: its events are no longer delivered, from now on. @param {string} jobId */
  unsubscribe(jobId) {
    const sub = this._subs.get(jobId);
    if (!sub) return;
    this._subs.delete(jobId);
    this._timers.clearTimeout(sub._retryTimer);
    if (this._isOpen()) this._request({ type: "unsubscribe", jobId });
  }

  /** @param {string} jobId @returns {Subscription|undefined} */
  subscription(jobId) {
    return this._subs.get(jobId);
  }

  /** Jobs followed, with the last seq delivered for each. @returns {{jobId: string, lastSeq: number}[]} */
  subscriptions() {
    return [...this._subs.values()].map((s) => ({ jobId: s.jobId, lastSeq: s.lastSeq }));
  }

  /**
   * Publish to a channel whose namespace allows client publishing. Resolves with the gateway's
   * "published" reply ({jobId, seq} in a durable channel: stored first; {jobId} in an ephemeral
   * one: relayed to the other members). Rejects with an Error carrying `code` when the gateway
   * refuses it (FORBIDDEN, BAD_REQUEST, STORE_UNAVAILABLE, ...), and when not connected or the
   * connection ends first (then it was maybe, maybe not, accepted). Publishes go out in the order
   * made, within the outbound rate like every request.
   * @param {string} jobId
   * @param {string} eventType
   * @param {*} payload any JSON value
   * @returns {Promise<Published>}
   */
  publish(jobId, eventType, payload) {
    if (!isValidJobId(jobId)) return Promise.reject(new TypeError("jobId must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"));
    if (!isValidJobId(eventType)) return Promise.reject(new TypeError("eventType must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"));
    if (payload === undefined) return Promise.reject(new TypeError("payload is required (any JSON value)"));
    if (this.transport === "sse") return Promise.reject(needsSocket("publish"));
    if (!this._isOpen()) return Promise.reject(Object.assign(new Error("not connected"), { code: "CLIENT_ERROR" }));
    return new Promise((resolve, reject) => {
      this._request({ type: "publish", jobId, eventType, payload }, resolve, reject);
    });
  }

  /**
   * Round trip to the gateway. Resolves with the time in ms; rejects when the connection ends first.
   * @returns {Promise<number>}
   */
  ping() {
    if (!this._isOpen()) return Promise.reject(new Error("not connected"));
    const sentAt = this._timers.now();
    return new Promise((resolve, reject) => {
      this._request({ type: "ping" }, () => resolve(this._timers.now() - sentAt), reject);
    });
  }

  /**
   * Who is subscribed to a channel this client follows, on every gateway instance (namespaces
   * with presence), first joined first. Rejects with an Error whose code is FORBIDDEN (not
   * subscribed: wait for onSubscribed), BAD_REQUEST (no presence in that namespace) or
   * STORE_UNAVAILABLE, or when the connection ends first.
   * @param {string} jobId
   * @returns {Promise<Member[]>}
   */
  presence(jobId) {
    if (!isValidJobId(jobId)) return Promise.reject(new TypeError("jobId must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"));
    if (this.transport === "sse") return Promise.reject(needsSocket("presence"));
    if (!this._isOpen()) return Promise.reject(new Error("not connected"));
    return new Promise((resolve, reject) => {
      this._request({ type: "presence", jobId }, (reply) => resolve(members(reply)), reject);
    });
  }

  /**
   * Close now and connect again (e.g. after a new token, or when the network is back), keeping
   * every subscription and its position. Also leaves the "closed" state after a fatal error.
   */
  reconnect() {
    this._cancelReconnect();
    this.attempt = 0;
    this._limitMode = false;
    this._dropSocket(1000, "reconnect");
    this._open();
  }

  /**
   * Use another token from the next connection on; reconnects at once when connected. It replaces
   * the tokenProvider too (to renew a token without reconnecting, use refreshToken).
   * @param {ClientOptions["token"]} token
   */
  setToken(token) {
    this.options.token = token;
    delete this.options.tokenProvider;
    if (this.state !== "idle") this.reconnect();
  }

  /**
   * Replace the token of the open connection without reconnecting (`refresh`): with `token`, or
   * one asked from the tokenProvider. Resolves with the new expiry (ISO-8601, null when the gateway
   * has auth off) or null when the provider had no new token; rejects when the gateway refuses it
   * (the connection then keeps its token) or the connection ends first.
   * @param {string} [token]
   * @returns {Promise<string|null>}
   */
  refreshToken(token) {
    if (this.transport === "sse") return Promise.reject(needsSocket("refreshToken (a stream takes a new token when it reconnects: use setToken)"));
    if (!this._isOpen()) return Promise.reject(new Error("not connected"));
    if (token === undefined && typeof this.options.tokenProvider !== "function") {
      return Promise.reject(new TypeError("no token given and no tokenProvider"));
    }
    // after any renewal in flight, never instead of it: the application's token is the newer one
    const inFlight = this._renewing;
    return inFlight ? inFlight.catch(() => {}).then(() => this._renew("requested", token)) : this._renew("requested", token);
  }

  /** Close for good (subscriptions are kept; connect() or reconnect() resumes them). */
  close() {
    this._cancelReconnect();
    this._dropSocket(1000, "closed by the application");
    this._setState("closed", { reason: "closed by the application" });
  }

  /**
   * Listen to "state" (StateChange), "error" (HeraldError, connection-level and every
   * subscription error too), "event" (every HeraldEvent delivered, all jobs), "join" / "leave"
   * (MemberChange, every channel followed), "truncated" (Truncated, every job followed; see
   * onTruncated), or "transport" (TransportChange: "auto" switched).
   * @template {"state"|"error"|"event"|"join"|"leave"|"truncated"|"transport"} T
   * @param {T} type
   * @param {(detail: T extends "state" ? StateChange : T extends "error" ? HeraldError : T extends "event" ? HeraldEvent : T extends "transport" ? TransportChange : T extends "truncated" ? Truncated : MemberChange) => void} listener
   * @returns {() => void} call it to stop listening
   */
  on(type, listener) {
    if (!this._listeners.has(type)) this._listeners.set(type, new Set());
    this._listeners.get(type).add(listener);
    return () => this._listeners.get(type)?.delete(listener);
  }

  // ---- connection ---------------------------------------------------------------------------

  /** @private */
  async _open() {
    const generation = ++this._generation;
    this._setState("connecting", { attempt: this.attempt });
    let url, token;
    try {
      ({ url, token } = await this._url());
    } catch (e) {
      if (generation !== this._generation) return;
      this._report({ code: "CLIENT_ERROR", message: "token provider failed: " + (e && e.message || e) });
      this._scheduleReconnect("backoff", { reason: "token provider failed" });
      return;
    }
    if (generation !== this._generation || this.state !== "connecting") return;
    this._token = token || null;
    this._tokenExpiresAt = tokenExpiry(token);
    let ws;
    const sse = this.transport === "sse";
    try {
      ws = sse ? new SseConnection(url, token, this._EventSource, this._fetch, this._timers) : new this._WebSocket(url);
    } catch (e) {
      this._report({ code: "CLIENT_ERROR", message: "cannot open " + (sse ? "EventSource" : "WebSocket") + ": " + (e && e.message || e) });
      this._setState("closed", { reason: "cannot open " + (sse ? "EventSource" : "WebSocket") });
      return;
    }
    this._ws = ws;
    this._healthy = false;
    this._closeError = null;
    let opened = false;
    ws.onopen = () => { opened = true; if (this._ws === ws) this._onOpen(); };
    ws.onmessage = (m) => this._ws === ws && this._onMessage(m.data);
    ws.onclose = (e) => {
      if (this._ws !== ws) return;
      this._chooseTransport(ws instanceof SseConnection ? ws.admitted : opened);
      this._onClose(e.code, e.reason);
    };
    ws.onerror = () => {}; // a close event always follows
  }

  /** @private */
  async _url() {
    let base = this.options.url;
    if (!base) base = defaultUrl();
    const url = new URL(base);
    if (url.protocol === "http:") url.protocol = "ws:";
    if (url.protocol === "https:") url.protocol = "wss:";
    const source = typeof this.options.tokenProvider === "function" ? this.options.tokenProvider : this.options.token;
    const token = typeof source === "function" ? await source() : source;
    if (token) url.searchParams.set("token", token);
    return { url: url.href, token };
  }

  /** @private */
  _onOpen() {
    this._queue = [];
    this._pausedUntil = 0;
    this._window = { start: this._timers.now(), count: 0 };
    this._setState("open", { attempt: this.attempt });
    // a ping first: its pong proves the gateway admitted us (admission happens after the handshake)
    this._request({ type: "ping" });
    for (const sub of this._subs.values()) this._sendSubscribe(sub);
    this._schedulePing();
    this._refreshAttempt = 0;
    this._scheduleRefresh();
  }

  /** @private */
  _onClose(closeCode, closeReason) {
    // the error frame that announced this close, if it came just before it (the gateway sends
    // the error, then the close frame, and cuts a client that does not take it within 2 s)
    const error = this._closeError && this._timers.now() - this._closeError.at <= 5_000 ? this._closeError.error : null;
    this._ws = null;
    this._stopTimers();
    for (const sub of this._subs.values()) { sub.held = false; sub.caughtUp = false; sub._pendingId = null; }
    for (const pending of this._pending.values()) pending.reject?.(new Error("connection closed"));
    this._pending.clear();
    this._queue = [];
    if (this.state === "closed") return;
    const code = error?.code || (closeCode === 4429 ? (closeReason || "CONNECTION_LIMIT") : CLOSE_CODE_NAMES[closeCode]) || undefined;
    const reason = error?.message || closeReason || (closeCode === 1006 ? "connection lost" : "connection closed");
    const policy = !this.options.autoReconnect ? "stop" : reconnectPolicy(closeCode, code, this._renewable());
    if (!error && closeCode !== 1000) {
      this._report({ code: code || "CONNECTION_LOST", message: reason, closeCode, retrying: policy !== "stop" });
    }
    if (policy === "stop") {
      this._setState("closed", { closeCode, code, reason });
      return;
    }
    this._scheduleReconnect(policy, { closeCode, code, reason });
  }

  /**
   * @private "auto": after two WebSocket connections in a row that could not be opened, follow over
   * SSE; if a stream cannot be opened either (the gateway is down, not the WebSocket path), try the
   * WebSocket again. Once a stream was admitted, SSE stays.
   * @param {boolean} worked the connection that just ended was opened (SSE: a stream was admitted)
   */
  _chooseTransport(worked) {
    if (this.options.transport !== "auto") return;
    if (this.transport === "websocket") {
      this._wsFailures = worked ? 0 : this._wsFailures + 1;
      if (this._wsFailures >= 2 && this._EventSource) {
        this._switchTransport("sse", "the WebSocket could not be opened " + this._wsFailures + " times in a row");
      }
    } else if (worked) {
      this._sseWorks = true;
    } else if (!this._sseWorks && this._WebSocket) {
      this._wsFailures = 1;
      this._switchTransport("websocket", "no stream could be opened either");
    }
  }

  /** @private */
  _switchTransport(transport, reason) {
    const previous = this.transport;
    this.transport = transport;
    this._emit("transport", { transport, previous, reason });
  }

  /** @private */
  _scheduleReconnect(policy, detail) {
    this.attempt += 1;
    let delay;
    if (policy === "limit" || (this._limitMode && policy === "backoff")) {
      this._limitMode = true;
      delay = backoffDelay(this.attempt, this.options.limitDelayMs, this.options.maxLimitDelayMs, this._random());
    } else if (policy === "soon" && this.attempt === 1) {
      delay = Math.round(this.options.initialDelayMs * this._random()); // at once, spread over [0, initial]
    } else {
      delay = backoffDelay(this.attempt, this.options.initialDelayMs, this.options.maxDelayMs, this._random());
    }
    this._setState("reconnecting", { ...detail, attempt: this.attempt, delayMs: delay });
    this._reconnectTimer = this._timers.setTimeout(() => {
      this._reconnectTimer = null;
      if (this.state === "reconnecting") this._open();
    }, delay);
  }

  /** @private */
  _cancelReconnect() {
    if (this._reconnectTimer !== null) this._timers.clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
  }

  /** @private */
  _dropSocket(code, reason) {
    const ws = this._ws;
    this._generation++;
    if (ws) {
      this._ws = null;
      try { ws.close(code, reason); } catch { /* already closing */ }
    }
    this._stopTimers();
    for (const pending of this._pending.values()) pending.reject?.(new Error("connection closed"));
    this._pending.clear();
    this._queue = [];
    for (const sub of this._subs.values()) { sub.held = false; sub.caughtUp = false; sub._pendingId = null; }
  }

  /** @private */
  _stopTimers() {
    this._timers.clearTimeout(this._pingTimer);
    this._timers.clearTimeout(this._flushTimer);
    this._timers.clearTimeout(this._refreshTimer);
    this._pingTimer = this._flushTimer = this._refreshTimer = null;
  }

  // ---- token renewal ------------------------------------------------------------------------

  /** @private an admitted connection whose token a tokenProvider can replace */
  _renewable() {
    return typeof this.options.tokenProvider === "function" && this._healthy;
  }

  /** @private renew the token in force ahead of its expiry, when a provider can give a new one */
  _scheduleRefresh() {
    this._timers.clearTimeout(this._refreshTimer);
    this._refreshTimer = null;
    if (typeof this.options.tokenProvider !== "function" || this._tokenExpiresAt === null || !this._isOpen()) return;
    if (this.transport === "sse") return; // a stream cannot refresh: it reconnects with a new token when its token ends
    const delay = refreshDelay(this._tokenExpiresAt - this._timers.now(), this.options.refreshLeadMs);
    this._refreshTimer = this._timers.setTimeout(() => {
      this._refreshTimer = null;
      this._renew("scheduled").catch(() => { /* reported */ });
    }, delay);
  }

  /**
   * @private sends `refresh` with `given` or the provider's token. The client's own renewals
   * (scheduled, on TOKEN_EXPIRED, retries) join the one in flight; the application's are queued.
   * @param {"scheduled"|"expired"|"retry"|"requested"} reason
   * @param {string} [given]
   * @returns {Promise<string|null>}
   */
  _renew(reason, given) {
    if (this._renewing && reason !== "requested") return this._renewing;
    const generation = this._generation;
    const run = async () => {
      let token = given;
      if (token === undefined) {
        try {
          token = await this.options.tokenProvider();
        } catch (e) {
          if (generation === this._generation) this._renewFailed({ code: "CLIENT_ERROR", message: "token provider failed: " + (e && e.message || e) });
          throw e;
        }
      }
      if (generation !== this._generation || !this._isOpen()) throw new Error("connection closed");
      if (!token || token === this._token || (given === undefined && token === this._refusedToken)) {
        // nothing new to send: a scheduled renewal waits for TOKEN_EXPIRED to ask again
        if (reason === "expired") {
          this._report({ code: "TOKEN_EXPIRED", message: "the token expired and the token provider has no new one", retrying: false });
        }
        return null;
      }
      const refreshed = await new Promise((resolve, reject) => this._request({ type: "refresh", token }, resolve, reject));
      return refreshed.expiresAt ?? null;
    };
    const renewing = run().finally(() => { if (this._renewing === renewing) this._renewing = null; });
    this._renewing = renewing;
    return renewing;
  }

  /** @private the gateway took the new token: it is in force from now on */
  _onRefreshed(m) {
    this._markHealthy();
    const pending = this._pending.get(m.id);
    const token = pending?.frame.token;
    this._settle(m.id, true, undefined, m);
    if (!token) return;
    this._token = token;
    const fromServer = typeof m.expiresAt === "string" ? Date.parse(m.expiresAt) : NaN;
    const expiries = [tokenExpiry(token), Number.isFinite(fromServer) ? fromServer : null].filter((t) => t !== null);
    this._tokenExpiresAt = expiries.length ? Math.min(...expiries) : null;
    this._refreshAttempt = 0;
    this._scheduleRefresh();
    for (const sub of this._subs.values()) {
      if (sub._awaitingToken) { sub._awaitingToken = false; this._sendSubscribe(sub); }
    }
    this._emit("refreshed", { expiresAt: m.expiresAt ?? null });
  }

  /** @private a renewal failed (provider error, or the gateway refused the token): try again later */
  _renewFailed(error) {
    const retrying = typeof this.options.tokenProvider === "function" && this._isOpen();
    if (!retrying) {
      this._report({ ...error, retrying: false });
      return;
    }
    this._refreshAttempt += 1;
    const retryInMs = backoffDelay(this._refreshAttempt, 1_000, this.options.maxDelayMs, this._random());
    this._report({ ...error, retrying: true, retryInMs });
    this._timers.clearTimeout(this._refreshTimer);
    this._refreshTimer = this._timers.setTimeout(() => {
      this._refreshTimer = null;
      this._renew("retry").catch(() => { /* reported */ });
    }, retryInMs);
  }

  /** @private TOKEN_EXPIRED: the connection stays open for the grace period; renew now */
  _onTokenExpired(error, pending, sub) {
    const renewable = typeof this.options.tokenProvider === "function";
    const full = { ...error, retrying: renewable };
    if (pending?.type === "subscribe" && sub) {
      if (pending.sub !== sub) return; // reply to a superseded subscribe
      // not held: subscribed again once the token is renewed
      sub._pendingId = null;
      sub.held = false;
      sub._awaitingToken = true;
      this.lastError = full;
      this._call(sub.options.onError, full);
      this._emit("error", full);
    } else {
      this._report(full);
    }
    if (renewable) this._renew("expired").catch(() => { /* reported */ });
  }

  /** @private `unsubscribed` without an id: the gateway ended a subscription the new token does not grant */
  _onWithdrawn(m) {
    const sub = this._subs.get(m.jobId);
    if (!sub) return;
    this._subs.delete(sub.jobId);
    this._timers.clearTimeout(sub._retryTimer);
    const error = { code: "FORBIDDEN", message: "the gateway ended this subscription: the token in force does not grant the job", jobId: sub.jobId, retrying: false };
    this.lastError = error;
    this._call(sub.options.onError, error);
    this._emit("error", error);
  }

  /** @private */
  _schedulePing() {
    this._timers.clearTimeout(this._pingTimer);
    this._pingTimer = this._timers.setTimeout(() => {
      if (!this._isOpen()) return;
      this._request({ type: "ping" });
      this._schedulePing();
    }, this.options.pingIntervalMs);
  }

  /** @private */
  _markHealthy() {
    if (this._healthy) return;
    this._healthy = true;
    this.attempt = 0;
    this._limitMode = false;
  }

  /** @private */
  _isOpen() {
    return this._ws !== null && this._ws.readyState === OPEN && this.state === "open";
  }

  // ---- requests and the outbound rate -------------------------------------------------------

  /** @private */
  _sendSubscribe(sub) {
    if (!this._isOpen()) return;
    this._timers.clearTimeout(sub._retryTimer);
    sub._retryTimer = null;
    sub.held = false;
    sub.caughtUp = false;
    this._request({ type: "subscribe", jobId: sub.jobId, afterSeq: sub.lastSeq }, null, null, sub);
  }

  /** @private @returns {string} the request id */
  _request(frame, resolve, reject, sub) {
    const id = "h" + this._nextId++;
    const full = { ...frame, id };
    if (sub) sub._pendingId = id; // before it is sent: the queue only sends the latest subscribe of a job
    this._pending.set(id, { type: frame.type, jobId: frame.jobId, frame: full, resolve, reject, sentAt: this._timers.now(), sub });
    this._enqueue(full);
    return id;
  }

  /** @private */
  _enqueue(frame) {
    this._queue.push(frame);
    this._flush();
  }

  /** @private */
  _flush() {
    if (this._flushTimer !== null || !this._isOpen()) return;
    while (this._queue.length > 0) {
      const now = this._timers.now();
      if (now < this._pausedUntil) return this._flushLater(this._pausedUntil - now);
      if (now - this._window.start >= this.options.rateWindowMs) this._window = { start: now, count: 0 };
      if (this._window.count >= this.options.maxMessagesPerWindow) {
        return this._flushLater(this._window.start + this.options.rateWindowMs - now);
      }
      const frame = this._queue.shift();
      // a subscribe waiting in the queue goes out with the freshest position
      if (frame.type === "subscribe") {
        const sub = this._subs.get(frame.jobId);
        if (!sub || sub._pendingId !== frame.id) { this._pending.delete(frame.id); continue; }
        frame.afterSeq = sub.lastSeq;
      }
      this._window.count += 1;
      try {
        this._ws.send(JSON.stringify(frame));
      } catch {
        return; // the close event follows
      }
    }
  }

  /** @private */
  _flushLater(ms) {
    this._flushTimer = this._timers.setTimeout(() => {
      this._flushTimer = null;
      this._flush();
    }, Math.max(1, ms));
  }

  // ---- inbound ------------------------------------------------------------------------------

  /** @private */
  _onMessage(data) {
    let m;
    try {
      m = JSON.parse(data);
    } catch {
      this._report({ code: "CLIENT_ERROR", message: "the gateway sent a frame that is not JSON" });
      return;
    }
    if (!m || typeof m !== "object") return;
    switch (m.type) {
      case "event": return this._onEvent(m);
      case "caught-up": return this._onCaughtUp(m);
      case "subscribed": return this._onSubscribed(m);
      case "unsubscribed": this._markHealthy(); return m.id === undefined ? this._onWithdrawn(m) : this._settle(m.id, true);
      case "refreshed": return this._onRefreshed(m);
      case "pong": this._markHealthy(); return this._settle(m.id, true);
      case "presence": this._markHealthy(); return this._settle(m.id, true, undefined, m);
      case "join": case "leave": return this._onMember(m);
      case "published": this._markHealthy(); return this._settle(m.id, true, undefined, m.seq === undefined ? { jobId: m.jobId } : { jobId: m.jobId, seq: m.seq });
      case "error": return this._onError(m);
      default: return; // newer server frames: ignore
    }
  }

  /** @private */
  _settle(id, ok, error, value) {
    if (id === undefined) return undefined;
    const pending = this._pending.get(id);
    if (!pending) return undefined;
    this._pending.delete(id);
    if (ok) pending.resolve?.(value);
    else pending.reject?.(Object.assign(new Error(error.message), { code: error.code }));
    return pending;
  }

  /** @private */
  _onSubscribed(m) {
    this._markHealthy();
    this._settle(m.id, true);
    const sub = this._subs.get(m.jobId);
    if (!sub || (sub._pendingId !== null && m.id !== sub._pendingId)) return; // a superseded subscribe
    sub._pendingId = null;
    sub.held = true;
    sub.headSeq = m.headSeq;
    // a gateway before retention sends neither field: nothing was deleted
    const firstSeq = Number.isSafeInteger(m.firstSeq) ? m.firstSeq : 1;
    const truncated = m.truncated === true && firstSeq - 1 > sub.lastSeq;
    this._call(sub.options.onSubscribed, { jobId: m.jobId, afterSeq: m.afterSeq, headSeq: m.headSeq, firstSeq, truncated });
    if (truncated) {
      // the replay starts at firstSeq: what lies before it is gone, not a hole to repair
      const info = { jobId: m.jobId, afterSeq: sub.lastSeq, firstSeq };
      sub.lastSeq = firstSeq - 1;
      this._call(sub.options.onTruncated, info);
      this._emit("truncated", info);
    }
  }

  /** @private */
  _onEvent(m) {
    const sub = this._subs.get(m.jobId);
    if (!sub) return; // not followed (any more)
    if (m.seq === undefined) return this._onRelayed(sub, m);
    if (!Number.isSafeInteger(m.seq)) return;
    if (m.seq <= sub.lastSeq) { sub.duplicatesDropped += 1; return; }
    if (m.seq !== sub.lastSeq + 1) {
      // never expected from the gateway; resume from what was delivered, once per subscribe
      if (sub._pendingId === null) this._sendSubscribe(sub);
      return;
    }
    sub.lastSeq = m.seq;
    const event = { jobId: m.jobId, seq: m.seq, eventType: m.eventType, occurredAt: m.occurredAt, payload: m.payload, replay: m.replay === true };
    if (m.from) event.from = m.from;
    this._call(sub.options.onEvent, event);
    this._emit("event", event);
  }

  /** @private an ephemeral channel's event: no seq to order or deduplicate by; the gateway sends each once */
  _onRelayed(sub, m) {
    const event = { jobId: m.jobId, eventType: m.eventType, occurredAt: m.occurredAt, payload: m.payload };
    if (m.from) event.from = m.from;
    this._call(sub.options.onRelayed, event);
    this._emit("relayed", event);
  }

  /** @private */
  _onMember(m) {
    const sub = this._subs.get(m.jobId);
    if (!sub || typeof m.clientId !== "string") return; // not followed (any more)
    const change = { jobId: m.jobId, ...member(m) };
    this._call(m.type === "join" ? sub.options.onJoin : sub.options.onLeave, change);
    this._emit(m.type, change);
  }

  /** @private */
  _onCaughtUp(m) {
    const sub = this._subs.get(m.jobId);
    if (!sub || sub._pendingId !== null) return; // belongs to a superseded subscribe
    if (m.seq > sub.lastSeq) { this._sendSubscribe(sub); return; } // a hole: never expected, resume
    sub.caughtUp = true;
    sub._storeAttempt = 0;
    this._call(sub.options.onCaughtUp, { jobId: m.jobId, seq: m.seq, replayed: m.replayed, durationMs: m.durationMs });
  }

  /** @private */
  _onError(m) {
    const error = { code: String(m.code), message: String(m.message ?? m.code) };
    const pending = this._settle(m.id, false, error);
    const jobId = m.jobId ?? pending?.jobId;
    if (jobId !== undefined) error.jobId = jobId;
    const sub = jobId !== undefined ? this._subs.get(jobId) : undefined;
    const forSubscribe = pending ? pending.type === "subscribe" : sub !== undefined && SUBSCRIPTION_CODES.includes(error.code);

    if (pending?.type === "refresh") {
      // UNAUTHORIZED or FORBIDDEN: the connection keeps the token it had; the provider is asked
      // again later, but this token is not sent again
      this._refusedToken = pending.frame.token;
      this._renewFailed(error);
      return;
    }
    if (error.code === "TOKEN_EXPIRED") return this._onTokenExpired(error, pending, sub);

    if (error.code === "RATE_LIMITED" && !(pending && pending.type === "subscribe")) {
      // the offending frame was dropped unparsed: pause the window, then resend every request
      // still unanswered (subscribe resumes from lastSeq; a publish still unanswered was dropped
      // too: the gateway answers a connection's publishes in the order they came, before this error)
      this._pausedUntil = this._timers.now() + this.options.rateWindowMs;
      const resend = [...this._pending.values()].map((p) => p.frame);
      this._queue = [...resend, ...this._queue.filter((f) => !resend.includes(f))];
      this._timers.clearTimeout(this._flushTimer);
      this._flushTimer = null;
      this._closeError = { error, at: this._timers.now() };
      this._report({ ...error, retrying: true, retryInMs: this.options.rateWindowMs });
      this._flush();
      return;
    }
    if (pending && pending.type === "publish" && !CLOSING_CODES.includes(error.code)) {
      // a refused publish (its promise is rejected above); the connection stays open
      this._report({ ...error, retrying: false });
      return;
    }
    if (forSubscribe && sub) {
      if (pending && pending.sub !== sub) return; // reply to a superseded subscribe
      sub._pendingId = null;
      sub.held = false;
      if (error.code === "STORE_UNAVAILABLE" || error.code === "RATE_LIMITED") {
        // the store is down, or (RATE_LIMITED answering this subscribe) this address opened too
        // many new ephemeral channels this minute: both pass, so retry with backoff
        sub._storeAttempt += 1;
        const retryInMs = error.code === "RATE_LIMITED"
          ? backoffDelay(sub._storeAttempt, this.options.limitDelayMs, this.options.maxLimitDelayMs, this._random())
          : backoffDelay(sub._storeAttempt, this.options.storeRetryDelayMs, this.options.maxDelayMs, this._random());
        const full = { ...error, retrying: true, retryInMs };
        this.lastError = full;
        this._call(sub.options.onError, full);
        this._emit("error", full);
        sub._retryTimer = this._timers.setTimeout(() => {
          sub._retryTimer = null;
          if (this._subs.get(sub.jobId) === sub) this._sendSubscribe(sub);
        }, retryInMs);
        return;
      }
      // BAD_REQUEST, FORBIDDEN, SUBSCRIPTION_LIMIT: the gateway does not hold it; retrying the
      // same request cannot help, so the client stops following the job
      this._subs.delete(sub.jobId);
      const full = { ...error, retrying: false };
      this.lastError = full;
      this._call(sub.options.onError, full);
      this._emit("error", full);
      return;
    }
    if (pending && pending.type === "presence" && REQUEST_CODES.includes(error.code)) {
      // its promise was rejected by _settle; the connection and the subscription stay
      this._report({ ...error, retrying: false });
      return;
    }
    if (error.code === "BAD_REQUEST") {
      // a request that is not a subscribe was refused; the connection stays open
      this._report({ ...error, retrying: false });
      return;
    }
    // the gateway is about to close the connection (the close frame follows: _onClose decides)
    this._closeError = { error, at: this._timers.now() };
    const renewed = error.code === "UNAUTHORIZED" && this._renewable();
    this._report({ ...error, retrying: (renewed || !FATAL_CODES.includes(error.code)) && this.options.autoReconnect });
  }

  // ---- plumbing -----------------------------------------------------------------------------

  /** @private */
  _report(error) {
    this.lastError = error;
    this._emit("error", error);
  }

  /** @private */
  _setState(state, detail = {}) {
    const previous = this.state;
    this.state = state;
    if (previous === state && state !== "reconnecting" && state !== "connecting") return;
    this._emit("state", { state, previous, ...detail });
  }

  /** @private */
  _emit(type, detail) {
    for (const listener of [...(this._listeners.get(type) || [])]) this._call(listener, detail);
  }

  /** @private an application callback that throws must not break delivery */
  _call(fn, arg) {
    if (typeof fn !== "function") return;
    try {
      fn(arg);
    } catch (e) {
      (globalThis.reportError || console.error)(e);
    }
  }
}

/** @param {any} m @returns {Member} */
function member(m) {
  return { clientId: String(m.clientId), user: typeof m.user === "string" ? m.user : null, joinedAt: String(m.joinedAt) };
}

/** @param {any} reply @returns {Member[]} */
function members(reply) {
  return Array.isArray(reply?.members) ? reply.members.map(member) : [];
}

/** @param {string} call @returns {Error & {code: string}} */
function needsSocket(call) {
  return Object.assign(new Error(call + " needs the WebSocket transport; this client follows its jobs over Server-Sent Events"),
    { code: "TRANSPORT_UNSUPPORTED" });
}

/** What a stream's error code would have been as a socket close: the client's reconnect rules then apply unchanged. */
const SSE_CLOSE_CODES = {
  SHUTTING_DOWN: 1001, MAINTENANCE: 1013, UNAUTHORIZED: 4401, TOKEN_EXPIRED: 4401, REVOKED: 4401, ORIGIN_NOT_ALLOWED: 4403,
  IDLE_TIMEOUT: 4408, SLOW_CONSUMER: 4409, DISCONNECTED: 4410, CONNECTION_LIMIT: 4429, ORIGIN_LIMIT: 4429, IP_LIMIT: 4429,
};

/**
 * The SSE transport, shaped like a WebSocket so the client's connection logic drives it unchanged:
 * `subscribe` opens an EventSource on GET /api/jobs/{jobId}/stream?afterSeq=N (the stream's frames
 * are the socket's JSON), `unsubscribe` closes it, `ping` is answered here. A stream that ends with
 * `event: error`, or is lost, closes the whole "connection" with the matching socket close code, so
 * the client reconnects and resumes every job with afterSeq as it does for a socket. A stream
 * refused before it started (EventSource only says "error") is asked again with fetch, to learn
 * the status and code.
 * @private
 */
class SseConnection {
  /**
   * @param {string} socketUrl the gateway's WebSocket URL (…/realtime, with ?token=)
   * @param {string|null|undefined} token
   */
  constructor(socketUrl, token, EventSourceImpl, fetchImpl, timers) {
    const url = new URL(socketUrl);
    url.protocol = url.protocol === "wss:" ? "https:" : url.protocol === "ws:" ? "http:" : url.protocol;
    url.search = "";
    /** @private the gateway's root: /realtime and /api sit side by side */ this._root = new URL(".", url);
    /** @private */ this._token = token || null;
    /** @private */ this._EventSource = EventSourceImpl;
    /** @private */ this._fetch = fetchImpl;
    /** @private */ this._timers = timers;
    /** @private @type {Map<string, {source: any, jobId: string, id?: string, url: string, subscribed: boolean}>} */
    this._streams = new Map();
    /** @private pings waiting for the first admitted stream */ this._pings = [];
    this.readyState = 0;
    /** A stream was admitted on this connection. */
    this.admitted = false;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null; // never called: a close always reports the end
    this._timers.setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = OPEN;
      this.onopen?.({});
    }, 0);
  }

  /** @param {string} text a client frame */
  send(text) {
    if (this.readyState !== OPEN) throw new Error("InvalidStateError: not open");
    const frame = JSON.parse(text);
    switch (frame.type) {
      case "ping":
        // like a socket's pong, it proves admission: answered once a stream is admitted (the client
        // sends its subscribes right after its first ping; with none, there is nothing to wait for)
        this._timers.setTimeout(() => {
          if (this.admitted || this._streams.size === 0) this._deliver({ type: "pong", id: frame.id });
          else this._pings.push(frame.id);
        }, 0);
        return;
      case "subscribe": return this._follow(frame.jobId, frame.afterSeq ?? 0, frame.id);
      case "unsubscribe":
        this._stop(frame.jobId);
        return this._reply({ type: "unsubscribed", jobId: frame.jobId, id: frame.id });
      default:
        return this._reply({ type: "error", code: "TRANSPORT_UNSUPPORTED", message: frame.type + " needs the WebSocket transport", id: frame.id });
    }
  }

  close(code = 1000, reason = "") {
    this._end(code, reason);
  }

  /** @private */
  _follow(jobId, afterSeq, id) {
    this._stop(jobId);
    const url = new URL("api/jobs/" + encodeURIComponent(jobId) + "/stream", this._root);
    url.searchParams.set("afterSeq", String(afterSeq));
    if (this._token) url.searchParams.set("token", this._token);
    const stream = { source: null, jobId, id, url: url.href, subscribed: false };
    const source = new this._EventSource(url.href);
    stream.source = source;
    this._streams.set(jobId, stream);
    const live = () => this._streams.get(jobId) === stream && this.readyState === OPEN;
    source.addEventListener("subscribed", (m) => {
      if (!live()) return;
      stream.subscribed = true;
      this._deliver({ ...JSON.parse(m.data), id: stream.id });
      stream.id = undefined;
      this._admit();
    });
    for (const type of ["event", "caught-up"]) {
      source.addEventListener(type, (m) => { if (live()) this._deliver(JSON.parse(m.data)); });
    }
    source.addEventListener("error", (m) => {
      if (!live()) return;
      if (typeof m.data === "string") return this._ended(stream, JSON.parse(m.data));
      // lost: the client resumes with afterSeq (EventSource's own retry is not waited for)
      source.close();
      if (stream.subscribed) return this._end(1006, "stream lost");
      this._probe(stream);
    });
  }

  /** @private the stream's last frame, `event: error` */
  _ended(stream, error) {
    stream.source.close();
    this._streams.delete(stream.jobId);
    const code = String(error.code);
    if (SUBSCRIPTION_CODES.includes(code)) {
      // the subscription's refusal: the client retries (STORE_UNAVAILABLE) or drops the job
      return this._deliver({ type: "error", code, message: error.message, jobId: stream.jobId, id: stream.id });
    }
    const closeCode = SSE_CLOSE_CODES[code] ?? 1011;
    // TOKEN_EXPIRED is not passed on as such: a stream cannot refresh, the client reconnects with a new token
    if (code !== "TOKEN_EXPIRED") this._deliver({ type: "error", code, message: error.message });
    this._end(closeCode, closeCode === 4429 ? code : error.message);
  }

  /** @private EventSource gave up before the stream started: ask again to learn the status and code */
  _probe(stream) {
    if (typeof this._fetch !== "function") return this._end(1006, "stream could not be opened");
    const abort = typeof AbortController === "function" ? new AbortController() : null;
    this._fetch(stream.url, { headers: { Accept: "text/event-stream" }, cache: "no-store", signal: abort?.signal })
      .then(async (response) => {
        if (response.ok) { abort?.abort(); return null; }
        try { return await response.json(); } catch { return null; }
      })
      .catch(() => null)
      .then((refusal) => {
        if (this._streams.get(stream.jobId) !== stream || this.readyState !== OPEN) return;
        if (refusal && typeof refusal.code === "string") return this._ended(stream, refusal);
        this._end(1006, "stream could not be opened");
      });
  }

  /** @private */
  _stop(jobId) {
    const stream = this._streams.get(jobId);
    if (!stream) return;
    this._streams.delete(jobId);
    stream.source.close();
  }

  /** @private */
  _admit() {
    if (this.admitted) return;
    this.admitted = true;
    for (const id of this._pings.splice(0)) this._deliver({ type: "pong", id });
  }

  /** @private */
  _deliver(frame) {
    if (this.readyState === OPEN) this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** @private */
  _reply(frame) {
    this._timers.setTimeout(() => this._deliver(frame), 0);
  }

  /** @private */
  _end(code, reason) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    for (const stream of this._streams.values()) stream.source.close();
    this._streams.clear();
    this._timers.setTimeout(() => this.onclose?.({ code, reason, wasClean: code !== 1006 }), 0);
  }
}

/**
 * Create a client and start connecting.
 * @param {ClientOptions} [options]
 * @returns {HeraldClient}
 */
export function connect(options) {
  return new HeraldClient(options).connect();
}
