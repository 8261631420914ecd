// Compile-time check of herald-client.d.ts: how an application uses the client (never run).
import { connect, HeraldClient, refreshDelay, tokenExpiry, type HeraldEvent, type HeraldError, type Member, type MemberChange, type StateChange, type RelayedEvent, type Published, type Truncated } from "../../bootstrap/src/main/webapp/herald-client.js";

interface Progress { percent?: number; progress?: number }

const herald: HeraldClient = connect({ token: async () => "jwt", maxDelayMs: 10_000 });
const sub = herald.subscribe<Progress>("book-42", {
  afterSeq: 0,
  onEvent: (e: HeraldEvent<Progress>) => {
    const pct: number | undefined = e.payload.percent ?? (e.payload.progress !== undefined ? e.payload.progress * 100 : undefined);
    console.log(e.seq, e.eventType, e.occurredAt, e.replay, pct);
  },
  onCaughtUp: ({ seq, replayed, durationMs }) => console.log(seq, replayed, durationMs),
  onError: (err: HeraldError) => console.warn(err.code, err.message, err.retrying, err.retryInMs),
  onSubscribed: ({ headSeq, firstSeq, truncated }) => console.log(headSeq, firstSeq satisfies number, truncated satisfies boolean),
  onTruncated: (t: Truncated) => console.log(t.jobId, t.afterSeq, t.firstSeq),
});
herald.on("truncated", (t) => console.log(t.firstSeq satisfies number));
const last: number = sub.lastSeq;
const off: () => void = herald.on("state", (s: StateChange) => console.log(s.state, s.previous, s.delayMs, s.code));
herald.on("error", (e) => console.log(e.code satisfies string));
herald.on("event", (e) => console.log(e.jobId, e.seq));
herald.ping().then((ms: number) => console.log(ms, last));
herald.setToken("another");
const renewing: HeraldClient = connect({
  tokenProvider: async () => (await fetch("/my-backend/herald-token")).text(),
  refreshLeadMs: 60_000,
});
renewing.on("refreshed", (r) => console.log(r.expiresAt satisfies string | null));
renewing.refreshToken().then((expiresAt: string | null) => console.log(expiresAt));
renewing.refreshToken("pasted-token").catch((e: Error) => console.log(e.message));
herald.unsubscribe("book-42");
herald.reconnect();
herald.close();
off();
// @ts-expect-error: a job id is required
herald.subscribe();
// @ts-expect-error: unknown listener type
herald.on("message", () => {});

// presence (namespaces with presence / join-leave)
const room = herald.subscribe("chat:lobby", {
  onJoin: (m: MemberChange) => console.log(m.jobId, m.clientId, m.user ?? "anonymous", m.joinedAt),
  onLeave: (m) => console.log(m.clientId satisfies string),
});
herald.presence("chat:lobby").then((members: Member[]) => members.map((m) => m.user));
room.presence().then((members) => console.log(members.length));
herald.on("join", (m) => console.log(m.clientId, m.user));
herald.on("leave", (m: MemberChange) => console.log(m.jobId));
// @ts-expect-error: user is a string or null, never undefined
const missing: undefined = ({} as Member).user;
// client publishing and ephemeral channels
interface ChatLine { ciphertext: string }
herald.subscribe<ChatLine>("chat:lobby", {
  onRelayed: (e: RelayedEvent<ChatLine>) => console.log(e.payload.ciphertext, e.from?.clientId, e.from?.user ?? "anonymous", e.occurredAt),
});
herald.on("relayed", (e) => console.log(e.jobId, e.eventType));
herald.publish("game:7", "player.ready", { ready: true }).then((p: Published) => console.log(p.jobId, p.seq ?? "relayed"));
herald.subscribe<Progress>("game:7", { onEvent: (e) => console.log(e.seq, e.from?.user) });
// @ts-expect-error: a relayed event has no seq
herald.on("relayed", (e) => e.seq.toFixed());
const expiresAtMs: number | null = tokenExpiry("a.b.c");
const waitMs: number = refreshDelay(expiresAtMs ?? 0, 30_000);
console.log(waitMs);

// A page behind a proxy that may break WebSocket: WebSocket first, Server-Sent Events when it cannot be opened.
const fallback: HeraldClient = connect({ transport: "auto" });
const via: "websocket" | "sse" = fallback.transport;
fallback.on("transport", (change) => console.log(via, "->", change.transport, change.previous, change.reason));
const streamOnly: HeraldClient = connect({ transport: "sse", EventSource, fetch });
streamOnly.publish("chat:lobby", "said", {}).catch((e: Error & { code?: string }) => console.log(e.code));
