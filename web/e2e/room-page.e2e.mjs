// End-to-end test of the chat room page in headless Chromium, against a running gateway configured
// with an ephemeral "chat" namespace (client publishing, presence and join-leave on):
//
//   HERALD_URL=http://127.0.0.1:9080/ node web/e2e/room-page.e2e.mjs
//
// Two pages (two browser contexts: two connections, as two people) join one room, see each other in
// the members list, chat both ways (a sender does not get its own message back: its page shows it
// once, marked as its own), and one leaves: the other sees it go. The screenshot lands in
// HERALD_ARTIFACTS/room-page.png. Exit code 0 when every check passed.
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, contrastFailures, gatewayUrl, launchBrowser, runPhases, waitForState } from "./support.mjs";

const GATEWAY = gatewayUrl();
const ROOM = "chat:browser-" + Date.now().toString(36);

/** The names in a page's members list, in its order. */
const memberNames = (page) => page.$$eval("#members li .who", (items) => items.map((li) => li.textContent));
const messages = (page) => page.$$eval("#messages li:not(.notice)", (items) => items.map((li) => li.textContent));

async function waitForMembers(page, names, timeout = 20_000) {
  try {
    await page.waitForFunction((wanted) => {
      const shown = [...document.querySelectorAll("#members li .who")].map((e) => e.textContent);
      return shown.length === wanted.length && wanted.every((n) => n === "*" || shown.includes(n));
    }, names, { timeout, polling: 100 });
  } catch {
    throw new Error(`members list: wanted ${JSON.stringify(names)}, shows ${JSON.stringify(await memberNames(page))}`);
  }
}

async function waitForMessage(page, text, timeout = 20_000) {
  try {
    await page.waitForFunction((t) => [...document.querySelectorAll("#messages li")].some((li) => li.textContent.includes(t)),
      text, { timeout, polling: 100 });
  } catch {
    throw new Error(`no message "${text}"; the page shows ${JSON.stringify(await messages(page))}`);
  }
}

async function say(page, text) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.getByLabel("Message", { exact: true }).press("Enter");
}

await runPhases("room-page", async (ctx) => {
  const { phase, log } = ctx;
  const { browser, page: ada, errors } = await launchBrowser(ctx);
  const bobContext = await browser.newContext({ viewport: { width: 900, height: 800 }, locale: "en-GB", timezoneId: "UTC" });
  const bob = await bobContext.newPage();
  bob.on("pageerror", (e) => errors.push("bob: " + e.message));
  log(`gateway ${GATEWAY.href}, room ${ROOM}`);

  await phase("the gateway serves /room.html", async () => {
    const response = await fetch(new URL("room.html", GATEWAY));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") || "", /^text\/html/);
  });

  await phase("Ada joins: she is the only member", async () => {
    await ada.goto(new URL(`room.html?room=${encodeURIComponent(ROOM)}&name=Ada`, GATEWAY).href);
    await waitForState(ada, "open");
    await waitForMembers(ada, ["*"]);
    assert.equal(await ada.textContent("#member-count"), "1");
  });

  await phase("Bob joins from another browser context: each sees the other in the members list", async () => {
    await bob.goto(new URL(`room.html?room=${encodeURIComponent(ROOM)}&name=Bob`, GATEWAY).href);
    await waitForState(bob, "open");
    await waitForMembers(ada, ["Bob", "*"]);
    await waitForMembers(bob, ["Ada", "*"]);
    assert.equal(await ada.textContent("#member-count"), "2");
    assert.equal(await bob.textContent("#member-count"), "2");
    // the notice names the connection as known when it joined (Bob's name comes with his hello)
    await waitForMessage(ada, " joined");
  });

  await phase("they chat both ways; a sender sees its own message once, as its own", async () => {
    await say(ada, "Hello from Ada");
    await waitForMessage(bob, "Hello from Ada");
    await say(bob, "Hi Ada, Bob here");
    await waitForMessage(ada, "Hi Ada, Bob here");
    const onAda = await messages(ada);
    assert.equal(onAda.filter((m) => m.includes("Hello from Ada")).length, 1, "Ada's message once on her page: " + onAda);
    assert.match(onAda.find((m) => m.includes("Hello from Ada")), /Ada \(you\)/);
    assert.match((await messages(bob)).find((m) => m.includes("Hello from Ada")), /^Ada/);
  });

  await phase("screenshot, and every text readable (contrast 4.5:1)", async () => {
    await ada.screenshot({ path: path.join(ARTIFACTS, "room-page.png"), fullPage: true });
    assert.deepEqual(await ada.evaluate(contrastFailures), []);
  });

  await phase("Bob closes his page: Ada sees him leave", async () => {
    await bobContext.close();
    await waitForMembers(ada, ["*"]);
    await waitForMessage(ada, "Bob left");
  });

  await phase("no page error", async () => {
    assert.deepEqual(errors, []);
  });
});
