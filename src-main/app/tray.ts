// The tray icon shown while the window is hidden and a key server keeps running (Node screen,
// settings.keepNodeRunning): show the window again, or quit (which stops the key server).
import { Menu, Tray, nativeImage } from 'electron';

/** Creates the tray icon with its two actions. */
export function createTray(iconPath: string, actions: { show(): void; quit(): void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Sealdrop: the key server keeps running');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Sealdrop', click: () => actions.show() },
      { type: 'separator' },
      { label: 'Quit Sealdrop (stops the key server)', click: () => actions.quit() },
    ]),
  );
  tray.on('click', () => actions.show());
  return tray;
}
