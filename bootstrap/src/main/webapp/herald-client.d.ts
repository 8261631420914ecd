// Types of herald-client.js (served beside it). See docs/web-client.md.

export declare const VERSION: string;

export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "closed";
export declare const STATES: readonly ConnectionState[];

/** Codes after which the client does not reconnect by itself. */
export declare const FATAL_CODES: readonly ["UNAUTHORIZED", "ORIGIN_NOT_ALLOWED", "REVOKED"];
/** Codes that refuse one subscription while the connection stays open. */
export declare const SUBSCRIPTION_CODES: readonly ["BAD_REQUEST", "FORBIDDEN", "SUBSCRIPTION_LIMIT", "STORE_UNAVAILABLE"];

/** Error codes of the wire contract, plus the two the client reports itself. */
export type ErrorCode =
  | "BAD_REQUEST" | "MESSAGE_TOO_LARGE" | "UNAUTHORIZED" | "FORBIDDEN" | "ORIGIN_NOT_ALLOWED"
  | "CONNECTION_LIMIT" | "ORIGIN_LIMIT" | "IP_LIMIT" | "SUBSCRIPTION_LIMIT" | "RATE_LIMITED"
  | "IDLE_TIMEOUT" | "SLOW_CONSUMER" | "STORE_UNAVAILABLE" | "SHUTTING_DOWN" | "TOKEN_EXPIRED"
  | "MAINTENANCE" | "DISCONNECTED" | "REVOKED"
  | "CONNECTION_LOST" | "CLIENT_ERROR";

/** One event of a job. */
export interface HeraldEvent<P = unknown> {
  jobId: string;
  /** 1 for the job's first event, +1 for each next one. */
  seq: number;
  eventType: string;
  /** ISO-8601 UTC time the gateway stored the event. */
  occurredAt: string;
  /** The publisher's JSON value. */
  payload: P;
  /** true for catch-up events, false for live ones. */
  replay: boolean;
  /** The client that published it over the WebSocket; absent for a worker's REST publish. */
  from?: Sender;
}

/** A client that published an event. */
export interface Sender {
  /** Its connection. */
  clientId: string;
  /** Its token's subject; null when auth is off or the token names none. */
  user: string | null;
}

/**
 * One event of an ephemeral channel (a namespace with history "none"): relayed live to the
 * channel's other members, never stored, so it has no seq and is never replayed.
 */
export interface RelayedEvent<P = unknown> {
  jobId: string;
  eventType: string;
  /** ISO-8601 UTC time the gateway relayed it. */
  occurredAt: string;
  payload: P;
  /** Absent when a worker published it over REST. */
  from?: Sender;
}

/** The gateway accepted a publish. */
export interface Published {
  jobId: string;
  /** The stored event's seq: durable channels only. */
  seq?: number;
}

/** The catch-up of a (re-)subscription is over. */
export interface CaughtUp {
  jobId: string;
  /** Every event up to this seq has been delivered. */
  seq: number;
  /** Events sent by this catch-up (including duplicates the client dropped). */
  replayed: number;
  durationMs: number;
}

export interface HeraldError {
  code: ErrorCode | string;
  message: string;
  jobId?: string;
  /** Close code of the connection this error ended, if it ended one. */
  closeCode?: number;
  /** true when the client retries by itself (reconnect or re-subscribe). */
  retrying?: boolean;
  /** Delay before that retry. */
  retryInMs?: number;
}

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Reconnect attempt number (1 for the first retry). */
  attempt?: number;
  /** When "reconnecting": the delay before the next attempt. */
  delayMs?: number;
  /** Close code of the connection that just ended. */
  closeCode?: number;
  /** Error code that ended it, when the gateway told one. */
  code?: string;
  reason?: string;
}

/** One connection subscribed to a channel (namespaces with presence). A user with two tabs is two members. */
export interface Member {
  clientId: string;
  /** The token's sub, or null (auth off, or a token without sub). */
  user: string | null;
  /** ISO-8601 UTC time it subscribed. */
  joinedAt: string;
}

/** Someone else joined or left a channel this client follows (namespaces with join-leave). */
export interface MemberChange extends Member {
  jobId: string;
}

