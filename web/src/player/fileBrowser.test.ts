import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { createFileBrowser } from "./fileBrowser";
import type { FileListing } from "./files";

/** A loader whose answers the test releases by hand, in any order. */
function manualLoader() {
  const calls: { path: string; resolve: (l: FileListing) => void; reject: (e: unknown) => void }[] = [];
  const load = (path: string) =>
    new Promise<FileListing>((resolve, reject) => calls.push({ path, resolve, reject }));
  return { calls, load };
}
const listing = (path: string): FileListing => ({ path, entries: [], truncated: false });

describe("file browser navigation", () => {
  it("opens folders, knows the one above, and goes up to the music folders", async () => {
    const seen: string[] = [];
    const browser = createFileBrowser(async (path) => {
      seen.push(path);
      return listing(path);
    });
    expect(browser.path.value).toBe("");
    expect(browser.parent.value).toBeNull();
    await browser.open("Music/Jazz");
    expect(browser.path.value).toBe("Music/Jazz");
    expect(browser.parent.value).toBe("Music");
    await browser.up();
    expect(browser.path.value).toBe("Music");
    await browser.up();
    expect(browser.path.value).toBe("");
    await browser.up(); // at the top: nothing to load
    expect(seen).toEqual(["Music/Jazz", "Music", ""]);
  });

  it("keeps the folder shown and reports the error when a listing fails", async () => {
    const { calls, load } = manualLoader();
    const browser = createFileBrowser(load);
    const first = browser.open("Music");
    calls[0]!.resolve(listing("Music"));
    await first;
    const failing = browser.open("Music/gone");
    expect(browser.loading.value).toBe(true);
    calls[1]!.reject(new ApiError(404, "not_found", '"Music/gone": not found', null));
    await failing;
    expect(browser.loading.value).toBe(false);
    expect(browser.path.value).toBe("Music");
    expect(browser.error.value).toEqual({ path: "Music/gone", message: '"Music/gone": not found' });
    // The next successful listing clears it.
    const again = browser.refresh();
    expect(browser.error.value).toBeNull();
    expect(calls[2]!.path).toBe("Music");
    calls[2]!.resolve(listing("Music"));
    await again;
    expect(browser.error.value).toBeNull();
  });

  it("shows only the answer to the latest request, whatever order they arrive in", async () => {
    const { calls, load } = manualLoader();
    const browser = createFileBrowser(load);
    const slow = browser.open("A");
    const fast = browser.open("B");
    calls[1]!.resolve(listing("B"));
    await fast;
    calls[0]!.resolve(listing("A"));
    await slow;
    expect(browser.path.value).toBe("B");
    expect(browser.loading.value).toBe(false);

    const stale = browser.open("C");
    const current = browser.open("D");
    calls[2]!.reject(new Error("C failed late"));
    await stale;
    expect(browser.error.value).toBeNull();
    expect(browser.loading.value).toBe(true);
    calls[3]!.resolve(listing("D"));
    await current;
    expect(browser.path.value).toBe("D");
  });
});
