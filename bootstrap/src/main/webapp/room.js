// The chat room page: one channel of a namespace with client publishing, presence and join-leave
// (an ephemeral "chat" namespace in the README's example). Who is here comes from presence() when
// the subscription is (re)established and is kept current by onJoin/onLeave; messages are
// published by this page and relayed by the gateway to everyone else in the room (the sender does
// not get its own back, so it shows its messages itself once the gateway accepted them).
// Members are connections: names travel in the messages ("chat.hello" tells the others the name
// behind a connection), so anonymous members get one too.
import { HeraldClient, isValidJobId } from "./herald-client.js";

const $ = (id) => document.getElementById(id);
const MAX_MESSAGES = 500;
const NAME_KEY = "herald.room.name";

const state = {
  room: null,
  name: "",
  token: "",
  /** @type {Map<string, {clientId: string, user: string|null, joinedAt: string}>} clientId -> member */
  members: new Map(),
  /** clientId -> the name that connection announced */
  names: new Map(),
  shown: 0,
};

const client = new HeraldClient({ token: () => state.token || null, maxDelayMs: 10_000 });
window.heraldClient = client; // for the console (and the browser tests)

// ---- connection ------------------------------------------------------------------------------

const STATE_TEXT = {
  idle: () => "Not connected",
  connecting: () => "Connecting…",
  open: () => "Live",
  reconnecting: (s) => `Reconnecting in ${(s.delayMs / 1000).toFixed(1)} s`,
  closed: (s) => `Disconnected${s.code ? ": " + s.code : ""}`,
};

client.on("state", (s) => {
  $("connection").dataset.state = s.state;
  $("connection-text").textContent = STATE_TEXT[s.state](s);
  $("reconnect").hidden = s.state !== "closed";
  $("send-button").disabled = s.state !== "open" || !state.room;
  if (s.state === "reconnecting") log(`Connection ended (${s.code || s.closeCode || "?"}); retrying in ${(s.delayMs / 1000).toFixed(1)} s`);
  if (s.state === "open") log("Connected");
});
client.on("error", (e) => log(`${e.code}: ${e.message}`));
$("reconnect").addEventListener("click", () => client.reconnect());

// ---- joining a room --------------------------------------------------------------------------

$("name").value = localStorage.getItem(NAME_KEY) || "";
const fromUrl = new URLSearchParams(location.search);
if (fromUrl.get("room")) $("room").value = fromUrl.get("room");
if (fromUrl.get("name")) $("name").value = fromUrl.get("name");

$("join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const room = $("room").value.trim();
  const error = $("room-error");
  if (!isValidJobId(room) || !room.includes(":")) {
    error.textContent = "A room is a namespace and a name, e.g. chat:lobby (letters, digits and . _ : -).";
    error.hidden = false;
    $("room").setAttribute("aria-invalid", "true");
    return;
  }
  error.hidden = true;
  $("room").removeAttribute("aria-invalid");
  state.name = $("name").value.trim() || "guest";
  localStorage.setItem(NAME_KEY, state.name);
  const token = $("token").value.trim();
  if (token !== state.token) {
    state.token = token;
    if (client.state !== "idle") client.reconnect();
  }
  enter(room);
});

function enter(room) {
  if (state.room && state.room !== room) client.unsubscribe(state.room);
  state.room = room;
  state.members.clear();
  state.names.clear();
  $("room-name").textContent = room;
  $("messages").replaceChildren();
  state.shown = 0;
  $("messages-empty").hidden = false;
  $("room-box").hidden = false;
  renderMembers();
  history.replaceState(null, "", `?room=${encodeURIComponent(room)}`);
  client.subscribe(room, {
    onSubscribed: () => {
      log(`In ${room}`);
      $("send-button").disabled = client.state !== "open";
      refreshMembers(room);
      hello(room);
    },
    onJoin: (m) => {
      if (m.jobId !== state.room) return;
      state.members.set(m.clientId, m);
      renderMembers();
      notice(`${label(m)} joined`);
      hello(room); // so that the newcomer learns this connection's name
    },
    onLeave: (m) => {
      if (m.jobId !== state.room) return;
      const known = state.members.get(m.clientId) || m;
      state.members.delete(m.clientId);
      renderMembers();
      notice(`${label(known)} left`);
    },
    onRelayed: (e) => received(e), // an ephemeral room
    onEvent: (e) => received(e),   // a durable one (stored events, replayed to a late joiner)
    onError: (e) => {
      log(`${room}: ${e.code}: ${e.message}`);
      if (!e.retrying) $("room-error").textContent = `${e.code}: ${e.message}`, $("room-error").hidden = false;
    },
  });
  if (client.state === "idle") client.connect();
}

