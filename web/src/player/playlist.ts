// Reordering the playlist. `playlist_move` names the item by its stable id and gives
// its new 0-based index in the list after the move; the keyboard's move up/down buttons
// and drag and drop both come down to that one command.

import type { PlaylistEntry } from "../protocol/types";

export interface PlaylistMove {
  item: number;
  /** New 0-based index. */
  to: number;
}

/** The move that puts `item` at index `to` (clamped to the list); null when nothing would change. */
export function moveTo(list: readonly PlaylistEntry[], item: number, to: number): PlaylistMove | null {
  const from = list.findIndex((e) => e.item === item);
  if (from < 0 || list.length === 0) return null;
  const target = Math.min(list.length - 1, Math.max(0, Math.trunc(to)));
  return target === from ? null : { item, to: target };
}

/** The move by `delta` places (-1 up, +1 down); null at either end of the list. */
export function moveBy(list: readonly PlaylistEntry[], item: number, delta: number): PlaylistMove | null {
  const from = list.findIndex((e) => e.item === item);
  if (from < 0) return null;
  const to = from + delta;
  return to < 0 || to >= list.length ? null : moveTo(list, item, to);
}

