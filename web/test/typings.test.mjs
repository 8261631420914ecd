// herald-client.d.ts declares exactly what herald-client.js exports (the full type check runs with
// TypeScript in JobPageBrowserIT when web/node_modules has it: npm run typecheck).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as client from "../../bootstrap/src/main/webapp/herald-client.js";

test("the .d.ts beside herald-client.js declares every export, and nothing else", () => {
  const dts = readFileSync(new URL("../../bootstrap/src/main/webapp/herald-client.d.ts", import.meta.url), "utf8");
  const declared = [...dts.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(client).sort());
});
