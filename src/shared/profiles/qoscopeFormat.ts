import { UserError } from '../errors/errors';
import type { ConnectionProfile } from '../domain/profile';
import { ImportCollector, profileName, type ImportResult } from './importResult';
import { isRecord, text } from './json';
import { stripSecrets } from './profileSecrets';

/** Our file format, shared by the saved-profiles file and by exports. */
export const PROFILES_FORMAT = 'qoscope-profiles';
export const PROFILES_FORMAT_VERSION = 1;

export type ProfilesExport = {
  format: typeof PROFILES_FORMAT;
  version: typeof PROFILES_FORMAT_VERSION;
  profiles: ConnectionProfile[];
};

export function exportProfiles(profiles: readonly ConnectionProfile[], options: { includeSecrets: boolean }): string {
  const file: ProfilesExport = {
    format: PROFILES_FORMAT,
    version: PROFILES_FORMAT_VERSION,
    profiles: options.includeSecrets ? [...profiles] : profiles.map(stripSecrets),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function isQoScopeProfilesFile(json: unknown): boolean {
  return isRecord(json) && json.format === PROFILES_FORMAT;
}

/**
 * Reads an export back. Entries may also be the saved-profiles file's `{ id, profile }` records,
 * so a backup of that file (or one kept aside as unreadable) can be imported too.
 */
export function importQoScope(json: unknown): ImportResult {
  if (!isRecord(json) || json.format !== PROFILES_FORMAT || !Array.isArray(json.profiles)) {
    throw new UserError('import.not-qoscope', 'This is not a QoScope connections file');
  }
  if (json.version !== PROFILES_FORMAT_VERSION) {
    throw new UserError('import.unknown-version', `This connections file has format version ${String(json.version)}, which this QoScope cannot read; update QoScope to import it`, { version: String(json.version) });
  }
  const collector = new ImportCollector();
  json.profiles.forEach((entry: unknown, index) => {
    const profile = isRecord(entry) && isRecord(entry.profile) ? entry.profile : entry;
    const name = profileName(isRecord(profile) ? text(profile.name) : undefined, `Connection ${index + 1}`);
    collector.accept(name, profile);
  });
  return collector.result;
}
