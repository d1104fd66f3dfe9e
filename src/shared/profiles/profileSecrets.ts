import type { ConnectionProfile } from '../domain/profile';

/**
 * The profile fields that are secrets. They never go into a profiles file or an export unless
 * the user asks; the main process keeps them in a secret store keyed by profile id + field.
 */
export const SECRET_FIELDS = ['password', 'tls.passphrase'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export function readSecret(profile: ConnectionProfile, field: SecretField): string | undefined {
  return field === 'password' ? profile.password : profile.tls?.passphrase;
}

/** A copy of the profile with the secret set, or removed when `value` is undefined. */
export function withSecret(profile: ConnectionProfile, field: SecretField, value: string | undefined): ConnectionProfile {
  if (field === 'password') {
    const { password: _old, ...rest } = profile;
    return value === undefined ? rest : { ...rest, password: value };
  }
  if (!profile.tls) return profile;
  const { passphrase: _old, ...tls } = profile.tls;
  return { ...profile, tls: value === undefined ? tls : { ...tls, passphrase: value } };
}

export function stripSecrets(profile: ConnectionProfile): ConnectionProfile {
  return SECRET_FIELDS.reduce((stripped, field) => withSecret(stripped, field, undefined), profile);
}

/** Which secrets the profile carries; an empty string counts as none, as MQTT sends nothing for it. */
export function presentSecrets(profile: ConnectionProfile): SecretField[] {
  return SECRET_FIELDS.filter((field) => Boolean(readSecret(profile, field)));
}
