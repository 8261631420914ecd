// The live job page: follows one job through herald-client.js, shows its events as they arrive,
// its progress and its status, and publishes test events when the gateway allows it.
import { HeraldClient, isValidJobId } from "./herald-client.js";

const TERMINAL = new Set(["job.completed", "job.failed", "job.cancelled"]); // the gateway's defaults
const MAX_SHOWN = 2000;
const $ = (id) => document.getElementById(id);

const state = {
  jobId: null,
  token: "",
  authRequired: false, // learnt from a 401 or an UNAUTHORIZED close
  shown: 0,
  progress: null,
  statusTimer: null,
  statusSoon: null,
};

// ?transport=auto (WebSocket, Server-Sent Events when it cannot be opened), sse or websocket (the default)
const TRANSPORT = ["auto", "sse", "websocket"].find((t) => t === new URLSearchParams(location.search).get("transport")) || "websocket";
// the token field is the provider: a token pasted there replaces the open connection's in place
const client = new HeraldClient({ tokenProvider: () => state.token || null, maxDelayMs: 10_000, transport: TRANSPORT });
window.heraldClient = client; // for the console (and the browser tests)

// ---- connection ------------------------------------------------------------------------------

const STATE_TEXT = {
  idle: () => "Not connected",
  connecting: (s) => (s.attempt ? `Connecting… (attempt ${s.attempt + 1})` : "Connecting…"),
  open: () => "Live",
  reconnecting: (s) => `Reconnecting in ${(s.delayMs / 1000).toFixed(1)} s`,
  closed: (s) => `Disconnected${s.code ? ": " + describeCode(s.code) : ""}`,
};

client.on("state", (s) => {
  const box = $("connection");
  box.dataset.state = s.state;
  $("connection-text").textContent = STATE_TEXT[s.state](s);
  $("reconnect").hidden = s.state !== "closed";
  if (s.state === "reconnecting") {
    log(`Connection ended (${s.code || s.closeCode || "?"}${s.reason ? ": " + s.reason : ""}); retrying in ${(s.delayMs / 1000).toFixed(1)} s`);
  } else if (s.state === "open") {
    const sub = state.jobId && client.subscription(state.jobId);
    log(sub && sub.lastSeq > 0 ? `Connected; resuming ${state.jobId} after seq ${sub.lastSeq}` : "Connected");
  } else if (s.state === "closed" && s.code) {
    log(`Stopped: ${describeCode(s.code)}`);
  }
});

function showTransport() {
  $("transport").textContent = client.transport === "sse" ? "(Server-Sent Events)" : "(WebSocket)";
  $("transport").dataset.transport = client.transport;
}
showTransport();
client.on("transport", (t) => {
  showTransport();
  log(`Now following over ${t.transport === "sse" ? "Server-Sent Events" : "WebSocket"}: ${t.reason}`);
});

client.on("error", (e) => {
  if (e.code === "UNAUTHORIZED") authNeeded(state.token ? "The token was refused (missing, invalid or expired)." : "This gateway needs a token.");
  if (e.code === "TOKEN_EXPIRED" && !e.retrying && !e.jobId) authNeeded("The token has expired: paste a new one to keep this connection (it closes after a grace period).");
  if (e.code === "ORIGIN_NOT_ALLOWED") log("This page's origin is not allowed by the gateway (herald.allowed-origins).");
  if (!e.jobId && e.code !== "UNAUTHORIZED" && e.code !== "CONNECTION_LOST") log(`${e.code}: ${e.message}`);
});

$("reconnect").addEventListener("click", () => client.reconnect());
window.addEventListener("online", () => { if (client.state === "reconnecting") client.reconnect(); });

function describeCode(code) {
  return {
    UNAUTHORIZED: "a valid token is needed",
    ORIGIN_NOT_ALLOWED: "this page's origin is not allowed",
  }[code] || code;
}

function authNeeded(message) {
  state.authRequired = true;
  $("auth-note").textContent = "(needed)";
  const details = $("auth");
  if (!details.open) {
    details.open = true;
    $("token").focus();
  }
  log(message);
  renderPublish();
}