export interface SubscribeOptions<P = unknown> {
  /** Last seq the application already has; events after it are delivered. Default 0 (all). */
  afterSeq?: number;
  /** Called once per seq, in order, across reconnects. */
  onEvent?: (event: HeraldEvent<P>) => void;
  /** Ephemeral channels: called for each event relayed to this client (not its own), in the order each sender sent them. */
  onRelayed?: (event: RelayedEvent<P>) => void;
  /** Called after each catch-up (again after every resume). */
  onCaughtUp?: (info: CaughtUp) => void;
  /** Errors of this subscription: FORBIDDEN, SUBSCRIPTION_LIMIT, BAD_REQUEST end it; STORE_UNAVAILABLE and RATE_LIMITED (too many new channels) are retried. */
  onError?: (error: HeraldError) => void;
  /** The gateway holds the subscription (after every (re)connect). */
  onSubscribed?: (info: { jobId: string; afterSeq: number; headSeq: number; firstSeq: number; truncated: boolean }) => void;
  /**
   * Events after the seq this subscription resumed from were deleted by the gateway's retention:
   * they will never come, delivery goes on at `firstSeq`. Reload what you built from the events
   * (e.g. the snapshot). Called after `onSubscribed`, before the replay.
   */
  onTruncated?: (info: Truncated) => void;
  /** Another connection subscribed to this channel (namespaces with join-leave). */
  onJoin?: (member: MemberChange) => void;
  /** Another connection unsubscribed or went away (namespaces with join-leave). */
  onLeave?: (member: MemberChange) => void;
}

export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

/** Gives a fresh token (from the application's backend): for every connect, before the token in force expires, on TOKEN_EXPIRED. */
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

