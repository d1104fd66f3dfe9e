import os from 'node:os';
import path from 'node:path';

/**
 * Where browser mode keeps profiles.json and its secrets, by each platform's convention for
 * per-user settings. Not the desktop app's userData folder: the two keep secrets in different
 * stores (safeStorage-sealed file vs keychain entries), so sharing one profiles file would make
 * each report the other's passwords as missing.
 */
export function browserModeDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'QoScope', 'browser-mode');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'QoScope', 'browser-mode');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'qoscope', 'browser-mode');
}
