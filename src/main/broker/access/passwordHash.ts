import { pbkdf2, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes for broker users. A password is typed once, when it is set, and then only kept
 * in two hashed forms: scrypt for the embedded broker, and mosquitto's own `$7$` form so that an
 * export to mosquitto works without asking the user for every password again.
 */

// scrypt cost: N=2^14, r=8, p=1 is the commonly recommended interactive-login setting. It needs
// 128·N·r = 16 MiB per check, under Node's default 32 MiB `maxmem`, and a few tens of ms per
// CONNECT, which a broker on the user's own machine can afford.
const SCRYPT_N = 16_384;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SCRYPT_SALT_BYTES = 16;
const SCRYPT_KEY_BYTES = 32;

// Limits for hashes read back from storage, so a damaged or hand-edited hash cannot make one
// CONNECT allocate gigabytes or spin for minutes: it is treated as not matching instead.
const MAX_SCRYPT_N = 1 << 20;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;
const MIN_SALT_BYTES = 8;
const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 1024;

// What mosquitto_passwd (mosquitto 2.0) writes: `$7$` = PBKDF2-HMAC-SHA512, then the iteration
// count, then a 12-byte salt and the 64-byte key, both in standard base64 with padding. mosquitto
// 2.0 refuses an entry whose salt is not 12 bytes or whose key is not 64 bytes, so these are fixed.
// Checked against `mosquitto_passwd -b -c file user pass` (2.0.11): `user:$7$101$<16 chars>$<88 chars>`.
const MOSQUITTO_ITERATIONS = 101;
const MOSQUITTO_SALT_BYTES = 12;
const MOSQUITTO_KEY_BYTES = 64;

/** Strict standard base64 (padding included), as Buffer.from(…, 'base64') silently skips junk. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Callback APIs wrapped by hand: util.promisify picks scrypt's overload without options.
function scryptKey(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function pbkdf2Key(password: string, salt: Buffer, iterations: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, keyLength, 'sha512', (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<{ scryptHash: string; mosquittoHash: string }> {
  // Separate random salts: the two hashes must not share anything that helps attack either one.
  const scryptSalt = randomBytes(SCRYPT_SALT_BYTES);
  const mosquittoSalt = randomBytes(MOSQUITTO_SALT_BYTES);
  const [scryptKeyBytes, mosquittoKeyBytes] = await Promise.all([
    scryptKey(password, scryptSalt, SCRYPT_KEY_BYTES, { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P }),
    pbkdf2Key(password, mosquittoSalt, MOSQUITTO_ITERATIONS, MOSQUITTO_KEY_BYTES),
  ]);
  return {
    // The parameters travel with the hash, so they can be raised later without breaking old users.
    scryptHash: ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, scryptSalt.toString('base64'), scryptKeyBytes.toString('base64')].join('$'),
    mosquittoHash: `$7$${MOSQUITTO_ITERATIONS}$${mosquittoSalt.toString('base64')}$${mosquittoKeyBytes.toString('base64')}`,
  };
}

type ParsedScryptHash = { N: number; r: number; p: number; salt: Buffer; key: Buffer };

function positiveInteger(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function base64Bytes(text: string | undefined, minBytes: number, maxBytes: number): Buffer | undefined {
  if (text === undefined || text.length === 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length >= minBytes && bytes.length <= maxBytes ? bytes : undefined;
}

function parseScryptHash(hash: string): ParsedScryptHash | undefined {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const N = positiveInteger(parts[1], MAX_SCRYPT_N);
  const r = positiveInteger(parts[2], MAX_SCRYPT_R);
  const p = positiveInteger(parts[3], MAX_SCRYPT_P);
  const salt = base64Bytes(parts[4], MIN_SALT_BYTES, MAX_KEY_BYTES);
  const key = base64Bytes(parts[5], MIN_KEY_BYTES, MAX_KEY_BYTES);
  // scrypt's N must be a power of two above 1.
  if (N === undefined || N < 2 || (N & (N - 1)) !== 0 || r === undefined || p === undefined || !salt || !key) return undefined;
  return { N, r, p, salt, key };
}

/**
 * True when `password` is the one `scryptHash` was made from. Anything wrong with the stored hash
 * (not scrypt, damaged, absurd parameters) means false, never an exception: a CONNECT with a bad
 * stored hash is simply refused.
 */
export async function verifyPassword(scryptHash: string, password: string): Promise<boolean> {
  const parsed = parseScryptHash(scryptHash);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  try {
    // Room for the parameters read from the hash (scrypt needs about 128·N·r·p bytes), plus slack.
    const maxmem = 128 * N * r * p + 1024 * 1024;
    const candidate = await scryptKey(password, salt, key.length, { N, r, p, maxmem });
    // Constant-time comparison, so the time taken says nothing about how much of the hash matched.
    // Same length by construction: the candidate is derived at the stored key's length.
    return timingSafeEqual(candidate, key);
  } catch {
    return false;
  }
}