async function refreshMembers(room) {
  try {
    const members = await client.presence(room);
    if (room !== state.room) return;
    state.members = new Map(members.map((m) => [m.clientId, m]));
    renderMembers();
  } catch (e) {
    log(`presence: ${e.code || ""} ${e.message}`);
  }
}

// ---- messages --------------------------------------------------------------------------------

function hello(room) {
  publish(room, "chat.hello", { name: state.name }).catch(() => { /* reported by publish */ });
}

function publish(room, eventType, payload) {
  if (typeof client.publish !== "function") return Promise.reject(new Error("this herald-client.js cannot publish"));
  return client.publish(room, eventType, payload).catch((e) => {
    $("send-result").textContent = `Not sent: ${e.code || ""} ${e.message}`;
    $("send-result").className = "result bad";
    throw e;
  });
}

$("send-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = $("message").value.trim();
  if (!text || !state.room) return;
  const room = state.room;
  $("send-button").disabled = true;
  try {
    await publish(room, "chat.message", { name: state.name, text });
    $("message").value = "";
    $("send-result").textContent = "";
    $("send-result").className = "result";
    if (room === state.room) show({ name: state.name, text, at: new Date().toISOString(), mine: true });
  } catch {
    // shown by publish
  } finally {
    $("send-button").disabled = client.state !== "open";
    $("message").focus();
  }
});

function received(e) {
  if (e.jobId !== state.room) return;
  const from = e.from && typeof e.from.clientId === "string" ? e.from.clientId : null;
  const payload = e.payload && typeof e.payload === "object" ? e.payload : {};
  const name = typeof payload.name === "string" && payload.name.trim() ? payload.name.trim().slice(0, 40) : null;
  if (from && name && state.names.get(from) !== name) {
    state.names.set(from, name);
    renderMembers();
  }
  if (e.eventType === "chat.message" && typeof payload.text === "string") {
    show({ name: name || (from ? label({ clientId: from, user: e.from.user ?? null }) : "someone"), text: payload.text, at: e.occurredAt });
  }
}

function show({ name, text, at, mine = false }) {
  const li = document.createElement("li");
  if (mine) li.className = "mine";
  const who = document.createElement("span");
  who.className = "from";
  who.textContent = mine ? `${name} (you)` : name;
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  li.append(who, body, time(at));
  append(li);
}

function notice(text) {
  const li = document.createElement("li");
  li.className = "notice";
  li.textContent = text;
  append(li);
}

function append(li) {
  const list = $("messages");
  list.append(li);
  state.shown += 1;
  while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  $("messages-empty").hidden = true;
  const box = list.parentElement;
  box.scrollTop = box.scrollHeight;
}

function time(iso) {
  const t = document.createElement("time");
  t.dateTime = iso || "";
  t.textContent = iso ? new Date(iso).toLocaleTimeString() : "";
  return t;
}

// ---- members ---------------------------------------------------------------------------------

function label(member) {
  return state.names.get(member.clientId) || member.user || `guest ${member.clientId.slice(0, 6)}`;
}

function renderMembers() {
  const list = $("members");
  const members = [...state.members.values()].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  list.replaceChildren(...members.map((m) => {
    const li = document.createElement("li");
    li.dataset.clientId = m.clientId;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = label(m);
    const since = time(m.joinedAt);
    since.className = "since";
    li.append(who, since);
    return li;
  }));
  $("member-count").textContent = String(members.length);
}

function log(text) {
  const li = document.createElement("li");
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  const list = $("log");
  list.append(li);
  while (list.children.length > 200) list.firstElementChild.remove();
}

if (fromUrl.get("room") && fromUrl.get("join") !== "no") $("join-form").requestSubmit();
