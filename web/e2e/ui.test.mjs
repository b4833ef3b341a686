// The UI against a running server playing a 1000 Hz sine at -6 dBFS: the shell, the
// monitor's spectrum and level meters, keyboard reach, axe, screenshots at two widths.
// (The pipeline edit and the offline banner have their own files and servers: they
// change the state this file measures.)

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { axeScan, BLOCKING_IMPACTS, formatViolations } from "./axe.mjs";
import { tabThrough } from "./keyboard.mjs";
import { octavesBetween, readSpectrumPeak, spectrumSnapshot } from "./spectrum.mjs";
import {
  DESKTOP,
  errorsOf,
  GENERATOR,
  hookText,
  launchBrowser,
  newContext,
  openPage,
  PAGES,
  parseShownNumber,
  PHONE,
  screenshot,
  shotOnFailure,
  startStack,
  waitFor,
  waitHook,
} from "./support.mjs";

const SPECTRUM = "canvas[data-testid=spectrum]";

describe("web UI", () => {
  let stack;
  let chrome;
  let context;

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

  it("loads: title, navigation with a link per page, status Connected", async () => {
    const page = await openPage(context, stack.url, "now");
    try {
      assert.equal(await page.title(), "Vortex", "document title");
      const links = await page.locator("nav a[href]").evaluateAll((as) =>
        as.map((a) => ({ href: a.getAttribute("href"), testid: a.dataset.testid })),
      );
      assert.deepEqual(
        links.map((l) => l.href),
        PAGES.map((p) => `#/${p}`),
        `nav links (expected one per page, in order); saw ${JSON.stringify(links)}`,
      );
      const status = await hookText(page, "[data-testid=connection-status]");
      assert.equal(status, "Connected", "connection status text");
      assert.deepEqual(errorsOf(page), [], "uncaught errors in the page");
    } finally {
      await page.close();
    }
  });

  it("monitor: the spectrum redraws and peaks at the generator's frequency", async () => {
    const page = await openPage(context, stack.url, "monitor");
    try {
      await shotOnFailure(page, "monitor-spectrum", async () => {
        await waitHook(page, SPECTRUM);
        const changed = await spectrumChanges(page);
        if (!changed.pixelsDiffer) {
          // A steady sine may draw identical frames; pink noise never does.
          console.log(`# monitor: sine frames identical (${changed.detail}); checking change with pink noise`);
          const pink = await startStack({ generate: "pink" });
          const pinkPage = await openPage(context, pink.url, "monitor").catch(async (e) => {
            await pink.stop();
            throw e;
          });
          try {
            await waitHook(pinkPage, SPECTRUM);
            const p = await spectrumChanges(pinkPage);
            assert.ok(p.pixelsDiffer, `spectrum pixels identical between frames even with pink noise: ${p.detail}`);
          } finally {
            await pinkPage.close();
            await pink.stop();
          }
        }

        // The peak: wait until a trace is drawn, then compare its column with 1 kHz.
        const peak = await waitFor(
          `a trace in data-trace-color inside the plot of ${SPECTRUM}`,
          async () => {
            const s = await readSpectrumPeak(page);
            return { ok: s.peakHz !== null, seen: s, spectrum: s };
          },
          { timeoutMs: 10_000 },
        );
        const s = peak.spectrum;
        const off = octavesBetween(GENERATOR.freqHz, s.peakHz);
        console.log(
          `# monitor: peak at column ${s.peakX} (row ${s.peakY}) = ${s.peakHz.toFixed(1)} Hz, ` +
            `${off.toFixed(3)} octaves from ${GENERATOR.freqHz} Hz (plot x ${s.x0}..${s.x1}, ${s.traceColumns} trace columns)`,
        );
        assert.ok(
          Math.abs(off) < 1 / 3,
          `spectrum peak at ${s.peakHz.toFixed(1)} Hz, expected ${GENERATOR.freqHz} Hz within 1/3 octave ` +
            `(${off.toFixed(3)} octaves off); canvas ${JSON.stringify({ ...s, dataUrl: undefined })}`,
        );
      });
    } finally {
      await page.close();
    }
  });

  it("monitor: the level meter shows the generator's peak and RMS", async () => {
    const page = await openPage(context, stack.url, "monitor");
    try {
      await shotOnFailure(page, "monitor-levels", async () => {
        await waitHook(page, "[data-testid=level-peak-0]");
        await waitHook(page, "[data-testid=level-rms-0]");
        // A sine's RMS is its peak less 10 log10(2) = 3.01 dB.
        const expected = { peak: GENERATOR.levelDb, rms: GENERATOR.levelDb - 10 * Math.log10(2) };
        await waitFor(
          `level-peak-0 ${expected.peak.toFixed(1)} and level-rms-0 ${expected.rms.toFixed(1)} dBFS, each within 0.5 dB`,
          async () => {
            const peakText = await hookText(page, "[data-testid=level-peak-0]");
            const rmsText = await hookText(page, "[data-testid=level-rms-0]");
            const peak = parseShownNumber(peakText);
            const rms = parseShownNumber(rmsText);
            return {
              ok: Math.abs(peak - expected.peak) <= 0.5 && Math.abs(rms - expected.rms) <= 0.5,
              seen: { peakText, rmsText },
            };
          },
          { timeoutMs: 10_000 },
        );
      });
    } finally {
      await page.close();
    }
  });

  describe("keyboard only: Tab reaches every control", () => {
    for (const name of PAGES) {
      it(`#/${name}`, async () => {
        const page = await openPage(context, stack.url, name);
        try {
          const r = await tabThrough(page);
          console.log(
            `# keyboard #/${name}: ${r.targets.length} controls, ${r.targets.length - r.missed.length} reached ` +
              `in ${r.order.length} Tab presses (${r.cycled ? "focus cycled" : "no cycle"})`,
          );
          assert.ok(r.targets.length > 0, "no interactive elements found at all");
          assert.deepEqual(
            r.missed.map((t) => t.label),
            [],
            `controls never focused after ${r.order.length} Tab presses ` +
              `(${r.cycled ? "focus cycled" : "focus did not cycle"}); focus order was:\n  ${r.order.join("\n  ")}`,
          );
        } finally {
          await page.close();
        }
      });
    }
  });

  describe("axe-core: no serious or critical violation", () => {
    for (const name of PAGES) {
      it(`#/${name}`, async () => {
        const page = await openPage(context, stack.url, name);
        try {
          const violations = await axeScan(page);
          if (violations.length) console.log(`# axe #/${name}:\n${formatViolations(violations)}`);
          const blocking = violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact));
          assert.equal(
            blocking.length,
            0,
            `axe found ${blocking.length} serious/critical violations on #/${name}:\n${formatViolations(blocking)}`,
          );
        } finally {
          await page.close();
        }
      });
    }
  });

  describe("screenshots at desktop and phone width; nothing overflows at 360 px", () => {
    for (const name of PAGES) {
      it(`#/${name}`, async () => {
        const page = await openPage(context, stack.url, name);
        try {
          await page.setViewportSize(DESKTOP);
          await screenshot(page, `${name}-desktop`);
          await page.setViewportSize(PHONE);
          // Let resize observers and layout settle before measuring.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          await screenshot(page, `${name}-phone`);
          const widths = await page.evaluate(() => {
            const wide = [...document.querySelectorAll("body *")]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""} right=${Math.round(el.getBoundingClientRect().right)}`);
            return { scrollWidth: document.documentElement.scrollWidth, wide };
          });
          assert.ok(
            widths.scrollWidth <= PHONE.width,
            `#/${name} at ${PHONE.width} px: document scrollWidth ${widths.scrollWidth} > ${PHONE.width}; ` +
              `elements past the right edge: ${widths.wide.join("; ") || "none found"}`,
          );
        } finally {
          await page.close();
        }
      });
    }
  });
});

/**
 * Two snapshots of the spectrum some frames apart: `data-frames` must grow (asserted
 * here) and the pixels should differ (returned: the caller decides what a steady
 * picture means).
 */
async function spectrumChanges(page) {
  const a = await waitFor(
    `${SPECTRUM} data-frames > 0 (frames drawn)`,
    async () => {
      const s = await spectrumSnapshot(page);
      return { ok: s !== null && s.frames > 0, seen: s && { frames: s.frames }, snap: s };
    },
    { timeoutMs: 10_000 },
  );
  const FRAMES_APART = 10;
  const b = await waitFor(
    `${SPECTRUM} data-frames to grow from ${a.snap.frames} by ${FRAMES_APART}`,
    async () => {
      const s = await spectrumSnapshot(page);
      return { ok: s !== null && s.frames >= a.snap.frames + FRAMES_APART, seen: s && { frames: s.frames }, snap: s };
    },
    { timeoutMs: 10_000 },
  );
  return {
    pixelsDiffer: a.snap.dataUrl !== b.snap.dataUrl,
    detail: `frames ${a.snap.frames} -> ${b.snap.frames}`,
  };
}
