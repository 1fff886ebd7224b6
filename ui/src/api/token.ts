/**
 * The bearer token of the standalone dashboard. `make run` prints http://127.0.0.1:3010/#token=<token>; the token
 * moves from the URL into sessionStorage (gone when the tab closes) and the URL is cleaned so it is not bookmarked
 * or shared. Inside Docker Desktop no token is used: the hub trusts its extension socket.
 */
const STORAGE_KEY = "mcp-hub.token";
const listeners = new Set<() => void>();
/** Set when the hub said 401 to the stored token: the prompt then says it was refused. */
let rejected = false;

export function takeTokenFromUrl(
  location: Location = window.location,
  history: History = window.history,
): void {
  const match = /^#(?:\/?\?)?token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, "", `${location.pathname}${location.search}#/`);
}

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the prompt asks every time
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token.trim());
  rejected = false;
  emit();
}

/** The hub refused the token (rotated elsewhere, or mistyped). */
export function rejectToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  rejected = true;
  emit();
}

export function tokenRejected(): boolean {
  return rejected;
}

export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(): void {
  for (const listener of listeners) listener();
}
