// The application menu. macOS needs one for the standard shortcuts (copy, paste, quit, hide);
// elsewhere the window has no menu bar, as Chromium handles those keys itself. Reload and DevTools
// only while developing. Plain module: checked in Node.
import type { MenuItemConstructorOptions } from 'electron';

/** The menu for `platform`, or null for none. */
export function menuTemplate(platform: string, devTools: boolean): MenuItemConstructorOptions[] | null {
  const develop: MenuItemConstructorOptions[] = devTools
    ? [{ label: 'Develop', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] }]
    : [];
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, ...develop, { role: 'windowMenu' }];
  return develop.length > 0 ? develop : null;
}
