// Where Sealdrop keeps its own files (keys, later node data) unless told otherwise.
import { isAbsolute, join } from 'node:path';

/** SEALDROP_HOME, else $XDG_CONFIG_HOME/sealdrop, else ~/.config/sealdrop. */
export function defaultDataDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  if (env.SEALDROP_HOME !== undefined && env.SEALDROP_HOME !== '') return env.SEALDROP_HOME;
  // XDG Base Directory spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (env.XDG_CONFIG_HOME !== undefined && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'sealdrop');
  return join(homeDir, '.config', 'sealdrop');
}
