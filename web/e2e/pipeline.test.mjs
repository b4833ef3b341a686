// Editing a filter on the pipeline page reaches the engine, redraws the response plot
// and shows up in a second tab. Own server: the edit changes what the monitor measures.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  engineState,
  launchBrowser,
  newContext,
  openPage,
  shotOnFailure,
  startStack,
  waitFor,
  waitHook,
} from "./support.mjs";

const GAIN_INPUT = "[data-testid=filter-form-eq1] input[name=gain]";
const MAGNITUDE = "svg[data-testid=response-plot] path[data-testid=response-magnitude-0]";
const NEW_GAIN_DB = 6;

describe("pipeline page", () => {
  let stack;
  let chrome;
  let context;
  let first;
  let second;

  before(async () => {
    stack = await startStack();
    chrome = await launchBrowser();
    context = await newContext(chrome.browser);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await chrome?.close();
    await stack?.stop();
  });

  it(`setting eq1's gain to ${NEW_GAIN_DB} dB reaches the engine and redraws the response`, async () => {
    first = await openPage(context, stack.url, "pipeline");
    // The second tab is open before the edit: it must follow the change, not load it.
    second = await openPage(context, stack.url, "pipeline");
    await shotOnFailure(first, "pipeline-edit", async () => {
      const before = await engineState(stack.apiUrl);
      assert.equal(before.pipeline?.filters?.eq1?.gain, 0, "eq1 gain at start (from the test pipeline)");
      const input = await waitHook(first, GAIN_INPUT);
      await waitHook(first, MAGNITUDE);
      const dBefore = await first.getAttribute(MAGNITUDE, "d");
      assert.ok(dBefore, `${MAGNITUDE} has no d attribute before the edit`);

      await input.fill(String(NEW_GAIN_DB));
      await input.press("Enter");

      await waitFor(
        `GET /api/state pipeline.filters.eq1.gain == ${NEW_GAIN_DB}`,
        async () => {
          const gain = (await engineState(stack.apiUrl)).pipeline?.filters?.eq1?.gain;
          return { ok: gain === NEW_GAIN_DB, seen: `gain ${gain}` };
        },
        { timeoutMs: 5_000 },
      );
      await waitFor(
        `${MAGNITUDE} d attribute to change after the edit`,
        async () => {
          const d = await first.getAttribute(MAGNITUDE, "d");
          return { ok: d !== null && d !== dBefore, seen: `d unchanged: ${String(d).slice(0, 80)}…` };
        },
        { timeoutMs: 5_000 },
      );
    });
  });

  it("a second tab on the pipeline page shows the new gain", async () => {
    assert.ok(second, "the second tab was not opened (the previous test failed early)");
    await shotOnFailure(second, "pipeline-second-tab", async () => {
      await waitHook(second, GAIN_INPUT);
      await waitFor(
        `the second tab's ${GAIN_INPUT} to show ${NEW_GAIN_DB}`,
        async () => {
          const value = await second.inputValue(GAIN_INPUT);
          return { ok: Number(value) === NEW_GAIN_DB, seen: `value "${value}"` };
        },
        { timeoutMs: 5_000 },
      );
    });
  });
});
