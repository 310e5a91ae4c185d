// Which requests the app's pages may make at all, as a second wall behind the CSP: the session
// cancels everything that is not the app's own origin or an image the page made itself. Main's own
// networking (key servers, chains) goes through Node, not through this session, and is unaffected.
import { isAppUrl } from './app-origin.ts';

/** True when a page of the app may load `url`. DevTools' own pages only while developing. */
export function isAllowedRendererRequest(url: string, devTools: boolean): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:') || url.startsWith('blob:app://sealdrop/')) return true;
  return devTools && url.startsWith('devtools://');
}