// ---- following a job -------------------------------------------------------------------------

function follow(jobId) {
  if (state.jobId === jobId) return;
  if (state.jobId) client.unsubscribe(state.jobId);
  state.jobId = jobId;
  state.shown = 0;
  state.progress = null;
  $("events").replaceChildren();
  $("events-empty").hidden = false;
  $("job").hidden = false;
  $("job-name").textContent = jobId;
  $("job-shown").textContent = "0";
  $("progress-box").hidden = true;
  $("job-id").value = jobId;
  document.title = `${jobId} · Herald`;
  if (location.hash !== "#job=" + encodeURIComponent(jobId)) history.replaceState(null, "", "#job=" + encodeURIComponent(jobId));
  remember(jobId);
  client.subscribe(jobId, {
    onEvent: (e) => {
      if (state.jobId !== jobId) return;
      showEvent(e);
      if (TERMINAL.has(e.eventType)) refreshStatus();
      else if (!e.replay) refreshStatusSoon();
    },
    onTruncated: (t) => {
      if (state.jobId !== jobId) return;
      // the gateway's retention deleted events the page had not shown: what it shows is not the whole job
      log(`${jobId}: events after seq ${t.afterSeq} were deleted by retention; continuing at seq ${t.firstSeq}`);
      refreshStatus();
    },
    onCaughtUp: (c) => {
      if (state.jobId !== jobId) return;
      if (c.replayed > 0) log(`${jobId}: caught up to seq ${c.seq} (${c.replayed} replayed in ${c.durationMs} ms)`);
      refreshStatus();
    },
    onError: (e) => {
      if (state.jobId !== jobId) return;
      showStatusError(e.retrying
        ? `${e.code}: ${e.message} Retrying in ${(e.retryInMs / 1000).toFixed(1)} s.`
        : `${e.code}: ${e.message}`);
      log(`${jobId}: ${e.code}${e.retrying ? " (retrying)" : ""}`);
      if (!e.retrying) state.jobId = null; // the client no longer follows it: "Follow" tries again
    },
  });
  renderPublish();
  refreshStatus();
}

function showEvent(e) {
  const li = document.createElement("li");
  li.dataset.seq = String(e.seq);
  if (!e.replay) {
    li.className = "fresh"; // a short highlight for live events
    li.addEventListener("animationend", () => li.classList.remove("fresh"), { once: true });
  }
  const seq = el("span", "seq", "#" + e.seq);
  const type = el("span", "type", "");
  type.append(dotted(e.eventType));
  const time = el("time", "", formatTime(e.occurredAt));
  time.dateTime = e.occurredAt;
  time.title = e.occurredAt;
  const json = JSON.stringify(e.payload);
  const payload = el("code", "payload", json.length > 160 ? json.slice(0, 160) + "…" : json);
  payload.title = json.length > 2000 ? json.slice(0, 2000) + "…" : json;
  const tag = el("span", e.replay ? "tag" : "tag live", e.replay ? "replay" : "live");
  li.append(seq, type, time, payload, tag);

  const list = $("events");
  const box = list.parentElement;
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
  list.append(li);
  if (list.children.length > MAX_SHOWN) list.firstElementChild.remove();
  if (atBottom) box.scrollTop = box.scrollHeight;

  state.shown += 1;
  $("events-empty").hidden = true;
  $("job-shown").textContent = `${state.shown} (up to seq ${e.seq})`;
  const p = progressOf(e.payload);
  if (p !== null) showProgress(p);
}

/** progress in 0..1 or percent in 0..100, as a percentage; null when the payload carries neither. */
export function progressOf(payload) {
  if (!payload || typeof payload !== "object") return null;
  if (typeof payload.progress === "number" && payload.progress >= 0 && payload.progress <= 1) return payload.progress * 100;
  if (typeof payload.percent === "number" && payload.percent >= 0 && payload.percent <= 100) return payload.percent;
  return null;
}

function showProgress(percent) {
  state.progress = percent;
  const rounded = Math.round(percent * 10) / 10;
  $("progress-box").hidden = false;
  $("progress").value = percent;
  $("progress-text").textContent = rounded + "%";
}

