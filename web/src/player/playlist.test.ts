import { describe, expect, it } from "vitest";
import type { PlaylistEntry } from "../protocol/types";
import { moveBy, moveTo, type PlaylistMove } from "./playlist";

/** Reference for what the server does with a move: take the item out, insert it at `to`. */
function applyMove(l: readonly PlaylistEntry[], move: PlaylistMove): PlaylistEntry[] {
  const out = l.filter((e) => e.item !== move.item);
  out.splice(move.to, 0, l.find((e) => e.item === move.item)!);
  return out;
}

// Ids deliberately unlike indices: a move must send the id, never the position.
const list: PlaylistEntry[] = [11, 22, 33, 44].map((item) => ({ item, path: `M/${item}.flac`, title: `T${item}` }));
const ids = (l: readonly PlaylistEntry[]) => l.map((e) => e.item);

describe("playlist moves", () => {
  it("moves one place up or down by id, and not past either end", () => {
    expect(moveBy(list, 33, -1)).toEqual({ item: 33, to: 1 });
    expect(moveBy(list, 33, +1)).toEqual({ item: 33, to: 3 });
    expect(moveBy(list, 11, -1)).toBeNull();
    expect(moveBy(list, 44, +1)).toBeNull();
    expect(moveBy(list, 99, +1)).toBeNull();
  });

  it("moves to a drop position (the target's index), clamped, nothing when it stays", () => {
    expect(moveTo(list, 11, 2)).toEqual({ item: 11, to: 2 });
    expect(moveTo(list, 44, 0)).toEqual({ item: 44, to: 0 });
    expect(moveTo(list, 22, 1)).toBeNull();
    expect(moveTo(list, 22, 50)).toEqual({ item: 22, to: 3 });
    expect(moveTo([], 22, 0)).toBeNull();
  });

  it("lands a dragged item where it was dropped, whichever way it moved", () => {
    // Dropped on the item at index 2 (33): it takes that place.
    expect(ids(applyMove(list, moveTo(list, 11, 2)!))).toEqual([22, 33, 11, 44]);
    // Dropped on the item at index 0 (11), coming from below.
    expect(ids(applyMove(list, moveTo(list, 33, 0)!))).toEqual([33, 11, 22, 44]);
    // Up then down again is the original order.
    const up = applyMove(list, moveBy(list, 44, -1)!);
    expect(ids(up)).toEqual([11, 22, 44, 33]);
    expect(ids(applyMove(up, moveBy(up, 44, +1)!))).toEqual(ids(list));
  });
});
