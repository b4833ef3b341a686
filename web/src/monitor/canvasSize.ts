// Keeps a canvas's backing store at its CSS size times devicePixelRatio, so lines and
// text are sharp on every screen, and says when it changed (the views then rebuild their
// layouts, maps and static layers, which depend on the size).

export function observeCanvasSize(
  canvas: HTMLCanvasElement,
  onResize: (widthPx: number, heightPx: number, dpr: number) => void,
): () => void {
  const apply = (cssWidth: number, cssHeight: number, exact?: { w: number; h: number }): void => {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, exact?.w ?? Math.round(cssWidth * dpr));
    const h = Math.max(1, exact?.h ?? Math.round(cssHeight * dpr));
    if (canvas.width !== w) canvas.width = w; // setting it clears the canvas: only on change
    if (canvas.height !== h) canvas.height = h;
    onResize(w, h, dpr);
  };
  if (typeof ResizeObserver !== "function") {
    apply(canvas.clientWidth || 300, canvas.clientHeight || 150);
    return () => {};
  }
  const observer = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    // Exact device pixels where the browser says them (Chromium), else CSS px x dpr.
    const device = entry.devicePixelContentBoxSize?.[0];
    const box = entry.contentRect;
    apply(box.width, box.height, device ? { w: device.inlineSize, h: device.blockSize } : undefined);
  });
  try {
    observer.observe(canvas, { box: "device-pixel-content-box" });
  } catch {
    observer.observe(canvas); // browsers without that box
  }
  return () => observer.disconnect();
}
