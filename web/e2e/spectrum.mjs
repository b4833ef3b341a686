// Reads the spectrum analyser's canvas the way a person looks at it: which column of the
// plot has the highest point of the trace, and what frequency that column is. The canvas
// publishes its geometry as attributes (backing-store pixels):
//   data-plot-x0/x1  the columns where data-f-min and data-f-max are drawn (log axis)
//   data-plot-y0/y1  the plot's top and bottom rows
//   data-trace-color the first trace's colour, `rgb(r, g, b)`; data-frames frames drawn

/** Hz at column `x` of a logarithmic axis from fMin (at x0) to fMax (at x1). */
export function columnToHz(x, { x0, x1, fMin, fMax }) {
  return fMin * Math.pow(fMax / fMin, (x - x0) / (x1 - x0));
}

/** Distance between two frequencies in octaves (signed, `b` above `a` is positive). */
export function octavesBetween(aHz, bHz) {
  return Math.log2(bHz / aHz);
}

/** A CSS colour as [r, g, b]: `rgb(1, 2, 3)`, `rgba(1 2 3 / 1)` or `#0a0b0c`; null if neither. */
export function parseColor(text) {
  const s = String(text ?? "").trim();
  const rgb = s.match(/^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = s.match(/^#([0-9a-f]{6})$/i);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  return null;
}

/** Pixels closer than this (Euclidean RGB) to the trace colour count as the trace. */
export const COLOR_TOLERANCE = 60;

/**
 * Runs in the page: the canvas's attributes and, within the plot rectangle, the highest
 * trace-coloured pixel. Columns whose top trace pixel is at that highest row are averaged
 * (bars are flat on top: the middle of the band). `rgb` is the trace colour parsed from
 * `data-trace-color` (null: attributes only). Self-contained (serialised by page.evaluate).
 */
function analyseInPage({ selector, rgb, tolerance }) {
  const c = document.querySelector(selector);
  if (!c) return { missing: true };
  const attr = (n) => c.getAttribute(n);
  const num = (n) => (attr(n) === null || attr(n) === "" ? NaN : Number(attr(n)));
  const info = {
    missing: false,
    width: c.width,
    height: c.height,
    x0: num("data-plot-x0"),
    x1: num("data-plot-x1"),
    y0: num("data-plot-y0"),
    y1: num("data-plot-y1"),
    fMin: num("data-f-min"),
    fMax: num("data-f-max"),
    frames: num("data-frames"),
    traceColor: attr("data-trace-color"),
    peakX: null,
    peakY: null,
    traceColumns: 0,
  };
  const geometry = [info.x0, info.x1, info.y0, info.y1];
  if (!rgb || geometry.some((v) => !Number.isFinite(v)) || c.width === 0 || c.height === 0) return info;
  // Copy onto a canvas of our own: reads pixels whatever context the page drew with.
  const copy = document.createElement("canvas");
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  const xa = Math.max(0, Math.ceil(Math.min(info.x0, info.x1)));
  const xb = Math.min(c.width - 1, Math.floor(Math.max(info.x0, info.x1)));
  const ya = Math.max(0, Math.ceil(Math.min(info.y0, info.y1)));
  const yb = Math.min(c.height - 1, Math.floor(Math.max(info.y0, info.y1)));
  const tol2 = tolerance * tolerance;
  let bestY = Infinity;
  let sumX = 0;
  let count = 0;
  for (let x = xa; x <= xb; x++) {
    for (let y = ya; y <= yb; y++) {
      const i = (y * c.width + x) * 4;
      const dr = px[i] - rgb[0];
      const dg = px[i + 1] - rgb[1];
      const db = px[i + 2] - rgb[2];
      if (dr * dr + dg * dg + db * db < tol2) {
        info.traceColumns++;
        if (y < bestY) {
          bestY = y;
          sumX = x;
          count = 1;
        } else if (y === bestY) {
          sumX += x;
          count++;
        }
        break;
      }
    }
  }
  if (count > 0) {
    info.peakX = sumX / count;
    info.peakY = bestY;
  }
  return info;
}

/**
 * The spectrum canvas's attributes and the frequency of its highest trace point
 * (`peakHz`, null when no trace-coloured pixel is in the plot).
 */
export async function readSpectrumPeak(page, selector = "canvas[data-testid=spectrum]") {
  // First the attributes (the colour is parsed here, once), then the pixels.
  const attrs = await page.evaluate(analyseInPage, { selector, rgb: null, tolerance: COLOR_TOLERANCE });
  const rgb = parseColor(attrs.traceColor);
  const info = rgb ? await page.evaluate(analyseInPage, { selector, rgb, tolerance: COLOR_TOLERANCE }) : attrs;
  const peakHz = info.peakX === null || info.missing ? null : columnToHz(info.peakX, info);
  return { ...info, peakHz };
}

/** The canvas as a data URL and its frame count, to compare two moments. */
export function spectrumSnapshot(page, selector = "canvas[data-testid=spectrum]") {
  return page.evaluate((s) => {
    const c = document.querySelector(s);
    return c ? { frames: Number(c.getAttribute("data-frames")), dataUrl: c.toDataURL() } : null;
  }, selector);
}
