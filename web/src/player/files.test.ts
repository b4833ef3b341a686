import { describe, expect, it } from "vitest";
import { audioPaths, breadcrumbs, chunks, filesUrl, parentPath, type FileEntry } from "./files";

const file = (path: string, audio: boolean): FileEntry => ({
  name: path.split("/").at(-1)!,
  path,
  kind: "file",
  bytes: 10,
  audio,
});
const dir = (path: string): FileEntry => ({ name: path.split("/").at(-1)!, path, kind: "dir", bytes: null, audio: false });

describe("file paths", () => {
  it("asks the API for a path, escaped as a query value", () => {
    expect(filesUrl("")).toBe("/api/files?path=");
    const url = new URL(filesUrl("Music/AC/DC & Co/100% #1"), "http://x");
    expect(url.pathname).toBe("/api/files");
    expect(url.searchParams.get("path")).toBe("Music/AC/DC & Co/100% #1");
    expect([...url.searchParams.keys()]).toEqual(["path"]);
  });

  it("goes up one folder at a time, to the music folders and no further", () => {
    expect(parentPath("Music/Jazz/1959")).toBe("Music/Jazz");
    expect(parentPath("Music/Jazz")).toBe("Music");
    expect(parentPath("Music")).toBe("");
    expect(parentPath("")).toBeNull();
  });

  it("lists the folders on the way as breadcrumbs", () => {
    expect(breadcrumbs("")).toEqual([]);
    expect(breadcrumbs("Music")).toEqual([{ name: "Music", path: "Music" }]);
    expect(breadcrumbs("Music/Jazz/1959")).toEqual([
      { name: "Music", path: "Music" },
      { name: "Jazz", path: "Music/Jazz" },
      { name: "1959", path: "Music/Jazz/1959" },
    ]);
  });

  it("picks the audio files of a folder, in order, leaving folders and other files", () => {
    const entries = [dir("M/sub"), file("M/b.flac", true), file("M/cover.jpg", false), file("M/a.wav", true)];
    expect(audioPaths(entries)).toEqual(["M/b.flac", "M/a.wav"]);
    expect(audioPaths([])).toEqual([]);
  });

  it("splits long lists into runs the protocol accepts", () => {
    const items = Array.from({ length: 2501 }, (_, i) => i);
    const runs = chunks(items, 1000);
    expect(runs.map((r) => r.length)).toEqual([1000, 1000, 501]);
    expect(runs.flat()).toEqual(items);
    expect(chunks([], 1000)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
