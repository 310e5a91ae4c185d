// The browser mode's session token: `sealdrop ui` prints http://127.0.0.1:<port>/#token=<64 hex>. The
// fragment never reaches a server or a log; the page keeps the token for this tab (sessionStorage, so
// a reload still works) and takes it out of the address bar, so it is not shared with a screenshot or
// a copied link by accident.

const STORAGE_KEY = 'sealdrop.session-token';
const TOKEN = /^[0-9a-f]{64}$/;

/** The token from the address (preferred) or from this tab's storage; null when there is none. */
export function takeSessionToken(location: Location, history: History, storage: Storage | null): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null && TOKEN.test(fromHash)) {
    storage?.setItem(STORAGE_KEY, fromHash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  const stored = storage?.getItem(STORAGE_KEY) ?? null;
  return stored !== null && TOKEN.test(stored) ? stored : null;
}
