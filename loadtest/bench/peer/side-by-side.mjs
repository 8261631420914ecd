#!/usr/bin/env node
// One broadcast burst, measured the same way against Herald or against the Socket.IO peer.
//
//   node side-by-side.mjs --herald http://127.0.0.1:20380 [options]
//   node side-by-side.mjs --peer http://127.0.0.1:20300 --redis redis://127.0.0.1:20379 [options]
//   node side-by-side.mjs --table OUT_DIR        (the side-by-side table of the JSON files in OUT_DIR)
//
// Options: --subscribers 200  --events 100  --concurrency 16 (requests in flight)  --batch
//          --warmup 100 (0..1000; 0 = measure the first burst)  --phase fresh|warm (a label; default
//          fresh when --warmup 0)  --row NAME (the table row)  --gateway-pid PID  --aux-pid NAME=PID
//          (repeatable: e.g. redis, mongo)  --settle-ms 10000  --json FILE  --job-prefix bench
//
// t0 is the moment the burst is issued: every delivery's latency is its arrival at a subscriber minus
// t0, not minus its own request's send, so queueing behind the in-flight cap counts, on both sides.
import http from 'node:http';
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { io as socketIo } from 'socket.io-client';
import { createClient } from 'redis';

const PEER_CHANNEL = 'novel.realtime.events';
const EVENT_TYPE = 'bench.burst';
const CONNECT_WAVE = 50; // subscribers connected at a time: 200 at once only measures the accept queue

class BatchNotAvailable extends Error {}

function parseArgs(argv) {
  const opts = { aux: [] };
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'batch') { opts.batch = true; continue; }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (key === 'aux-pid') {
      const [name, pid] = value.split('=');
      opts.aux.push({ name, pid: Number(pid) });
    } else {
      opts[key] = value;
    }
  }
  return opts;
}

function settingsOf(opts) {
  const warmup = Number(opts.warmup ?? 100);
  if (!(warmup >= 0 && warmup <= 1000)) throw new Error('--warmup must be 0..1000');
  if (!opts.herald && !(opts.peer && opts.redis)) throw new Error('give --herald URL, or --peer URL --redis URL');
  const target = opts.herald ? 'herald' : 'peer';
  return {
    target,
    url: (opts.herald || opts.peer).replace(/\/$/, ''),
    redisUrl: opts.redis,
    subscribers: Number(opts.subscribers ?? 200),
    events: Number(opts.events ?? 100),
    concurrency: Number(opts.concurrency ?? 16),
    batch: Boolean(opts.batch),
    warmup,
    phase: opts.phase || (warmup === 0 ? 'fresh' : 'warm'),
    row: opts.row || `${target === 'herald' ? 'Herald' : 'Socket.IO'} ${opts.batch ? 'batch' : 'single'}`,
    gatewayPid: opts['gateway-pid'] ? Number(opts['gateway-pid']) : null,
    aux: opts.aux,
    settleMs: Number(opts['settle-ms'] ?? 10000),
    json: opts.json,
    jobId: `${opts['job-prefix'] || 'bench'}-${target}-${Date.now()}-${randomBytes(3).toString('hex')}`,
  };
}

// ---- CPU of a process, from /proc/PID/stat (utime + stime, in clock ticks) ----

const CLOCK_TICKS = (() => {
  try { return Number(execSync('getconf CLK_TCK').toString().trim()) || 100; } catch { return 100; }
})();

