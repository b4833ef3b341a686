// The measuring tools of the end-to-end tests, checked on pages whose answer is known
// (built here with page.setContent, no server): a test that reads the spectrum, the
// focus order, axe or the CPU wrongly would pass or fail for the wrong reason.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { axeScan, BLOCKING_IMPACTS } from "./axe.mjs";
import { measureTreeCpu } from "./cpu.mjs";
import { tabThrough } from "./keyboard.mjs";
import { columnToHz, octavesBetween, parseColor, readSpectrumPeak } from "./spectrum.mjs";
import { launchBrowser, newContext, parseShownNumber } from "./support.mjs";

describe("pure helpers", () => {
  it("columnToHz: log axis ends and middle", () => {
    const axis = { x0: 100, x1: 700, fMin: 20, fMax: 20000 };
    assert.equal(columnToHz(100, axis), 20);
    assert.ok(Math.abs(columnToHz(700, axis) - 20000) < 1e-9);
    // The middle of a 3-decade axis is the geometric mean: 20 * 10^1.5.
    assert.ok(Math.abs(columnToHz(400, axis) - 20 * 10 ** 1.5) < 1e-9);
  });

  it("octavesBetween", () => {
    assert.equal(octavesBetween(1000, 2000), 1);
    assert.equal(octavesBetween(1000, 500), -1);
  });

  it("parseColor", () => {
    assert.deepEqual(parseColor("rgb(29, 95, 209)"), [29, 95, 209]);
    assert.deepEqual(parseColor("rgba(1 2 3 / 0.5)"), [1, 2, 3]);
    assert.deepEqual(parseColor("#1d5fd1"), [29, 95, 209]);
    assert.equal(parseColor("blue"), null);
  });

  it("parseShownNumber", () => {
    assert.equal(parseShownNumber("-6.0"), -6);
    assert.equal(parseShownNumber("\u22129.0 dBFS"), -9);
    assert.equal(parseShownNumber("-6,5"), -6.5);
    assert.ok(Number.isNaN(parseShownNumber("-inf")));
    assert.ok(Number.isNaN(parseShownNumber(null)));
  });
});

