// Draws the engine health chart: load and buffer fill (0-100 %) over the last window of
// the history, newest at the right. Redrawn only when a sample is added (about 10 Hz) or
// on resize/theme change. A gap of more than GAP_S between samples (hidden page,
// disconnect) breaks the lines instead of bridging it.

import type { HistoryRing } from "./history";
import { HEALTH_FILL, HEALTH_LOAD } from "./healthSampler";

export const HEALTH_WINDOW_S = 30;
const GAP_S = 2.5;

export interface HealthColors {
  background: string;
  grid: string;
  text: string;
  load: string;
  fill: string;
}

export function paintHealth(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  dpr: number,
  ring: HistoryRing,
  colors: HealthColors,
): void {
  const x0 = Math.round(28 * dpr);
  const x1 = width - 1 - Math.round(4 * dpr);
  const y0 = Math.round(8 * dpr);
  const y1 = height - 1 - Math.round(8 * dpr);
  const yOf = (fraction: number): number => y1 - (y1 - y0) * Math.min(1, Math.max(0, fraction));
  const line = Math.max(1, Math.round(dpr));

  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = colors.grid;
  ctx.font = `${Math.round(10 * dpr)}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const percent of [0, 50, 100]) {
    const y = Math.round(yOf(percent / 100));
    ctx.fillStyle = colors.grid;
    ctx.fillRect(x0, Math.min(y, y1 + 1 - line), x1 - x0 + 1, line);
    ctx.fillStyle = colors.text;
    ctx.fillText(`${percent}`, x0 - Math.round(4 * dpr), y);
  }
  if (ring.length === 0) return;

  const newest = ring.timeAt(ring.length - 1);
  const xOf = (t: number): number => x1 - ((newest - t) / HEALTH_WINDOW_S) * (x1 - x0);
  ctx.lineWidth = Math.max(1.5, 1.5 * dpr);
  ctx.lineJoin = "round";
  for (const [series, color] of [
    [HEALTH_FILL, colors.fill],
    [HEALTH_LOAD, colors.load],
  ] as const) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    let previous = -Infinity;
    for (let i = 0; i < ring.length; i++) {
      const t = ring.timeAt(i);
      if (newest - t > HEALTH_WINDOW_S) continue;
      const x = xOf(t);
      const y = yOf(ring.valueAt(i, series));
      if (t - previous > GAP_S) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
      previous = t;
    }
    ctx.stroke();
  }
}
