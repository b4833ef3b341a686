// The file browser's navigation: which folder is shown, loading, the last error. Kept
// apart from the component so it can be tested with a fake loader. Only the answer to
// the latest request is shown: clicking through folders quickly must not let a slow
// older listing replace a newer one.

import { computed, ref, shallowRef } from "vue";
import { api } from "../api";
import { filesUrl, parentPath, ROOT_PATH, type FileListing } from "./files";

export type ListingLoader = (path: string) => Promise<FileListing>;

/** Loads a listing from the server. */
export const loadListing: ListingLoader = (path) => api<FileListing>(filesUrl(path));

export interface BrowseError {
  /** The virtual path that could not be listed. */
  path: string;
  message: string;
}

export function createFileBrowser(load: ListingLoader = loadListing) {
  const listing = shallowRef<FileListing | null>(null);
  const loading = ref(false);
  const error = ref<BrowseError | null>(null);
  let latest = 0;

  /** The folder shown ("" for the music folders, also before the first listing). */
  const path = computed(() => listing.value?.path ?? ROOT_PATH);
  /** The folder above the one shown; null at the top. */
  const parent = computed(() => parentPath(path.value));

  /** Lists a folder; on failure the previous listing stays and `error` says why. */
  async function open(target: string): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const result = await load(target);
      if (request === latest) listing.value = result;
    } catch (e) {
      if (request === latest) error.value = { path: target, message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  /** Goes to the folder above; nothing at the top. */
  async function up(): Promise<void> {
    if (parent.value !== null) await open(parent.value);
  }

  return { listing, loading, error, path, parent, open, up, refresh: () => open(path.value) };
}

export type FileBrowser = ReturnType<typeof createFileBrowser>;