/** After live events: read the status again, at most every 2 s (a busy job costs one GET per 2 s). */
function refreshStatusSoon() {
  if (state.statusSoon) return;
  state.statusSoon = setTimeout(() => {
    state.statusSoon = null;
    refreshStatus();
  }, 2000);
}

async function refreshStatus() {
  const jobId = state.jobId;
  if (!jobId) return;
  clearTimeout(state.statusTimer);
  try {
    const response = await fetch(new URL("api/jobs/" + encodeURIComponent(jobId), location.href), { headers: headers() });
    if (jobId !== state.jobId) return;
    if (response.status === 404) {
      showStatus({ status: "none", text: "no events yet" });
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      authNeeded(state.token ? "The token was refused for the job status." : "Reading the job status needs a token.");
      showStatus({ status: "unknown", text: "needs a token" });
      return;
    }
    if (!response.ok) {
      showStatusError(`${body.code || response.status}: ${body.message || "status unavailable"}`);
      if (response.status === 503) state.statusTimer = setTimeout(refreshStatus, 2000);
      return;
    }
    showStatus({ status: body.status, text: body.status, head: body.headSeq, count: body.eventCount, last: body.lastEventType, at: body.lastEventAt });
  } catch (err) {
    if (jobId === state.jobId) showStatusError("Status unavailable: " + err.message);
  }
}

function showStatus(s) {
  $("status-error").hidden = true;
  const badge = $("job-status");
  badge.dataset.status = s.status;
  badge.textContent = s.text;
  $("job-head").textContent = s.head !== undefined ? `${s.count} (head seq ${s.head})` : "–";
  $("job-last").replaceChildren(...(s.last ? [dotted(s.last), ` at ${formatTime(s.at)}`] : ["–"]));
}

function showStatusError(message) {
  const p = $("status-error");
  p.textContent = message;
  p.hidden = false;
}

// ---- publishing ------------------------------------------------------------------------------

function renderPublish() {
  // with auth on, publishing needs a token with the publish scope: offer the form only then
  $("publish").hidden = !state.jobId || (state.authRequired && !state.token);
  renderCurl();
}

function renderCurl() {
  if (!state.jobId) return;
  let payload;
  try { payload = JSON.stringify(JSON.parse($("payload").value)); } catch { payload = $("payload").value; }
  const body = `{"eventType":${JSON.stringify($("event-type").value)},"payload":${payload}}`;
  const url = new URL("api/jobs/" + encodeURIComponent(state.jobId) + "/events", location.href).href;
  $("curl").textContent = `curl -X POST ${url} \\\n  -H 'content-type: application/json' \\\n`
    + (state.token ? "  -H 'authorization: Bearer $TOKEN' \\\n" : "")
    + `  -d '${body.replace(/'/g, "'\\''")}'`;
}

const PRESETS = {
  started: () => ["job.started", {}],
  progress: () => ["job.progress", { percent: Math.min(100, Math.round((state.progress ?? 0) + 20)) }],
  completed: () => ["job.completed", { progress: 1 }],
};

for (const button of document.querySelectorAll("[data-preset]")) {
  button.addEventListener("click", () => {
    const [type, payload] = PRESETS[button.dataset.preset]();
    $("event-type").value = type;
    $("payload").value = JSON.stringify(payload);
    renderCurl();
  });
}
$("event-type").addEventListener("input", renderCurl);
$("payload").addEventListener("input", renderCurl);

