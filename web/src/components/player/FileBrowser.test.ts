// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../api";
import type { FileEntry, FileListing } from "../../player/files";
import { commands, mountWithSession, text, type Mounted } from "../../player/testMount";
import { flush } from "../../test/fakes";
import FileBrowser from "./FileBrowser.vue";

const dir = (path: string): FileEntry => ({ name: path.split("/").at(-1)!, path, kind: "dir", bytes: null, audio: false });
const file = (path: string, audio = true): FileEntry => ({
  name: path.split("/").at(-1)!,
  path,
  kind: "file",
  bytes: 1000,
  audio,
});

/** A fake music library: listings by virtual path; anything else is not found. */
const LIBRARY: Record<string, FileEntry[]> = {
  "": [dir("Music")],
  Music: [dir("Music/Jazz"), file("Music/a.flac"), file("Music/cover.jpg", false), file("Music/b.wav")],
  "Music/Jazz": [file("Music/Jazz/so what.flac")],
};
const requested: string[] = [];
async function load(path: string): Promise<FileListing> {
  requested.push(path);
  const entries = LIBRARY[path];
  if (!entries) throw new ApiError(404, "not_found", `"${path}": not found`, null);
  return { path, entries, truncated: false };
}

let m: Mounted | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
  requested.length = 0;
});
const root = () => m!.root.querySelector("[data-testid=file-browser]")!;
const entryButton = (name: string) =>
  [...root().querySelectorAll<HTMLButtonElement>(".entries button")].find((b) => text(b).includes(name))!;

async function open(): Promise<void> {
  m = mountWithSession(FileBrowser, { load });
  await flush();
}

describe("file browser", () => {
  it("starts at the music folders and opens folders", async () => {
    await open();
    expect(requested).toEqual([""]);
    expect(text(entryButton("Music"))).toBe("Folder: Music");
    entryButton("Music").click();
    await flush();
    expect(requested.at(-1)).toBe("Music");
    const names = [...root().querySelectorAll(".entries li")].map((li) => text(li));
    expect(names).toEqual(["Folder: Jazz", "a.flac Add", "cover.jpg", "b.wav Add"]);
    // The way back: breadcrumbs with the current folder marked.
    const crumbs = [...root().querySelectorAll("nav button")];
    expect(crumbs.map((b) => text(b))).toEqual(["All folders", "Music"]);
    expect(crumbs[1]!.getAttribute("aria-current")).toBe("location");
  });

  it("goes up a folder, and not above the music folders", async () => {
    await open();
    const up = root().querySelector<HTMLButtonElement>("[data-action=up]")!;
    expect(up.disabled).toBe(true);
    entryButton("Music").click();
    await flush();
    entryButton("Jazz").click();
    await flush();
    expect(requested.at(-1)).toBe("Music/Jazz");
    up.click();
    await flush();
    expect(requested.at(-1)).toBe("Music");
    up.click();
    await flush();
    expect(requested.at(-1)).toBe("");
    expect(up.disabled).toBe(true);
  });

  it("adds one audio file, or every audio file of the folder, by virtual path", async () => {
    await open();
    entryButton("Music").click();
    await flush();
    const add = root().querySelector<HTMLButtonElement>("[data-action=add]")!;
    expect(add.getAttribute("aria-label")).toBe("Add “\u2068a.flac\u2069” to the playlist");
    add.click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_add", paths: ["Music/a.flac"] });
    const all = root().querySelector<HTMLButtonElement>("[data-action=add-all]")!;
    expect(text(all)).toBe("Add all 2 audio files");
    all.click();
    expect(commands(m!.ws).at(-1)).toEqual({ type: "playlist_add", paths: ["Music/a.flac", "Music/b.wav"] });
    // Only audio files carry an add button.
    expect(root().querySelectorAll("[data-action=add]")).toHaveLength(2);
  });

  it("shows a listing error where the tests and screen readers find it, keeping the folder", async () => {
    LIBRARY["Music"]!.push(dir("Music/gone"));
    try {
      await open();
      entryButton("Music").click();
      await flush();
      entryButton("gone").click();
      await flush();
      const error = root().querySelector("[data-testid=field-error]")!;
      expect(error.getAttribute("role")).toBe("alert");
      expect(text(error)).toBe('Could not open “Music/gone”: "Music/gone": not found');
      expect(text(entryButton("Jazz"))).toBe("Folder: Jazz"); // still in Music
    } finally {
      LIBRARY["Music"]!.pop();
    }
  });
});
