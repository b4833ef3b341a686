// The music folders as `GET /api/files` shows them. Paths are virtual: "<folder>/<sub/dir>"
// with "/" separators, "" for the list of music folders itself; the server never shows
// real paths, and `playlist_add` takes these virtual paths back.

export interface FileEntry {
  name: string;
  /** Virtual path, for listing (a dir) or `playlist_add` (a file). */
  path: string;
  kind: "dir" | "file";
  /** Size in bytes; null for a directory. */
  bytes: number | null;
  /** Whether the name has an audio extension (always false for a directory). */
  audio: boolean;
}

export interface FileListing {
  /** The listed virtual path, normalized; "" for the music folders. */
  path: string;
  entries: FileEntry[];
  /** The folder had more entries than the server lists at once. */
  truncated: boolean;
}

/** The virtual path of the list of music folders. */
export const ROOT_PATH = "";

/** Most paths one `playlist_add` may carry (the protocol's limit). */
export const MAX_PATHS_PER_ADD = 1000;

/** The API address that lists a virtual path. */
export function filesUrl(path: string): string {
  return `/api/files?path=${encodeURIComponent(path)}`;
}

/** The folder above a virtual path; null at the top (the list of music folders). */
export function parentPath(path: string): string | null {
  if (path === ROOT_PATH) return null;
  const cut = path.lastIndexOf("/");
  return cut < 0 ? ROOT_PATH : path.slice(0, cut);
}

export interface Crumb {
  name: string;
  path: string;
}

/** Each folder on the way to a virtual path, outermost first ("A/b" -> A, A/b). */
export function breadcrumbs(path: string): Crumb[] {
  if (path === ROOT_PATH) return [];
  const parts = path.split("/");
  return parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join("/") }));
}

/** The virtual paths of the audio files among the entries, in listing order. */
export function audioPaths(entries: readonly FileEntry[]): string[] {
  return entries.filter((e) => e.kind === "file" && e.audio).map((e) => e.path);
}

/** Splits a list into runs of at most `size` (the last one may be shorter). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