$("publish-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const result = $("publish-result");
  const type = $("event-type");
  result.className = "result";
  if (!isValidJobId(type.value)) {
    type.setAttribute("aria-invalid", "true");
    return fail("The event type must be 1 to 128 letters, digits or . _ : -");
  }
  type.removeAttribute("aria-invalid");
  let payload;
  try {
    payload = JSON.parse($("payload").value);
  } catch {
    $("payload").setAttribute("aria-invalid", "true");
    return fail("The payload is not valid JSON.");
  }
  $("payload").removeAttribute("aria-invalid");
  const button = $("publish-button");
  button.disabled = true;
  result.textContent = "Publishing…";
  try {
    const response = await fetch(new URL("api/jobs/" + encodeURIComponent(state.jobId) + "/events", location.href), {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json" },
      body: JSON.stringify({ eventType: type.value, payload }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 201) {
      result.className = "result ok";
      result.textContent = `Stored as seq ${body.seq}.`;
    } else {
      if (response.status === 401) authNeeded("Publishing needs a token with the publish scope.");
      fail(`${response.status} ${body.code || ""}: ${body.message || "refused"}`);
    }
  } catch (err) {
    fail("Publish failed: " + err.message);
  } finally {
    button.disabled = false;
  }

  function fail(message) {
    result.className = "result bad";
    result.textContent = message;
  }
});

// ---- forms, recent jobs, log -----------------------------------------------------------------

$("follow-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const input = $("job-id");
  const jobId = input.value.trim();
  const error = $("job-id-error");
  if (!isValidJobId(jobId)) {
    input.setAttribute("aria-invalid", "true");
    error.textContent = "Enter a job id: 1 to 128 letters, digits or . _ : -";
    error.hidden = false;
    input.focus();
    return;
  }
  input.removeAttribute("aria-invalid");
  error.hidden = true;
  if (state.jobId === jobId) refreshStatus();
  follow(jobId);
});

$("token-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  state.token = $("token").value.trim();
  $("auth-note").textContent = state.token ? "(set)" : state.authRequired ? "(needed)" : "";
  if (state.token && client.state === "open") {
    // renewed on the open connection: the job keeps streaming, nothing is replayed
    log("Token set; renewing it on the open connection");
    client.refreshToken(state.token).then(
      (expiresAt) => log(expiresAt ? `Token renewed; it expires at ${formatTime(expiresAt)}` : "Token renewed"),
      (err) => log(`Token refused: ${err.message}`));
  } else {
    log(state.token ? "Token set; reconnecting" : "Token cleared; reconnecting");
    client.reconnect();
  }
  renderPublish();
  refreshStatus();
});

function headers() {
  return state.token ? { authorization: "Bearer " + state.token } : {};
}

function remember(jobId) {
  try {
    const recent = [jobId, ...JSON.parse(localStorage.getItem("herald.recentJobs") || "[]").filter((j) => j !== jobId)].slice(0, 10);
    localStorage.setItem("herald.recentJobs", JSON.stringify(recent));
    renderRecent(recent);
  } catch { /* storage blocked: no suggestions */ }
}

function renderRecent(recent) {
  $("recent-jobs").replaceChildren(...recent.map((j) => Object.assign(document.createElement("option"), { value: j })));
}

function log(text) {
  const li = el("li", "", `${new Date().toLocaleTimeString()} ${text}`);
  const list = $("log");
  list.append(li);
  while (list.children.length > 50) list.firstElementChild.remove();
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

/** A dotted name (generation.chapter.started) that wraps at its dots, not inside words. */
function dotted(name) {
  const fragment = document.createDocumentFragment();
  String(name).split(/(?<=\.)/).forEach((part, i) => {
    if (i) fragment.append(document.createElement("wbr"));
    fragment.append(part);
  });
  return fragment;
}

function formatTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

function jobFromHash() {
  const m = /^#job=(.+)$/.exec(location.hash);
  if (!m) return null;
  try { return decodeURIComponent(m[1]); } catch { return null; }
}

// ---- start -----------------------------------------------------------------------------------

$("ws-url").textContent = new URL("realtime", location.href).href.replace(/^http/, "ws");
try { renderRecent(JSON.parse(localStorage.getItem("herald.recentJobs") || "[]")); } catch { /* none */ }
window.addEventListener("hashchange", () => {
  const jobId = jobFromHash();
  if (jobId && isValidJobId(jobId)) follow(jobId);
});
client.connect();
const initial = jobFromHash();
if (initial && isValidJobId(initial)) {
  follow(initial);
} else {
  $("job-id").value = initial || "book-42";
  $("job-id").focus();
}
