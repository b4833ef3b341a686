// The offline banner: shown when the server goes away, gone (and "Connected" again) when
// it comes back on the same port. Own server: this one is stopped on purpose.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectionStatus,
  launchBrowser,
  newContext,
  openPage,
  shotOnFailure,
  startStack,
  waitConnected,
  waitFor,
} from "./support.mjs";

const BANNER = "[data-testid=offline-banner]";

describe("offline banner", () => {
  let stack;
  let chrome;

  before(async () => {
    stack = await startStack();
    chrome = await launchBrowser();
  });

  after(async () => {
    await chrome?.close();
    await stack?.stop();
  });

  it("appears when the server stops and goes when it is back", async () => {
    const context = await newContext(chrome.browser);
    const page = await openPage(context, stack.url, "now");
    try {
      await shotOnFailure(page, "offline", async () => {
        assert.equal(await page.locator(BANNER).count(), 0, "banner shown while connected");

        const exit = await stack.stopServer();
        assert.equal(exit.code, 0, `vortex serve exit after SIGTERM: ${JSON.stringify(exit)}`);
        await waitFor(
          `${BANNER} visible after the server stopped`,
          async () => {
            const visible = await page.locator(BANNER).isVisible();
            return { ok: visible, seen: { banner: visible, status: await connectionStatus(page) } };
          },
          { timeoutMs: 10_000 },
        );

        const port = stack.server.port;
        await stack.startServerAgain();
        assert.equal(stack.server.port, port, "restarted on the same port");
        // The client retries with a doubling delay (0.5 s .. 10 s): allow a full step.
        await waitFor(
          `${BANNER} gone after the server came back`,
          async () => {
            const n = await page.locator(BANNER).count();
            return { ok: n === 0, seen: { banners: n, status: await connectionStatus(page) } };
          },
          { timeoutMs: 20_000 },
        );
        await waitConnected(page, { timeoutMs: 5_000 });
      });
    } finally {
      await context.close();
    }
  });
});
