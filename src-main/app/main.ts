// The Electron main process (bundled to dist/app/main.js): thin glue between Electron and the handler
// table. It owns keys, files, crypto and networking through that table; windows are sandboxed pages
// from app://sealdrop/ that reach it only through window.api. Every decision worth testing lives in
// a plain module beside this one (see the imports); this file only wires them to Electron.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu, session, shell, type BrowserWindow, type Tray } from 'electron';
import { startEmbeddedDefault } from '../handlers/embedded-default.ts';
import { createHandlerTable } from '../handlers/handler-table.ts';
import type { HandlerTable } from '../handlers/handler-types.ts';
import { appPaths } from './app-paths.ts';
import { closeAction, quitWhenAllWindowsClosed } from './close-behaviour.ts';
import { LAUNCH_AVAILABLE } from './desktop-channels.ts';
import { desktopDataDir, desktopHandlerDeps, jsonLineLogger } from './handler-deps.ts';
import { bindIpc } from './ipc-binding.ts';
import { launchIntentFromArgv, sealdropFileArgument, sealdropLink, type LaunchIntent } from './launch-intent.ts';
import { LaunchQueue } from './launch-queue.ts';
import { menuTemplate } from './menu-template.ts';
import { utilityNodeSpawner } from './node-process.ts';
import { registerAppScheme, serveAppScheme } from './protocol.ts';
import { hardenSession } from './session-hardening.ts';
import { createTray } from './tray.ts';
import { hardenWebContents } from './web-contents-hardening.ts';
import { AppWindows } from './windows.ts';

const log = jsonLineLogger((line) => process.stderr.write(line));
// DevTools, reload and the Develop menu exist only in an unpackaged (development) run.
const devTools = !app.isPackaged;
const paths = appPaths(dirname(fileURLToPath(import.meta.url)), process.platform);
const dataDir = desktopDataDir(process.env, homedir());

// Before `ready`: the privileged scheme, the sandbox for every renderer, and Chromium's profile next
// to Sealdrop's data (so one data folder is one running instance, and tests get their own).
registerAppScheme();
app.enableSandbox();
app.setPath('userData', join(dataDir, 'electron'));

if (app.requestSingleInstanceLock()) {
  start();
} else {
  // Another instance runs on this data folder; it receives our command line as `second-instance`.
  app.quit();
}

function start(): void {
  const intents = new LaunchQueue();
  const windows = new AppWindows({ preload: paths.preload, icon: paths.windowIcon }, { devTools, log });
  let table: HandlerTable | null = null;
  let tray: Tray | null = null;
  let quitting = false;

  // Launch intents are kept until the window pulls them (window.api.onLaunch); once the app is up,
  // the window is shown and told there is something to take.
  const offer = (intent: LaunchIntent | null): void => {
    if (intent !== null) intents.push(intent);
    if (table === null) return;
    const window = showWindow();
    if (intent !== null) window.webContents.send(LAUNCH_AVAILABLE);
  };

  const showWindow = (): BrowserWindow => {
    const existing = windows.main();
    const window = windows.reveal();
    if (window !== existing) watchClose(window);
    tray?.destroy();
    tray = null;
    return window;
  };

  const watchClose = (window: BrowserWindow): void => {
    let decided = false;
    window.on('close', (event) => {
      if (quitting || decided || table === null) return;
      event.preventDefault();
      keepRunningFacts(table).then(
        (facts) => {
          if (closeAction({ quitting, ...facts }) === 'hide-to-tray') {
            window.hide();
            tray ??= createTray(paths.trayIcon, { show: () => showWindow(), quit: () => app.quit() });
            return;
          }
          decided = true;
          window.close();
        },
        (error: unknown) => {
          log('close-check-failed', { error: String(error) });
          decided = true;
          window.close();
        },
      );
    });
  };

  offer(launchIntentFromArgv(process.argv, process.cwd()));
  // macOS: a .sealdrop file opened from Finder (may arrive before `ready`), a sealdrop:// link.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    const file = sealdropFileArgument(path, process.cwd());
    offer(file === null ? null : { kind: 'open-file', file });
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    offer(sealdropLink(url));
  });
  // Windows and Linux: the file or link arrives on a second instance's command line.
  app.on('second-instance', (_event, argv, cwd) => offer(launchIntentFromArgv(argv, cwd)));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openExternal: (url) => shell.openExternal(url), log }));
  app.on('render-process-gone', (_event, _contents, details) => log('renderer-gone', { reason: details.reason, exitCode: details.exitCode }));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (quitWhenAllWindowsClosed(process.platform, tray !== null)) app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || table === null) return;
    // Stop what the table started (running operations, the local network, a key server) first.
    event.preventDefault();
    table
      .close()
      .catch((error: unknown) => log('close-failed', { error: String(error) }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      const ses = session.defaultSession;
      hardenSession(ses, { devTools, log });
      serveAppScheme(ses, paths.rendererRoot);
      table = createHandlerTable(desktopHandlerDeps({ dataDir, env: process.env, spawnNode: utilityNodeSpawner(paths.nodeProcess, process.env), logger: log }));
      bindIpc(table, windows, intents, log);
      const template = menuTemplate(process.platform, devTools);
      Menu.setApplicationMenu(template === null ? null : Menu.buildFromTemplate(template));
      // The installers register the scheme; a packaged app also claims it at run time (never a dev run,
      // which would point the user's desktop at a development Electron).
      if (app.isPackaged) app.setAsDefaultProtocolClient('sealdrop');
      showWindow();
      app.on('activate', () => showWindow());
      // The embedded default: identity and local network when nothing else is configured.
      const started = table;
      startEmbeddedDefault(started, { emit: (event, payload) => windows.broadcast(event, payload) }).then(
        (outcome) => log('embedded-default', outcome),
        (error: unknown) => log('embedded-default-failed', { error: error instanceof Error ? error.message : String(error) }),
      );
    })
    .catch((error: unknown) => {
      log('start-failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      dialog.showErrorBox('Sealdrop could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

/** Whether closing the window should keep the app in the tray (asks the table, as the window would). */
async function keepRunningFacts(table: HandlerTable): Promise<{ keepNodeRunning: boolean; nodeRunning: boolean }> {
  const context = { emit: () => {} };
  const [settings, node] = await Promise.all([table.invoke('settings:get', {}, context), table.invoke('node:status', {}, context)]);
  return {
    keepNodeRunning: settings.ok && (settings.value as { keepNodeRunning?: unknown }).keepNodeRunning === true,
    nodeRunning: node.ok && (node.value as { running?: unknown }).running === true,
  };
}
