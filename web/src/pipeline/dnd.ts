// What is being dragged on the pipeline page (a filter or a step). HTML drag and drop
// carries only strings, and only on drop; the page keeps the real thing here.

import { shallowRef } from "vue";
import type { Slot } from "./edits";

export type Dragged = { kind: "filter"; from: Slot } | { kind: "step"; from: number };

export const dragged = shallowRef<Dragged | null>(null);

/** Starts a drag: the browser needs some data set (Firefox drags nothing otherwise). */
export function startDrag(e: DragEvent, item: Dragged, label: string): void {
  dragged.value = item;
  if (e.dataTransfer) {
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", label);
  }
}

export function endDrag(): void {
  dragged.value = null;
}