function cpuMs(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the ")" closing the command name: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

// ---- deliveries: who got which seq when ----

class Deliveries {
  constructor(subscribers, warmup) {
    this.warmup = warmup;
    this.expectedBurst = 0;
    this.perSubscriber = Array.from({ length: subscribers }, () => ({ counts: new Map(), lastSeq: 0, outOfOrder: 0 }));
    this.latencies = [];
    this.t0 = null;
    this.warmReceived = 0;
    this.burstReceived = 0;
    this.lastArrival = null;
    this.waiter = null;
  }

  record(subscriber, seq, now) {
    const state = this.perSubscriber[subscriber];
    const seen = state.counts.get(seq) || 0;
    state.counts.set(seq, seen + 1);
    if (seen > 0) return; // a duplicate: counted above, neither timed nor checked for order
    if (seq < state.lastSeq) state.outOfOrder++;
    else state.lastSeq = seq;
    if (seq <= this.warmup) {
      this.warmReceived++;
    } else if (this.t0 !== null) {
      this.burstReceived++;
      this.latencies.push(now - this.t0);
      this.lastArrival = now;
    }
    this.waiter?.();
  }

  // Resolves once `done()` holds, or after settleMs with no new delivery (drops then show in the counts).
  until(done, settleMs) {
    return new Promise((resolve) => {
      let timer = null;
      const arm = () => { clearTimeout(timer); timer = setTimeout(finish, settleMs); };
      const finish = () => { clearTimeout(timer); this.waiter = null; resolve(); };
      this.waiter = () => (done() ? finish() : arm());
      if (done()) finish(); else arm();
    });
  }

  verdict(firstSeq, lastSeq) {
    let drops = 0, duplicates = 0, unexpected = 0, outOfOrder = 0;
    for (const state of this.perSubscriber) {
      for (let seq = firstSeq; seq <= lastSeq; seq++) if (!state.counts.has(seq)) drops++;
      for (const [seq, n] of state.counts) {
        if (n > 1) duplicates += n - 1;
        if (seq > lastSeq) unexpected += n;
      }
      outOfOrder += state.outOfOrder;
    }
    return { drops, duplicates, unexpected, outOfOrder };
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---- Herald: ws subscribers, REST publishers ----

function heraldSubscriber(settings, index, deliveries) {
  const wsUrl = settings.url.replace(/^http/, 'ws') + '/realtime';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const timer = setTimeout(() => reject(new Error(`subscriber ${index}: no caught-up in 30 s`)), 30000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', jobId: settings.jobId, afterSeq: 0 })));
    ws.on('message', (data) => {
      const now = performance.now();
      const message = JSON.parse(data);
      if (message.type === 'event' && message.jobId === settings.jobId) {
        deliveries.record(index, message.seq, now);
      } else if (message.type === 'caught-up') {
        clearTimeout(timer);
        resolve({ close: () => ws.close() });
      } else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`subscriber ${index}: ${message.code}`));
      }
    });
    ws.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

function heraldPublisher(settings) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const base = new URL(settings.url);
  const post = (path, body) => new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request({
      agent, host: base.hostname, port: base.port, method: 'POST', path,
      headers: { 'content-type': 'application/json', 'content-length': payload.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
  const path = `/api/jobs/${encodeURIComponent(settings.jobId)}/events`;
  return {
    describe: settings.batch
      ? 'one POST /api/jobs/{jobId}/events/batch per burst'
      : `POST /api/jobs/{jobId}/events, ${settings.concurrency} in flight`,
    async single(i) {
      const res = await post(path, { eventType: EVENT_TYPE, payload: { i } });
      if (res.status !== 201) throw new Error(`POST events: HTTP ${res.status}`);
    },
    async batch(from, count) {
      const events = Array.from({ length: count }, (_, k) => ({ eventType: EVENT_TYPE, payload: { i: from + k } }));
      const res = await post(`${path}/batch`, { events });
      if (res.status === 404 || res.status === 405) throw new BatchNotAvailable(`HTTP ${res.status}`);
      if (res.status !== 201) throw new Error(`POST events/batch: HTTP ${res.status}`);
    },
    close: async () => agent.destroy(),
  };
}

// ---- the peer: socket.io-client subscribers, Redis PUBLISH publishers ----

function peerSubscriber(settings, index, deliveries) {
  return new Promise((resolve, reject) => {
    const socket = socketIo(settings.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.on('event', (event) => {
      const now = performance.now();
      if (event && event.jobId === settings.jobId) deliveries.record(index, event.seq, now);
    });
    socket.on('connect_error', (err) => reject(new Error(`subscriber ${index}: ${err.message}`)));
    socket.on('connect', async () => {
      try {
        const ack = await socket.timeout(30000).emitWithAck('subscribe', { jobId: settings.jobId });
        if (!ack || !ack.ok) throw new Error('subscribe refused');
        resolve({ close: () => socket.disconnect() });
      } catch (err) {
        reject(new Error(`subscriber ${index}: ${err.message}`));
      }
    });
  });
}

async function peerPublisher(settings) {
  const redis = createClient({ url: settings.redisUrl });
  redis.on('error', (err) => console.error(`redis publisher: ${err.message}`));
  await redis.connect();
  // The worker assigns seq: the peer has no store to do it (seq = i + 1 within the job).
  const message = (i) => JSON.stringify({
    jobId: settings.jobId, seq: i + 1, eventType: EVENT_TYPE, payload: { i }, occurredAt: new Date().toISOString(),
  });
  return {
    describe: settings.batch
      ? 'no batch endpoint: one Redis MULTI/EXEC of the burst\'s PUBLISHes stands in for it'
      : `PUBLISH ${PEER_CHANNEL}, ${settings.concurrency} in flight on one Redis connection`,
    async single(i) { await redis.publish(PEER_CHANNEL, message(i)); },
    async batch(from, count) {
      const multi = redis.multi();
      for (let k = 0; k < count; k++) multi.publish(PEER_CHANNEL, message(from + k));
      await multi.exec();
    },
    close: () => redis.quit(),
  };
}

// ---- one run ----

async function issue(publisher, settings, from, count) {
  if (settings.batch) return publisher.batch(from, count);
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) await publisher.single(next++);
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, count) }, worker));
}

