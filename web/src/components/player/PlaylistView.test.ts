// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { nextTick } from "vue";
import { commands, mountWithSession, text, type Mounted } from "../../player/testMount";
import type { PlaylistEntry } from "../../protocol/types";
import { engineState, flush } from "../../test/fakes";
import PlaylistView from "./PlaylistView.vue";

// Ids unlike positions, so a command carrying an index instead of the id is caught.
const playlist: PlaylistEntry[] = [
  { item: 7, path: "Music/a.flac", title: "Alpha" },
  { item: 3, path: "Music/b.flac", title: "Bravo" },
  { item: 12, path: "Music/c.flac", title: "Charlie" },
];

let m: Mounted | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});
const item = (id: number) => m!.root.querySelector<HTMLElement>(`[data-testid=playlist-item-${id}]`)!;
const btn = (id: number, sel: string) => item(id).querySelector<HTMLButtonElement>(sel)!;

async function mountList(current: number | null = 3): Promise<Mounted> {
  m = mountWithSession(PlaylistView, {}, engineState({ playlist, current_item: current }));
  await nextTick();
  return m;
}

describe("playlist", () => {
  it("lists the items in order and marks the current one with aria-current", async () => {
    await mountList(3);
    const list = m!.root.querySelector("[data-testid=playlist]")!;
    expect([...list.querySelectorAll("li")].map((li) => li.dataset["testid"])).toEqual([
      "playlist-item-7",
      "playlist-item-3",
      "playlist-item-12",
    ]);
    expect(item(3).getAttribute("aria-current")).toBe("true");
    expect(item(7).hasAttribute("aria-current")).toBe(false);
    expect(text(btn(7, "button.title"))).toBe("Play: Alpha");
  });

  it("plays an item by its id when activated", async () => {
    await mountList();
    btn(12, "button.title").click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "goto", item: 12 });
  });

  it("moves items up and down with buttons, by id and new index, not past the ends", async () => {
    await mountList();
    expect(btn(7, "[data-move=up]").disabled).toBe(true);
    expect(btn(12, "[data-move=down]").disabled).toBe(true);
    expect(btn(3, "[data-move=up]").getAttribute("aria-label")).toBe("Move “\u2068Bravo\u2069” up");
    btn(3, "[data-move=up]").click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_move", item: 3, to: 0 });
    btn(7, "[data-move=down]").click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_move", item: 7, to: 1 });
  });

  it("gives focus back to the move button once the new order arrives", async () => {
    await mountList();
    btn(12, "[data-move=up]").focus();
    btn(12, "[data-move=up]").click();
    const sent = m!.ws.envelopes.at(-1)!;
    m!.ws.reply(sent.message_id, { type: "ack" });
    (document.activeElement as HTMLElement).blur(); // as a browser may do when the element moves
    const moved = [playlist[0]!, playlist[2]!, playlist[1]!];
    m!.ws.push({ type: "state_changed", state: engineState({ version: 2, playlist: moved, current_item: 3 }) });
    await flush();
    await nextTick();
    expect(document.activeElement).toBe(btn(12, "[data-move=up]"));
  });

  it("removes an item by its id", async () => {
    await mountList();
    btn(3, "[data-action=remove]").click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_remove", item: 3 });
  });

  it("reorders by drag and drop: the dropped item takes the target's place", async () => {
    await mountList();
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (k: string, v: string) => data.set(k, v),
      getData: (k: string) => data.get(k) ?? "",
      effectAllowed: "",
      dropEffect: "",
    };
    const fire = (el: Element, type: string) => {
      const ev = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(ev, "dataTransfer", { value: dataTransfer });
      el.dispatchEvent(ev);
      return ev;
    };
    fire(item(7), "dragstart");
    const over = fire(item(12), "dragover");
    expect(over.defaultPrevented).toBe(true); // the drop is allowed
    await nextTick();
    expect(item(12).className).toContain("drop-after");
    fire(item(12), "drop");
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_move", item: 7, to: 2 });
    await nextTick();
    expect(item(12).className).not.toContain("drop");
  });

  it("ignores drops that did not start in the list (files from the desktop)", async () => {
    await mountList();
    const ev = new Event("dragover", { bubbles: true, cancelable: true });
    item(3).dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(false);
    item(3).dispatchEvent(new Event("drop", { bubbles: true, cancelable: true }));
    expect(commands(m!.ws)).toEqual([]);
  });

  it("says when the playlist is empty", async () => {
    m = mountWithSession(PlaylistView, {}, engineState({ playlist: [] }));
    await nextTick();
    expect(text(m.root)).toContain("The playlist is empty");
    expect(m.root.querySelectorAll("[data-testid=playlist] li")).toHaveLength(0);
  });
});