describe("page helpers (synthetic pages)", () => {
  let chrome;
  let context;
  let page;

  before(async () => {
    chrome = await launchBrowser();
    context = await newContext(chrome.browser);
    page = await context.newPage();
  });

  after(async () => {
    await context?.close().catch(() => {});
    await chrome?.close();
  });

  /** A spectrum canvas like the monitor's: grid, labels, peak hold, a trace peaking at peakHz. */
  async function drawSpectrum(peakHz) {
    await page.setContent(`<canvas data-testid="spectrum" width="800" height="300"></canvas>`);
    await page.evaluate((peak) => {
      const c = document.querySelector("canvas");
      const [x0, x1, y0, y1, fMin, fMax] = [60, 780, 10, 270, 20, 20000];
      Object.assign(c.dataset, {
        plotX0: x0, plotX1: x1, plotY0: y0, plotY1: y1, fMin, fMax,
        traceColor: "rgb(29, 95, 209)", frames: "1",
      });
      const ctx = c.getContext("2d");
      const xOf = (f) => x0 + ((x1 - x0) * Math.log(f / fMin)) / Math.log(fMax / fMin);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, 800, 300);
      ctx.strokeStyle = "#dde1e8"; // grid
      for (const f of [50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
        ctx.beginPath();
        ctx.moveTo(xOf(f), y0);
        ctx.lineTo(xOf(f), y1);
        ctx.stroke();
      }
      ctx.fillStyle = "rgb(29, 95, 209)"; // a label in the trace colour, outside the plot
      ctx.fillText("1k", 5, 290);
      // The trace: a -90 dB floor with a peak that falls off over a few columns.
      ctx.strokeStyle = "rgb(29, 95, 209)";
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let x = x0; x <= x1; x++) {
        const f = fMin * Math.pow(fMax / fMin, (x - x0) / (x1 - x0));
        const db = Math.max(-90, -6 - 200 * Math.abs(Math.log2(f / peak)));
        const y = y0 + ((y1 - y0) * -db) / 120;
        if (x === x0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      // Peak hold above the trace, in another colour: must be ignored.
      ctx.strokeStyle = "#b3261e";
      ctx.beginPath();
      ctx.moveTo(x0, y0 + 2);
      ctx.lineTo(x1, y0 + 2);
      ctx.stroke();
    }, peakHz);
  }

  for (const hz of [1000, 4000, 63]) {
    it(`readSpectrumPeak finds a peak drawn at ${hz} Hz`, async () => {
      await drawSpectrum(hz);
      const s = await readSpectrumPeak(page);
      assert.ok(s.peakHz !== null, `no trace found: ${JSON.stringify(s)}`);
      const off = octavesBetween(hz, s.peakHz);
      assert.ok(Math.abs(off) < 0.05, `peak read at ${s.peakHz} Hz, drawn at ${hz} Hz (${off} octaves)`);
    });
  }

  it("readSpectrumPeak: no trace-coloured pixel in the plot gives null", async () => {
    await page.setContent(
      `<canvas data-testid="spectrum" width="200" height="100" data-plot-x0="10" data-plot-x1="190"
        data-plot-y0="10" data-plot-y1="90" data-f-min="20" data-f-max="20000"
        data-trace-color="rgb(29, 95, 209)" data-frames="3"></canvas>`,
    );
    const s = await readSpectrumPeak(page);
    assert.equal(s.peakHz, null);
    assert.equal(s.frames, 3);
  });

  it("readSpectrumPeak: a missing canvas says so", async () => {
    await page.setContent(`<p>nothing</p>`);
    assert.equal((await readSpectrumPeak(page)).missing, true);
  });

  it("tabThrough reaches every control of a plain page, radio groups once", async () => {
    await page.setContent(`
      <a href="#x">link</a>
      <button>one</button>
      <input name="gain" type="number" aria-label="gain">
      <fieldset><input type="radio" name="r" value="a" checked aria-label="a">
        <input type="radio" name="r" value="b" aria-label="b"></fieldset>
      <select aria-label="s"><option>x</option></select>
      <button tabindex="-1">roving, not in the order</button>
      <button disabled>disabled</button>
      <button hidden>hidden</button>
      <details><summary>more</summary><button>inside closed details</button></details>`);
    const r = await tabThrough(page);
    assert.deepEqual(r.missed, [], `missed: ${JSON.stringify(r.missed)}; order ${r.order}`);
    assert.equal(r.cycled, true, `focus did not cycle; order ${r.order}`);
    // link, one, gain, radio a, select, summary
    assert.equal(r.targets.length, 7, `targets: ${r.targets.map((t) => t.label)}`);
  });

  it("tabThrough lists a control the keyboard cannot reach", async () => {
    // The first button's Tab handler jumps over the second: a keyboard trap in miniature.
    await page.setContent(`
      <button id="a" onkeydown="if (event.key === 'Tab' && !event.shiftKey) { event.preventDefault(); document.getElementById('c').focus(); }">a</button>
      <button id="b" data-testid="skipped">b</button>
      <button id="c">c</button>`);
    const r = await tabThrough(page);
    assert.deepEqual(
      r.missed.map((t) => t.label),
      ['button[data-testid="skipped"][id="b"] "b"'],
    );
  });

  it("axeScan reports a critical violation (image without alt)", async () => {
    await page.setContent(`<html lang="en"><head><title>t</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`);
    const violations = await axeScan(page);
    const imageAlt = violations.find((v) => v.id === "image-alt");
    assert.ok(imageAlt, `expected image-alt among ${JSON.stringify(violations)}`);
    assert.ok(BLOCKING_IMPACTS.includes(imageAlt.impact), `image-alt impact ${imageAlt.impact}`);
  });
});

describe("cpu measurement", () => {
  /** A shell that runs `script` in a grandchild node process (`; :` keeps sh from exec'ing). */
  function spawnTree(script) {
    return spawn("sh", ["-c", `"${process.execPath}" -e '${script}'; :`], { stdio: "ignore", detached: true });
  }

  it("counts a busy grandchild as about one core, a sleeping one as about none", async () => {
    const busy = spawnTree("const end = Date.now() + 5000; while (Date.now() < end) {}");
    const idle = spawnTree("setTimeout(() => {}, 5000)");
    try {
      await new Promise((r) => setTimeout(r, 300)); // let both start
      const [b, i] = await Promise.all([measureTreeCpu(busy.pid, 1.5), measureTreeCpu(idle.pid, 1.5)]);
      // On a loaded 2-core machine the busy loop may not get a whole core: allow 50 %.
      assert.ok(b.cpuPct > 50 && b.cpuPct < 120, `busy tree: ${JSON.stringify(b)}`);
      assert.ok(b.processes >= 2, `the busy tree should hold sh and node: ${JSON.stringify(b)}`);
      assert.ok(i.cpuPct < 10, `idle tree: ${JSON.stringify(i)}`);
    } finally {
      // Each tree is its own process group: end the shell and its node together.
      for (const child of [busy, idle]) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
  });
});