async function connectAll(settings, deliveries) {
  const subscribe = settings.target === 'herald' ? heraldSubscriber : peerSubscriber;
  const handles = [];
  for (let start = 0; start < settings.subscribers; start += CONNECT_WAVE) {
    const wave = [];
    for (let i = start; i < Math.min(settings.subscribers, start + CONNECT_WAVE); i++) {
      wave.push(subscribe(settings, i, deliveries));
    }
    handles.push(...(await Promise.all(wave)));
  }
  return handles;
}

async function run(settings) {
  const deliveries = new Deliveries(settings.subscribers, settings.warmup);
  const result = {
    target: settings.target, row: settings.row, phase: settings.phase, mode: settings.batch ? 'batch' : 'single',
    url: settings.url, jobId: settings.jobId, subscribers: settings.subscribers, events: settings.events,
    concurrency: settings.concurrency, warmupEvents: settings.warmup, startedAt: new Date().toISOString(),
    loadAverage1m: loadavg()[0], // the cores are shared: a busy machine shows here
  };
  const subscribers = await connectAll(settings, deliveries);
  const publisher = settings.target === 'herald' ? heraldPublisher(settings) : await peerPublisher(settings);
  result.publishing = publisher.describe;
  try {
    if (settings.warmup > 0) {
      await issue(publisher, settings, 0, settings.warmup);
      const all = settings.subscribers * settings.warmup;
      await deliveries.until(() => deliveries.warmReceived >= all, settings.settleMs);
      result.warmupDelivered = deliveries.warmReceived;
    }
    const expected = settings.subscribers * settings.events;
    const cpuBefore = cpuMs(settings.gatewayPid);
    const auxBefore = settings.aux.map((a) => cpuMs(a.pid));
    const clientBefore = process.cpuUsage();
    deliveries.t0 = performance.now();
    const t0 = deliveries.t0;
    await issue(publisher, settings, settings.warmup, settings.events);
    const published = performance.now();
    await deliveries.until(() => deliveries.burstReceived >= expected, settings.settleMs);
    const cpuAfter = cpuMs(settings.gatewayPid);
    const auxAfter = settings.aux.map((a) => cpuMs(a.pid));
    const client = process.cpuUsage(clientBefore);

    const sorted = Float64Array.from(deliveries.latencies).sort();
    const round = (x) => (x === null ? null : Math.round(x * 100) / 100);
    Object.assign(result, {
      available: true,
      expectedDeliveries: expected,
      deliveries: deliveries.burstReceived,
      ...deliveries.verdict(settings.warmup + 1, settings.warmup + settings.events),
      latencyMs: {
        p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)), max: round(sorted.length ? sorted[sorted.length - 1] : null),
      },
      publishCompletedMs: round(published - t0),
      burstCompletedMs: round(deliveries.lastArrival === null ? null : deliveries.lastArrival - t0),
      // this client decodes every delivery on one core: when its CPU nears the burst's wall time, the
      // latency measures the client rather than the gateway
      clientCpuMs: round((client.user + client.system) / 1000),
      gatewayPid: settings.gatewayPid,
      gatewayCpuMs: cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore),
      aux: settings.aux.map((a, k) => ({
        name: a.name, pid: a.pid,
        cpuMs: auxBefore[k] === null || auxAfter[k] === null ? null : round(auxAfter[k] - auxBefore[k]),
      })),
    });
    result.gatewayCpuMsPerEvent = result.gatewayCpuMs === null ? null : round(result.gatewayCpuMs / settings.events);
  } catch (err) {
    if (!(err instanceof BatchNotAvailable)) throw err;
    Object.assign(result, { available: false, reason: `batch: not available (${err.message})` });
  } finally {
    for (const s of subscribers) s.close();
    await publisher.close();
  }
  return result;
}

function describe(r) {
  const head = `${r.row} ${r.phase}: ${r.subscribers} subscribers, ${r.events} events, ` +
    `warm-up ${r.warmupEvents}; ${r.publishing}`;
  if (!r.available) return `${head}\n  ${r.reason}`;
  const cpu = r.gatewayCpuMs === null
    ? 'gateway CPU: not measured (no --gateway-pid)'
    : `gateway CPU ${r.gatewayCpuMs} ms over the burst = ${r.gatewayCpuMsPerEvent} ms/event`;
  const aux = r.aux.map((a) => `${a.name} ${a.cpuMs} ms`).join(', ');
  return [
    head,
    `  deliveries ${r.deliveries}/${r.expectedDeliveries}, drops ${r.drops}, duplicates ${r.duplicates}, ` +
      `out of order ${r.outOfOrder}, unexpected ${r.unexpected}`,
    `  latency from t0 (ms): p50 ${r.latencyMs.p50}  p95 ${r.latencyMs.p95}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}`,
    `  burst published in ${r.publishCompletedMs} ms, last delivery at ${r.burstCompletedMs} ms`,
    `  ${cpu}${aux ? ` (outside the gateway: ${aux})` : ''}; this client ${r.clientCpuMs} ms`,
  ].join('\n');
}

