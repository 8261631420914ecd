// Shared by the browser tests: Chromium, a cuttable TCP proxy, page helpers, tokens, reporting.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(process.env.HERALD_ARTIFACTS || path.join(here, "../../distribution/target/browser"));
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function gatewayUrl() {
  if (!process.env.HERALD_URL) throw new Error("HERALD_URL is required, e.g. http://127.0.0.1:9080/");
  return new URL(process.env.HERALD_URL);
}

/** Runs named phases, logs each with its time, and on failure saves a screenshot; exits the process. */
export async function runPhases(name, body) {
  const started = Date.now();
  const log = (message) => console.log(`[${name} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  const ctx = { log, step: "start", page: null, cleanups: [] };
  ctx.phase = async (title, fn) => {
    ctx.step = title;
    const t0 = Date.now();
    await fn();
    log(`ok: ${title} (${Date.now() - t0} ms)`);
  };
  mkdirSync(ARTIFACTS, { recursive: true });
  let exitCode = 0;
  try {
    await body(ctx);
    log(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    exitCode = 1;
    console.error(`[${name}] FAILED at "${ctx.step}": ${e.stack || e}`);
    if (ctx.page) {
      const file = path.join(ARTIFACTS, `${name}-failure.png`);
      await ctx.page.screenshot({ path: file, fullPage: true }).then(() => console.error(`[${name}] failure screenshot: ${file}`), () => {});
    }
  } finally {
    for (const cleanup of ctx.cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
  }
  process.exit(exitCode);
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(ctx) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      // a test page served through page.route has no address of its own: Chromium would count it as
      // public and block its WebSocket to the gateway on loopback (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS)
      "--disable-features=LocalNetworkAccessChecks"],
  });
  ctx.cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: "en-GB", timezoneId: "UTC" });
  const page = await context.newPage();
  ctx.page = page;
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // refused or cut WebSocket attempts are expected here; anything else is a bug of the page
    if (m.type() === "error" && !/WebSocket|ERR_CONNECTION|Failed to load resource/.test(m.text())) errors.push("console: " + m.text());
  });
  const frames = { sent: [], received: [], sockets: 0 };
  page.on("websocket", (ws) => {
    frames.sockets += 1;
    ws.on("framesent", (f) => frames.sent.push(JSON.parse(f.payload)));
    ws.on("framereceived", (f) => frames.received.push(JSON.parse(f.payload)));
  });
  return { browser, page, errors, frames };
}

/** A TCP proxy in front of the gateway that can cut every open connection and refuse new ones. */
export function startProxy(ctx, target) {
  const open = new Set();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = [client, upstream];
    open.add(pair);
    const end = () => { client.destroy(); upstream.destroy(); open.delete(pair); };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const proxy = {
      url: `http://127.0.0.1:${server.address().port}/`,
      /** Drops every open connection: the browser sees its WebSocket end with 1006. */
      cut() { for (const [a, b] of open) { a.destroy(); b.destroy(); } open.clear(); },
      /** While on, new connections are closed at once (a gateway that cannot be reached). */
      refuse(on) { refusing = on; },
      close() { proxy.cut(); return new Promise((r) => server.close(r)); },
    };
    ctx.cleanups.push(() => proxy.close());
    resolve(proxy);
  }));
}

/** Publishes straight to the gateway (not through the proxy); returns the stored seq. */
export async function publish(gateway, jobId, eventType, payload, token) {
  const response = await fetch(new URL(`api/jobs/${jobId}/events`, gateway), {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: "Bearer " + token } : {}) },
    body: JSON.stringify({ eventType, payload }),
  });
  const body = await response.json();
  assert.equal(response.status, 201, `publish answered ${response.status}: ${JSON.stringify(body)}`);
  return body.seq;
}

export function shownSeqs(page) {
  return page.$$eval("#events li", (items) => items.map((li) => Number(li.dataset.seq)));
}

export async function waitForSeq(page, seq, timeout = 30_000) {
  try {
    await page.waitForFunction((s) => {
      const last = document.querySelector("#events li:last-child");
      return last && Number(last.dataset.seq) >= s;
    }, seq, { timeout, polling: 100 });
  } catch {
    throw new Error(`the page did not show seq ${seq} within ${timeout} ms; it shows ${JSON.stringify(await shownSeqs(page))}; `
      + `connection: ${await page.textContent("#connection-text")}`);
  }
}

export async function assertShownExactly(page, n) {
  assert.deepEqual(await shownSeqs(page), Array.from({ length: n }, (_, i) => i + 1), "every event exactly once, in order");
}

export async function waitForState(page, wanted, timeout = 30_000) {
  await page.waitForFunction((w) => document.querySelector("#connection").dataset.state === w, wanted, { timeout, polling: 50 });
}

export async function waitForText(page, selector, pattern, timeout = 10_000) {
  await page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s)?.textContent || ""), [selector, pattern.source], { timeout, polling: 50 });
}

/** An HS256 JWT as the contract defines it (scope, jobs, exp), signed with the gateway's secret. */
export function token(secret, { scope, jobs, ttlSeconds = 600 }) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "browser-test", iat: now, exp: now + ttlSeconds, scope, jobs })}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** In the page: every visible text whose colour against its background is under 4.5:1 (WCAG AA). */
export function contrastFailures() {
  const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || !el.getClientRects().length || el.closest("[hidden], button:disabled")) continue;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) failures.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}
