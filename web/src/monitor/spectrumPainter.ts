// Draws the spectrum. The grid and labels go to a static layer, redrawn only on resize
// or theme change; each frame copies that layer and draws the peak hold, then the traces
// over it (the first trace last, so it is on top and opaque in its own colour: the
// end-to-end test looks for exactly that colour). Labels lie outside the plot rectangle,
// gridlines inside are in the grid colour, and the data is clipped to the plot.

import { dbToY, hzToX } from "./axes";
import type { SpectrumModel } from "./spectrumModel";
import {
  hzLabel,
  SPECTRUM_GRID_DB_STEP,
  SPECTRUM_GRID_HZ,
  SPECTRUM_LABEL_DB_STEP,
  type SpectrumLayout,
} from "./spectrumLayout";

/** Colours as the canvas serialises them (see color.ts). */
export interface SpectrumColors {
  background: string;
  grid: string;
  text: string;
  peak: string;
  /** --trace, --trace-2, ...: trace t uses traces[t % length]. */
  traces: string[];
}

export function paintSpectrumGrid(
  ctx: CanvasRenderingContext2D,
  layout: SpectrumLayout,
  colors: SpectrumColors,
  hzUnit: string,
): void {
  const { axis, db, dpr } = layout;
  const line = Math.max(1, Math.round(dpr));
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, layout.width, layout.height);

  ctx.fillStyle = colors.grid;
  for (let level = db.dbMax; level >= db.dbMin; level -= SPECTRUM_GRID_DB_STEP) {
    const y = Math.min(db.y1 + 1 - line, Math.round(dbToY(db, level)));
    ctx.fillRect(axis.x0, y, axis.x1 - axis.x0 + 1, line);
  }
  for (const hz of [axis.fMinHz, ...SPECTRUM_GRID_HZ, axis.fMaxHz]) {
    const x = Math.min(axis.x1 + 1 - line, Math.round(hzToX(axis, hz)));
    ctx.fillRect(x, db.y0, line, db.y1 - db.y0 + 1);
  }

  ctx.fillStyle = colors.text;
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  const gap = Math.round(5 * dpr);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let level = db.dbMax; level >= db.dbMin; level -= SPECTRUM_LABEL_DB_STEP) {
    ctx.fillText(`${level}`, axis.x0 - gap, Math.round(dbToY(db, level)));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const hz of SPECTRUM_GRID_HZ) ctx.fillText(hzLabel(hz), Math.round(hzToX(axis, hz)) + 0.5, db.y1 + gap);
  ctx.textAlign = "right";
  ctx.fillText(hzUnit, layout.width - 1, db.y1 + gap);
}

export function paintSpectrumData(
  ctx: CanvasRenderingContext2D,
  layout: SpectrumLayout,
  model: SpectrumModel,
  colors: SpectrumColors,
  showHold: boolean,
): void {
  const { axis, db } = layout;
  ctx.save();
  ctx.beginPath();
  ctx.rect(axis.x0, db.y0, axis.x1 - axis.x0 + 1, db.y1 - db.y0 + 1);
  ctx.clip();
  if (model.mode === "bars") {
    if (showHold) paintHoldMarks(ctx, layout, model, colors.peak);
    for (let t = model.traceCount - 1; t >= 0; t--) paintBars(ctx, layout, model, t, colors);
  } else {
    const width = Math.max(1, Math.round(layout.dpr));
    if (showHold) paintPolyline(ctx, layout, model, model.hold, colors.peak, width);
    for (let t = model.traceCount - 1; t >= 0; t--) {
      const color = colors.traces[t % colors.traces.length]!;
      paintPolyline(ctx, layout, model, model.traces[t]!, color, Math.max(2, Math.round(1.5 * layout.dpr)));
    }
  }
  ctx.restore();
}

/** One trace's bars; with several traces each band is split between them, side by side. */
function paintBars(
  ctx: CanvasRenderingContext2D,
  layout: SpectrumLayout,
  model: SpectrumModel,
  t: number,
  colors: SpectrumColors,
): void {
  const bottom = layout.db.y1 + 1;
  const values = model.traces[t]!;
  const n = model.traceCount;
  ctx.fillStyle = colors.traces[t % colors.traces.length]!;
  for (let i = 0; i < model.slots; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let left = model.slotLeft[i]!;
    let right = model.slotRight[i]!;
    if (right - left >= 3) right -= 1; // a gap between bars
    if (n > 1 && right - left >= n) {
      const w = (right - left) / n;
      right = left + Math.round((t + 1) * w);
      left += Math.round(t * w);
    }
    const top = Math.round(dbToY(layout.db, v));
    if (top < bottom) ctx.fillRect(left, top, right - left, bottom - top);
  }
}

/** A short mark just above each band's held peak (so the bar never covers it). */
function paintHoldMarks(ctx: CanvasRenderingContext2D, layout: SpectrumLayout, model: SpectrumModel, color: string): void {
  const h = Math.max(1, Math.round(layout.dpr));
  ctx.fillStyle = color;
  for (let i = 0; i < model.slots; i++) {
    const v = model.hold[i]!;
    if (v !== v) continue;
    const y = Math.max(layout.db.y0, Math.round(dbToY(layout.db, v)) - h);
    ctx.fillRect(model.slotLeft[i]!, y, model.slotRight[i]! - model.slotLeft[i]!, h);
  }
}

/** A polyline through every slot with a value, at the slot's centre column. */
function paintPolyline(
  ctx: CanvasRenderingContext2D,
  layout: SpectrumLayout,
  model: SpectrumModel,
  values: Float32Array,
  color: string,
  width: number,
): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.beginPath();
  let started = false;
  for (let i = 0; i < model.slots; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const x = (model.slotLeft[i]! + model.slotRight[i]!) / 2;
    const y = dbToY(layout.db, v);
    if (started) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    started = true;
  }
  ctx.stroke();
}