// ---- the table over a directory of results ----

function table(dir) {
  const results = readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => { try { return JSON.parse(readFileSync(join(dir, f), 'utf8')); } catch { return null; } })
    .filter((r) => r && r.row && r.phase)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt)); // rows in the order they ran
  const named = [...new Set(results.map((r) => r.row))];
  const rows = [...named.filter((r) => !r.startsWith('Socket.IO')), ...named.filter((r) => r.startsWith('Socket.IO'))];
  const cell = (row, phase) => results.find((r) => r.row === row && r.phase === phase);
  const peerRow = rows.find((r) => r.startsWith('Socket.IO single')) || rows.find((r) => r.startsWith('Socket.IO'));
  const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '-' : Number(x).toFixed(digits));
  const p95 = (row, phase) => { const c = cell(row, phase); return c && c.available ? c.latencyMs.p95 : null; };
  const ratio = (row, phase) => {
    const a = p95(row, phase), b = peerRow ? p95(peerRow, phase) : null;
    return a === null || b === null || b === 0 ? '-' : (a / b).toFixed(2);
  };
  // the broker's and the external store's CPU per event: Herald's Mongo + Redis mode moves work there
  const auxPerEvent = (c) => {
    if (!c || !c.available || !c.aux.length || c.aux.some((a) => a.cpuMs === null)) return null;
    return c.aux.reduce((n, a) => n + a.cpuMs, 0) / c.events;
  };
  const header = ['', 'p95 fresh', 'p95 warm', 'p99 fresh', 'p99 warm', 'CPU ms/ev fresh', 'CPU ms/ev warm',
    'redis+mongo ms/ev warm', 'client CPU/wall warm', 'drops+dups', 'p95/SIO fresh', 'p95/SIO warm'];
  const lines = rows.map((row) => {
    const f = cell(row, 'fresh'), w = cell(row, 'warm');
    if ((!f || !f.available) && (!w || !w.available)) return [row, (f || w).reason || 'not run'];
    const faults = [f, w].filter((c) => c && c.available).reduce((n, c) => n + c.drops + c.duplicates, 0);
    return [row, fmt(p95(row, 'fresh')), fmt(p95(row, 'warm')), fmt(f?.latencyMs?.p99), fmt(w?.latencyMs?.p99),
      fmt(f?.gatewayCpuMsPerEvent, 2), fmt(w?.gatewayCpuMsPerEvent, 2), fmt(auxPerEvent(w), 2),
      w && w.available && w.burstCompletedMs ? fmt(w.clientCpuMs / w.burstCompletedMs, 2) : '-', String(faults),
      row === peerRow ? '1.00' : ratio(row, 'fresh'), row === peerRow ? '1.00' : ratio(row, 'warm')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l.length > 2 ? (l[i] || '').length : 0))));
  const show = (l) => (l.length === 2 ? `${l[0].padEnd(widths[0])}  ${l[1]}`
    : l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log(show(header));
  for (const l of lines) console.log(show(l));
  const anyPeer = results.find((r) => r.target === 'peer' && r.available);
  if (anyPeer) {
    console.log(`latency = arrival at a subscriber minus t0 (burst issued), all ${anyPeer.subscribers} x ` +
      `${anyPeer.events} deliveries; CPU = gateway process utime+stime over the burst / events`);
  }
  const loads = results.map((r) => r.loadAverage1m).filter((x) => typeof x === 'number');
  if (loads.length) {
    console.log(`1-minute load average during the runs: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} ` +
      `(${cpus().length} cores; above that, the figures carry other processes' load)`);
  }
  if (results.some((r) => r.target === 'peer' && r.mode === 'batch')) {
    console.log('Socket.IO batch: the peer has no batch endpoint; one Redis MULTI/EXEC of the burst\'s PUBLISHes stands in');
  }
}

async function main() {
  const opts = parseArgs(process.argv);
  if (opts.table) { table(opts.table); return; }
  const settings = settingsOf(opts);
  const result = await run(settings);
  console.log(describe(result));
  if (settings.json) writeFileSync(settings.json, JSON.stringify(result, null, 2) + '\n');
  // sockets closing in the background must not hold the process
  setTimeout(() => process.exit(0), 200).unref();
}

main().catch((err) => {
  console.error(`side-by-side: ${err.message}`);
  process.exit(1);
});
