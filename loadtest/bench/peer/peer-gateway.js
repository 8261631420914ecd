#!/usr/bin/env node
// The peer of the side-by-side benchmark: a Socket.IO 4 gateway built the way the seed service's was
// (seeds 000/001): browsers join a job's room, workers PUBLISH progress events straight to the Redis
// channel novel.realtime.events, and one subscriber per gateway forwards each to the job's room.
// No store, no catch-up, no sequence numbers of its own: the seq a client sees is the worker's.
//
// Usage: node peer-gateway.js --port 20300 --redis redis://127.0.0.1:20379
// Prints "peer-gateway listening on PORT pid PID" once the port and all three Redis clients are up.
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const CHANNEL = 'novel.realtime.events';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('port', process.env.PORT || 20300));
const host = option('host', '127.0.0.1');
const redisUrl = option('redis', process.env.REDIS_URL || 'redis://127.0.0.1:6379');

function roomOf(jobId) {
  return `job:${jobId}`;
}

function logRedisErrors(client, role) {
  // node-redis reconnects by itself; an unhandled 'error' event would kill the process instead.
  client.on('error', (err) => console.error(`[peer-gateway] redis ${role}: ${err.message}`));
  return client;
}

async function main() {
  // The adapter needs its own pub and sub connections (a subscribed connection can issue nothing else);
  // the event subscriber is a third one so that its channel is not mixed with the adapter's.
  const adapterPub = logRedisErrors(createClient({ url: redisUrl }), 'adapter-pub');
  const adapterSub = logRedisErrors(adapterPub.duplicate(), 'adapter-sub');
  const eventSub = logRedisErrors(createClient({ url: redisUrl }), 'event-sub');
  await Promise.all([adapterPub.connect(), adapterSub.connect(), eventSub.connect()]);

  const httpServer = http.createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(req.url === '/health' ? 'ok' : 'not found');
  });
  // The seed kept Socket.IO's defaults; the benchmark client connects with transports: ['websocket'],
  // so both gateways are measured over a plain WebSocket (no long-polling upgrade dance).
  const io = new Server(httpServer, { adapter: createAdapter(adapterPub, adapterSub) });

  io.on('connection', (socket) => {
    socket.on('subscribe', (request, ack) => {
      const jobId = request && typeof request.jobId === 'string' ? request.jobId : null;
      if (!jobId) {
        if (typeof ack === 'function') ack({ ok: false, error: 'jobId required' });
        return;
      }
      socket.join(roomOf(jobId));
      if (typeof ack === 'function') ack({ ok: true, jobId });
    });
    socket.on('unsubscribe', (request, ack) => {
      if (request && typeof request.jobId === 'string') socket.leave(roomOf(request.jobId));
      if (typeof ack === 'function') ack({ ok: true });
    });
  });

  // Every gateway instance subscribes to the worker channel itself, so every instance already gets
  // every event. Emitting with io.to(room) would also hand the packet to the Redis adapter, which
  // publishes it on its own channel to the other instances, and each of them would deliver it to
  // its local members a second time (N instances: N copies per client). io.local.to(room) delivers to
  // this instance's sockets only; the adapter still shares rooms for everything else (fetchSockets,
  // socketsJoin, emits that start from a client's handler on one node).
  await eventSub.subscribe(CHANNEL, (message) => {
    let event;
    try {
      event = JSON.parse(message);
    } catch {
      return; // a malformed worker message is dropped; its body is not logged (it may hold user data)
    }
    if (!event || typeof event.jobId !== 'string') return;
    io.local.to(roomOf(event.jobId)).emit('event', event);
  });

  httpServer.listen(port, host, () => {
    console.log(`peer-gateway listening on ${port} pid ${process.pid}`);
  });

  const stop = async () => {
    io.close();
    await Promise.allSettled([eventSub.quit(), adapterSub.quit(), adapterPub.quit()]);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(`[peer-gateway] failed to start: ${err.message}`);
  process.exit(1);
});
