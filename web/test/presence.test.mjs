// Unit tests of herald-client.js presence (presence(), join/leave callbacks) against the fake socket.
import { test, describe, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { HeraldClient } from "../../bootstrap/src/main/webapp/herald-client.js";
import { FakeClock, FakeWebSocket, sockets, settle } from "./fakes.mjs";

let clock;

beforeEach(() => {
  sockets.length = 0;
  clock = new FakeClock();
});

function client() {
  return new HeraldClient({ url: "ws://gateway.test/realtime", WebSocket: FakeWebSocket, timers: clock.api, random: () => 0.5 });
}

async function opened(c) {
  c.connect();
  await settle();
  const ws = sockets.at(-1);
  ws.serverOpen();
  ws.acceptAll();
  return ws;
}

const ALICE = { clientId: "c-alice", user: "alice", joinedAt: "2026-01-02T03:04:05.678Z" };
const BOB = { clientId: "c-bob", user: null, joinedAt: "2026-01-02T03:04:06.000Z" };

describe("presence()", () => {
  test("asks for the channel and resolves with the members of its own reply", async () => {
    const c = client();
    c.subscribe("chat:lobby", {});
    const ws = await opened(c);
    const p = c.presence("chat:lobby");
    const request = ws.sent.at(-1);
    assert.equal(request.type, "presence");
    assert.equal(request.jobId, "chat:lobby");
    let members = null;
    p.then((m) => { members = m; });
    ws.serverSend({ type: "presence", jobId: "chat:lobby", members: [], id: "another" });
    await settle();
    assert.equal(members, null);
    ws.serverSend({ type: "presence", jobId: "chat:lobby", members: [ALICE, BOB], id: request.id });
    await settle();
    assert.deepEqual(members, [ALICE, BOB]);
  });

  test("a subscription asks for its own channel", async () => {
    const c = client();
    const sub = c.subscribe("chat:lobby", {});
    const ws = await opened(c);
    const p = sub.presence();
    ws.serverSend({ type: "presence", jobId: "chat:lobby", members: [BOB], id: ws.sent.at(-1).id });
    assert.deepEqual(await p, [BOB]);
  });

  for (const code of ["FORBIDDEN", "BAD_REQUEST", "STORE_UNAVAILABLE"]) {
    test(`${code}: rejects with the code; the connection and the subscription stay`, async () => {
      const c = client();
      const errors = [];
      c.on("error", (e) => errors.push(e.code));
      c.subscribe("chat:lobby", { onError: () => assert.fail("not a subscription error") });
      const ws = await opened(c);
      const p = c.presence("chat:lobby");
      ws.serverSend({ type: "error", code, message: "no", jobId: "chat:lobby", id: ws.sent.at(-1).id });
      await assert.rejects(p, (e) => e.code === code);
      assert.equal(c.state, "open");
      assert.ok(c.subscription("chat:lobby"), "still followed");
      assert.deepEqual(errors, [code]);
      await clock.advance(20_000);
      assert.equal(sockets.length, 1, "no reconnect");
    });
  }

  test("refused before sending when not connected or the job id is invalid", async () => {
    const c = client();
    await assert.rejects(c.presence("chat:lobby"), /not connected/);
    await opened(c);
    await assert.rejects(c.presence("bad id!"), TypeError);
  });

  test("rejected when the connection ends first", async () => {
    const c = client();
    const ws = await opened(c);
    const p = c.presence("chat:lobby");
    ws.serverClose(1006);
    await assert.rejects(p, /connection closed/);
  });
});

describe("join and leave", () => {
  test("reach the subscription's callbacks and the client's listeners, with the member", async () => {
    const c = client();
    const seen = [];
    c.subscribe("chat:lobby", { onJoin: (m) => seen.push(["join", m]), onLeave: (m) => seen.push(["leave", m]) });
    const heard = [];
    c.on("join", (m) => heard.push("join " + m.clientId));
    c.on("leave", (m) => heard.push("leave " + m.clientId));
    const ws = await opened(c);
    ws.serverSend({ type: "join", jobId: "chat:lobby", ...ALICE });
    ws.serverSend({ type: "leave", jobId: "chat:lobby", ...BOB });
    await settle();
    assert.deepEqual(seen, [["join", { jobId: "chat:lobby", ...ALICE }], ["leave", { jobId: "chat:lobby", ...BOB }]]);
    assert.deepEqual(heard, ["join c-alice", "leave c-bob"]);
  });

  test("of a channel not followed (any more) are ignored", async () => {
    const c = client();
    const seen = [];
    c.subscribe("chat:lobby", { onJoin: (m) => seen.push(m) });
    const ws = await opened(c);
    c.unsubscribe("chat:lobby");
    ws.serverSend({ type: "join", jobId: "chat:lobby", ...ALICE });
    ws.serverSend({ type: "join", jobId: "chat:other", ...ALICE });
    await settle();
    assert.deepEqual(seen, []);
  });
});
