// The HTTP API under /api/ (presets, files, config, import, devices, UI preferences).
// Requests carry the access token when the page has one: from `?token=` in the page's
// address (kept in localStorage for the next visit) or from localStorage.

const TOKEN_KEY = "vortex-token";

/** The access token, if the page was given one. */
export function accessToken(loc: Pick<Location, "search"> = location): string | null {
  const fromUrl = new URLSearchParams(loc.search).get("token");
  if (fromUrl) {
    try {
      localStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage refused (private mode): the URL still has it */
    }
    return fromUrl;
  }
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** An error response: the protocol error the server sent, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Where in the request the (first) problem is, when the server said. */
    readonly path: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** `fetch` of an API path ("/api/presets"), JSON in and out; throws ApiError. */
export async function api<T>(path: string, init: { method?: string; json?: unknown; text?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const token = accessToken();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.text !== undefined) {
    headers["Content-Type"] = "text/plain; charset=utf-8";
    body = init.text;
  }
  const response = await fetch(path, { method: init.method ?? "GET", headers, body });
  const text = await response.text();
  let value: unknown = null;
  try {
    value = text ? JSON.parse(text) : null;
  } catch {
    value = null;
  }
  if (!response.ok) {
    const e = (value ?? {}) as { code?: string; message?: string; context?: { path?: string | null } };
    throw new ApiError(
      response.status,
      e.code ?? "http_error",
      e.message ?? `${path}: HTTP ${response.status}`,
      e.context?.path ?? null,
    );
  }
  return value as T;
}