/** The gateway took a new token on the open connection. */
export interface Refreshed {
  /** When the new token expires (ISO-8601 UTC), or null when the gateway has auth off. */
  expiresAt: string | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface ClientOptions {
  /** ws(s):// URL (http(s):// is turned into ws(s)://). Default: "realtime" beside the URL this module was loaded from. */
  url?: string;
  /** Sent as ?token=; a function is asked again before every connect. */
  token?: TokenSource;
  /**
   * Asked for a fresh token before every connect (instead of `token`), before the token in force
   * expires (sent with `refresh` on the open connection, no reconnect) and on TOKEN_EXPIRED.
   */
  tokenProvider?: TokenProvider;
  /** Renew the token this long before it expires (half-way through what it has left when that is shorter). Default 30000. */
  refreshLeadMs?: number;
  /** Application-level ping interval (keeps the idle timeout away). Default 30000. */
  pingIntervalMs?: number;
  /** First reconnect delay; doubles per failed attempt. Default 500. */
  initialDelayMs?: number;
  /** Cap of the reconnect delay. Default 30000. */
  maxDelayMs?: number;
  /** First reconnect delay after a cap refusal (4429). Default 5000. */
  limitDelayMs?: number;
  /** Cap of the delay after cap refusals. Default 60000. */
  maxLimitDelayMs?: number;
  /** First re-subscribe delay after STORE_UNAVAILABLE; doubles up to maxDelayMs. Default 1000. */
  storeRetryDelayMs?: number;
  /** Outbound rate window. Default 10000. */
  rateWindowMs?: number;
  /** Outbound messages per window. Default 100 (the gateway allows 200 by default). */
  maxMessagesPerWindow?: number;
  /** Reconnect by itself after a connection ends. Default true. */
  autoReconnect?: boolean;
  /**
   * How to reach the gateway. "websocket" (default): /realtime. "sse": a Server-Sent Events stream
   * per job (receive only: publish, presence and refreshToken reject with code TRANSPORT_UNSUPPORTED).
   * "auto": WebSocket, then SSE once two WebSocket connections in a row could not be opened (back
   * to WebSocket while no stream can be opened either); see `transport` and the "transport" event.
   */
  transport?: "auto" | "websocket" | "sse";
  /** WebSocket implementation. Default: the global one. */
  WebSocket?: typeof WebSocket;
  /** EventSource implementation for the SSE transport. Default: the global one. */
  EventSource?: typeof EventSource;
  /** fetch, used to learn why a stream was refused. Default: the global one. */
  fetch?: typeof fetch;
  /** Random source in [0, 1) for the jitter. Default Math.random. */
  random?: () => number;
  /** Timer functions (for tests). */
  timers?: Timers;
}

export declare class Subscription<P = unknown> {
  readonly jobId: string;
  /** Last seq delivered to onEvent (or the afterSeq given, before any). */
  lastSeq: number;
  /** Latest headSeq the gateway reported on subscribe. */
  headSeq: number;
  /** true while the gateway holds it on the current connection. */
  held: boolean;
  /** true once a catch-up finished on the current connection. */
  caughtUp: boolean;
  /** Events dropped because they had been delivered already. */
  duplicatesDropped: number;
  options: SubscribeOptions<P>;
  /** Stop following the job. */
  unsubscribe(): void;
  /** Who is subscribed to this channel now, on every gateway instance. */
  presence(): Promise<Member[]>;
}

/** Retention deleted events a subscription had not delivered yet. */
export interface Truncated {
  jobId: string;
  /** The last seq delivered (or asked for) before the gap. */
  afterSeq: number;
  /** The first seq still stored: delivery goes on there. */
  firstSeq: number;
}

export interface TransportChange {
  /** The transport used from the next connection on. */
  transport: "websocket" | "sse";
  previous: "websocket" | "sse";
  reason: string;
}

export interface ClientEvents {
  state: StateChange;
  error: HeraldError;
  event: HeraldEvent;
  join: MemberChange;
  leave: MemberChange;
  relayed: RelayedEvent;
  refreshed: Refreshed;
  truncated: Truncated;
  transport: TransportChange;
}

export declare class HeraldClient {
  constructor(options?: ClientOptions);
  readonly options: Required<Pick<ClientOptions, "pingIntervalMs" | "initialDelayMs" | "maxDelayMs" | "limitDelayMs" | "maxLimitDelayMs" | "storeRetryDelayMs" | "rateWindowMs" | "maxMessagesPerWindow" | "autoReconnect" | "refreshLeadMs">> & ClientOptions;
  /** The connection's state. */
  readonly state: ConnectionState;
  /** Failed connection attempts since the last healthy connection. */
  readonly attempt: number;
  /** The last error reported, if any. */
  readonly lastError: HeraldError | null;
  /** The transport in use (or tried next). */
  readonly transport: "websocket" | "sse";
  /** Start connecting (no-op when connecting or open). */
  connect(): this;
  /** Follow a job: each event with seq > afterSeq reaches onEvent once, in order, across reconnects. */
  subscribe<P = unknown>(jobId: string, options?: SubscribeOptions<P>): Subscription<P>;
  /** Stop following a job. */
  unsubscribe(jobId: string): void;
  subscription(jobId: string): Subscription | undefined;
  subscriptions(): { jobId: string; lastSeq: number }[];
  /**
   * Publish to a channel whose namespace allows client publishing: resolves with the "published"
   * reply (seq in durable channels); rejects with an Error whose `code` is the gateway's refusal
   * (FORBIDDEN, BAD_REQUEST, STORE_UNAVAILABLE, ...), or when not connected or the connection ends first.
   */
  publish(jobId: string, eventType: string, payload: unknown): Promise<Published>;
  /** Round trip to the gateway in ms; rejects when not connected or the connection ends first. */
  ping(): Promise<number>;
  /**
   * Who is subscribed to a channel this client follows, on every instance, first joined first.
   * Rejects with an Error carrying `code` FORBIDDEN (not subscribed yet), BAD_REQUEST (no presence
   * in the namespace) or STORE_UNAVAILABLE, or when not connected.
   */
  presence(jobId: string): Promise<Member[]>;
  /** Close and connect again now, keeping every subscription and its position (also leaves "closed"). */
  reconnect(): void;
  /** Use another token from now on (it replaces the tokenProvider too); reconnects when connected. */
  setToken(token: TokenSource): void;
  /**
   * Replace the open connection's token without reconnecting: with `token`, or one from the
   * tokenProvider. Resolves with the new expiry (null with auth off, or when the provider had no
   * new token); rejects when the gateway refuses it (the connection keeps its token) or the
   * connection ends first.
   */
  refreshToken(token?: string): Promise<string | null>;
  /** Close for good; subscriptions are kept for a later connect() or reconnect(). */
  close(): void;
  /** Listen; returns a function that stops listening. */
  on<K extends keyof ClientEvents>(type: K, listener: (detail: ClientEvents[K]) => void): () => void;
}

/** Create a client and start connecting. */
export declare function connect(options?: ClientOptions): HeraldClient;

/** Delay before reconnect attempt `attempt` (1-based): uniform in [d/2, d], d = min(maxMs, initialMs * 2^(attempt-1)). */
export declare function backoffDelay(attempt: number, initialMs: number, maxMs: number, random?: number): number;

/**
 * What the client does when a connection ends with this close code (and error code). `renewable`:
 * the connection had been admitted and a tokenProvider can give a new token (UNAUTHORIZED then backs off instead of stopping).
 */
export declare function reconnectPolicy(closeCode: number, errorCode?: string, renewable?: boolean): "stop" | "limit" | "soon" | "backoff";

/** A JWT's expiry (its payload's exp) in ms since the epoch, or null when the token is not a JWT with a numeric exp. */
export declare function tokenExpiry(token: string | null | undefined): number | null;

/** Delay before renewing a token with `remainingMs` left: until `leadMs` before expiry, or half of what is left when less than 2 * leadMs. */
export declare function refreshDelay(remainingMs: number, leadMs: number): number;

export declare function isValidJobId(jobId: string): boolean;
