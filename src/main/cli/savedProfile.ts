import path from 'node:path';
import { randomClientId, type ConnectionProfile } from '../../shared/domain/profile';
import { readJsonFile } from '../store/atomicFile';
import { chooseSecretStore } from '../store/chooseSecretStore';
import { browserModeDataDir } from '../store/dataDir';
import { ProfileStore } from '../store/profileStore';
import { UsageError } from './cliErrors';

/**
 * A connection saved in QoScope, with its secrets from the same store the app uses (the OS
 * keychain, or the plaintext file the user opted into). The command gets a client id of its own
 * unless -i says otherwise: taking the saved one would disconnect the app's own connection, since
 * a broker keeps one client per id. `dataDir` is browser mode's folder unless told
 * (`--data-dir`, e.g. the desktop app's, whose passwords only the app itself can unseal).
 */
export async function savedProfile(name: string, dataDir: string = browserModeDataDir(), warn: (line: string) => void = () => undefined): Promise<ConnectionProfile> {
  const settings = await readJsonFile(path.join(dataDir, 'settings.json'));
  const allowPlaintext = settings.state === 'ok' && (settings.value as { plaintextSecrets?: unknown } | null)?.plaintextSecrets === true;
  const secrets = await chooseSecretStore({ dataDir, allowPlaintext });
  const { profiles, notices } = await new ProfileStore(dataDir, secrets).load();
  const found = profiles.find((saved) => saved.profile.name === name) ?? profiles.find((saved) => saved.profile.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const names = profiles.map((saved) => saved.profile.name);
    throw new UsageError(`--profile ${name}: no saved connection of that name in ${dataDir}${names.length ? `; saved: ${names.join(', ')}` : ' (none saved there)'}`);
  }
  for (const notice of notices) warn(notice);
  return { ...found.profile, clientId: randomClientId() };
}
