/**
 * Encrypted keystore: one JSON file per named key in a directory (the CLI's default
 * is ~/.tesnode/keystore; callers always pass the directory).
 *
 * File `<dir>/<name>.json`, mode 0600, format version 1:
 *
 *   {
 *     "version": 1,
 *     "name": "alice",                      // equals the file's stem
 *     "address": "tes1…",                   // public, readable without the password
 *     "crypto": {
 *       "kdf": "scrypt",
 *       "kdfparams": { "N": 32768, "r": 8, "p": 1, "dklen": 32, "salt": "<hex, 32 bytes>" },
 *       "cipher": "aes-256-gcm",
 *       "iv": "<hex, 12 bytes>",
 *       "ciphertext": "<hex, 32 bytes: the ed25519 secret seed>",
 *       "tag": "<hex, 16 bytes: GCM tag>",
 *       "check": "<hex, 16 bytes>"
 *     },
 *     "createdAt": "2025-01-01T00:00:00.000Z"
 *   }
 *
 * - key = scrypt(NFC(password) as UTF-8, salt, N, r, p, dklen 32).
 * - ciphertext, tag = AES-256-GCM(key, iv, seed) with additional authenticated data =
 *   the UTF-8 bytes of `address`, so editing the address makes decryption fail.
 * - check = first 16 bytes of HMAC-SHA256(key, "tesnode keystore password check v1").
 *   It only tells a wrong password (check differs) apart from a damaged or edited
 *   file (check matches, GCM fails); it reveals nothing the GCM tag does not already.
 * All hex is lower case.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { WalletError } from './walletError.ts';

/** scrypt cost parameters; N must be a power of two. */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** Default scrypt cost for new keys: about 32 MiB and ~100 ms on a laptop. */
export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/** Key files larger than this are rejected unread (a v1 file is well under 1 KiB). */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Valid wallet names: they become file names, so nothing that could escape the dir. */
export const WALLET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What {@link loadKey} returns: the decrypted 32-byte seed and its address. */
export interface LoadedKey {
  name: string;
  address: string;
  secret: Uint8Array;
}

/** One readable key in a keystore listing. */
export interface KeyInfo {
  name: string;
  address: string;
  file: string;
}

/** A file in the keystore that looks like a key but could not be read. */
export interface KeystoreProblem {
  file: string;
  code: WalletError['code'];
  message: string;
}

const SECRET_BYTES = 32;
const SALT_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 16;
const CHECK_LABEL = 'tesnode keystore password check v1';
// Caps on what a key file may ask scrypt for, so a hostile file cannot make
// `wallet list`/`load` allocate gigabytes: 128*N*r bytes must stay ≤ 256 MiB.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const MAX_R = 32;
const MAX_P = 16;
const ADDRESS_PATTERN = /^[\x21-\x7e]{1,128}$/;
const KEY_FILE_PATTERN = /^([A-Za-z0-9_-]{1,64})\.json$/;

/** Raw v1 file contents after shape validation. */
interface KeyFileV1 {
  version: 1;
  name: string;
  address: string;
  crypto: {
    kdf: 'scrypt';
    kdfparams: { N: number; r: number; p: number; dklen: 32; salt: string };
    cipher: 'aes-256-gcm';
    iv: string;
    ciphertext: string;
    tag: string;
    check: string;
  };
  createdAt: string;
}

/**
 * Encrypt `secret` under `password` and store it as `<dir>/<name>.json`. Creates the
 * directory (0700) if needed and writes the file (0600) atomically. Returns the path.
 * Throws WalletError BAD_NAME, BAD_SECRET, BAD_ADDRESS, BAD_KDF, EMPTY_PASSWORD,
 * EXISTS or IO.
 */
export async function saveKey(opts: {
  dir: string;
  name: string;
  secret: Uint8Array;
  address: string;
  password: string;
  kdf?: KdfParams;
  /** Dev wallets only: permit an empty password (the caller warns the user). */
  allowEmptyPassword?: boolean;
}): Promise<string> {
  const { dir, name, secret, address, password } = opts;
  checkName(name);
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) {
    throw new WalletError('BAD_SECRET', `wallet secret must be ${SECRET_BYTES} bytes, got ${describeLength(secret)}: pass the raw ed25519 seed`);
  }
  if (typeof address !== 'string' || !ADDRESS_PATTERN.test(address)) {
    throw new WalletError('BAD_ADDRESS', `invalid address ${JSON.stringify(address)} for wallet '${name}': pass the printable address derived from the key`);
  }
  if (typeof password !== 'string' || (password.length === 0 && !opts.allowEmptyPassword)) {
    throw new WalletError('EMPTY_PASSWORD', `refusing to encrypt wallet '${name}' with an empty password: choose a non-empty password`);
  }
  const kdf = opts.kdf ?? DEFAULT_KDF;
  const kdfProblem = kdfParamsProblem(kdf);
  if (kdfProblem !== null) throw new WalletError('BAD_KDF', `invalid scrypt parameters: ${kdfProblem}`);

  const file = keyPath(dir, name);
  await ensureDir(dir);
  // Fail early on the common case; the link() below is what actually guarantees it.
  if (await exists(file)) throw existsError(name, file);

  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(password, salt, kdf);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(address, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    const body: KeyFileV1 = {
      version: 1,
      name,
      address,
      crypto: {
        kdf: 'scrypt',
        kdfparams: { N: kdf.N, r: kdf.r, p: kdf.p, dklen: 32, salt: salt.toString('hex') },
        cipher: 'aes-256-gcm',
        iv: iv.toString('hex'),
        ciphertext: ciphertext.toString('hex'),
        tag: cipher.getAuthTag().toString('hex'),
        check: passwordCheck(key).toString('hex'),
      },
      createdAt: new Date().toISOString(),
    };
    await writeNewFileAtomic(dir, file, `${JSON.stringify(body, null, 2)}\n`, name);
    return file;
  } finally {
    key.fill(0);
  }
}

/**
 * Decrypt wallet `name` from `dir`. Throws WalletError BAD_NAME, NOT_FOUND,
 * BAD_PASSWORD (wrong password), CORRUPT (malformed or edited file) or IO.
 */
export async function loadKey(opts: { dir: string; name: string; password: string }): Promise<LoadedKey> {
  const { dir, name, password } = opts;
  checkName(name);
  const file = keyPath(dir, name);
  const body = await readKeyFile(file, name, dir);
  const c = body.crypto;
  const key = await deriveKey(typeof password === 'string' ? password : '', Buffer.from(c.kdfparams.salt, 'hex'), c.kdfparams);
  try {
    if (!timingSafeEqual(passwordCheck(key), Buffer.from(c.check, 'hex'))) {
      throw new WalletError('BAD_PASSWORD', `wrong password for wallet '${name}': try again, or check --password-file / TESNODE_PASSWORD`);
    }
    let secret: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(c.iv, 'hex'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(body.address, 'utf8'));
      decipher.setAuthTag(Buffer.from(c.tag, 'hex'));
      secret = Buffer.concat([decipher.update(Buffer.from(c.ciphertext, 'hex')), decipher.final()]);
    } catch (err) {
      throw corrupt(file, 'the password is right but the address or ciphertext was altered; restore the file from a backup', err);
    }
    const out = new Uint8Array(secret);
    secret.fill(0);
    return { name, address: body.address, secret: out };
  } finally {
    key.fill(0);
  }
}

/**
 * List the keys in `dir` by name, reading addresses without decrypting. Files that
 * look like keys but do not parse are skipped here; see {@link scanKeystore} for them.
 * A missing directory is an empty keystore.
 */
export async function listKeys(dir: string): Promise<KeyInfo[]> {
  return (await scanKeystore(dir)).keys;
}

/**
 * Like {@link listKeys}, but also returns the `<name>.json` files that could not be
 * read, so the CLI can warn about them instead of silently hiding a wallet.
 */
export async function scanKeystore(dir: string): Promise<{ keys: KeyInfo[]; problems: KeystoreProblem[] }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { keys: [], problems: [] };
    throw ioError(`cannot read keystore directory ${dir}`, err);
  }
  const keys: KeyInfo[] = [];
  const problems: KeystoreProblem[] = [];
  for (const entry of entries.sort()) {
    const name = KEY_FILE_PATTERN.exec(entry)?.[1];
    if (name === undefined) continue; // temp files, editor backups, READMEs
    const file = join(dir, entry);
    try {
      const body = await readKeyFile(file, name, dir);
      keys.push({ name, address: body.address, file });
    } catch (err) {
      if (!(err instanceof WalletError)) throw err;
      problems.push({ file, code: err.code, message: err.message });
    }
  }
  keys.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { keys, problems };
}

/** Whether `<dir>/<name>.json` exists. Throws BAD_NAME for an invalid name. */
export async function hasKey(dir: string, name: string): Promise<boolean> {
  checkName(name);
  return exists(keyPath(dir, name));
}

/** The path a wallet named `name` is stored at in `dir` (the name is validated). */
export function keyPath(dir: string, name: string): string {
  checkName(name);
  return join(dir, `${name}.json`);
}

// ---------------------------------------------------------------- reading

async function readKeyFile(file: string, name: string, dir: string): Promise<KeyFileV1> {
  let text: string;
  let handle: FileHandle;
  try {
    handle = await open(file, fsConstants.O_RDONLY);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new WalletError(
        'NOT_FOUND',
        `wallet '${name}' not found in ${dir}: create it with \`tesnode wallet new ${name}\` or pass --keystore DIR`,
      );
    }
    throw ioError(`cannot open key file ${file}`, err);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw corrupt(file, 'it is not a regular file; remove it');
    if (info.size > MAX_KEY_FILE_BYTES) throw corrupt(file, `it is ${info.size} bytes, more than the ${MAX_KEY_FILE_BYTES} a key file can be`);
    // Read at most the cap even if the file grew after fstat.
    const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_KEY_FILE_BYTES) throw corrupt(file, `it is more than the ${MAX_KEY_FILE_BYTES} bytes a key file can be`);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } catch (err) {
    if (err instanceof WalletError) throw err;
    throw ioError(`cannot read key file ${file}`, err);
  } finally {
    await handle.close();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw corrupt(file, 'it is not valid JSON', err);
  }
  const problem = keyFileProblem(json, name);
  if (problem !== null) throw corrupt(file, problem);
  return json as KeyFileV1;
}

/** Why `json` is not a well-formed v1 key file for `name`, or null if it is. */
function keyFileProblem(json: unknown, name: string): string | null {
  if (!isRecord(json)) return 'it is not a JSON object';
  if (json.version !== 1) return `unsupported version ${JSON.stringify(json.version)} (this tesnode reads version 1)`;
  if (json.name !== name) return `it says it is wallet ${JSON.stringify(json.name)}, not '${name}' (was it renamed?)`;
  if (typeof json.address !== 'string' || !ADDRESS_PATTERN.test(json.address)) return 'address is missing or invalid';
  if (typeof json.createdAt !== 'string' || json.createdAt.length > 64) return 'createdAt is missing or invalid';
  const c = json.crypto;
  if (!isRecord(c)) return 'crypto section is missing';
  if (c.kdf !== 'scrypt') return `unsupported kdf ${JSON.stringify(c.kdf)} (expected "scrypt")`;
  if (c.cipher !== 'aes-256-gcm') return `unsupported cipher ${JSON.stringify(c.cipher)} (expected "aes-256-gcm")`;
  const k = c.kdfparams;
  if (!isRecord(k)) return 'crypto.kdfparams is missing';
  if (typeof k.N !== 'number' || typeof k.r !== 'number' || typeof k.p !== 'number') return 'kdfparams N, r, p must be numbers';
  const kdfProblem = kdfParamsProblem({ N: k.N, r: k.r, p: k.p });
  if (kdfProblem !== null) return `kdfparams: ${kdfProblem}`;
  if (k.dklen !== 32) return 'kdfparams.dklen must be 32';
  if (!isHex(k.salt, 16, 64)) return 'kdfparams.salt must be 16 to 64 bytes of lower-case hex';
  if (!isHex(c.iv, IV_BYTES, IV_BYTES)) return `crypto.iv must be ${IV_BYTES} bytes of hex`;
  if (!isHex(c.ciphertext, SECRET_BYTES, SECRET_BYTES)) return `crypto.ciphertext must be ${SECRET_BYTES} bytes of hex`;
  if (!isHex(c.tag, TAG_BYTES, TAG_BYTES)) return `crypto.tag must be ${TAG_BYTES} bytes of hex`;
  if (!isHex(c.check, CHECK_BYTES, CHECK_BYTES)) return `crypto.check must be ${CHECK_BYTES} bytes of hex`;
  return null;
}

// ---------------------------------------------------------------- crypto

/** Why these scrypt parameters are unusable, or null if they are fine. */
function kdfParamsProblem(kdf: KdfParams): string | null {
  const { N, r, p } = kdf;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) return `N must be a power of two ≥ 2, got ${N}`;
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) return `r must be an integer 1..${MAX_R}, got ${r}`;
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) return `p must be an integer 1..${MAX_P}, got ${p}`;
  if (128 * N * r > MAX_SCRYPT_MEMORY) return `N=${N}, r=${r} needs more than ${MAX_SCRYPT_MEMORY >> 20} MiB; lower N`;
  return null;
}

function deriveKey(password: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  // Normalise so the same password typed on systems that compose accents differently
  // (macOS input is often NFD) still opens the wallet.
  const pw = Buffer.from(password.normalize('NFC'), 'utf8');
  // Node refuses scrypt above maxmem (default 32 MiB, exactly the default cost), so
  // allow what these parameters need plus headroom for its bookkeeping.
  const maxmem = 128 * kdf.N * kdf.r + 128 * kdf.r * kdf.p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(pw, salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (err, key) => {
      pw.fill(0);
      if (err) reject(ioError('scrypt key derivation failed', err));
      else resolve(key);
    });
  });
}

function passwordCheck(key: Buffer): Buffer {
  return createHmac('sha256', key).update(CHECK_LABEL).digest().subarray(0, CHECK_BYTES);
}

// ---------------------------------------------------------------- files

async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw ioError(`cannot create keystore directory ${dir}`, err);
  }
}

/**
 * Write `text` to `file` so that it either appears complete or not at all, and never
 * replaces an existing file: write + fsync a temp file in the same directory, then
 * hard-link it into place (link fails if the target exists, unlike rename).
 */
async function writeNewFileAtomic(dir: string, file: string, text: string, name: string): Promise<void> {
  // Leading dot and no .json suffix: listKeys never mistakes it for a key.
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, file);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST') throw existsError(name, file);
      // Some filesystems have no hard links; fall back to check-then-rename, which
      // is still atomic for the file contents.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      if (await exists(file)) throw existsError(name, file);
      await rename(tmp, file);
    }
    await fsyncDir(dir);
  } catch (err) {
    if (err instanceof WalletError) throw err;
    throw ioError(`cannot write key file ${file}`, err);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the new directory entry durable on POSIX; Windows cannot open directories,
  // and a failure here does not make the written file wrong, so it is best effort.
  try {
    const handle = await open(dir, fsConstants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw ioError(`cannot check ${file}`, err);
  }
}

// ---------------------------------------------------------------- helpers

function checkName(name: string): void {
  if (typeof name !== 'string' || !WALLET_NAME_PATTERN.test(name)) {
    throw new WalletError(
      'BAD_NAME',
      `invalid wallet name ${JSON.stringify(name)}: use 1 to 64 letters, digits, '_' or '-'`,
    );
  }
}

function existsError(name: string, file: string): WalletError {
  return new WalletError('EXISTS', `wallet '${name}' already exists at ${file}: pick another name or remove the old file first`);
}

function corrupt(file: string, why: string, cause?: unknown): WalletError {
  return new WalletError('CORRUPT', `key file ${file} is corrupt: ${why}`, cause === undefined ? undefined : { cause });
}

function ioError(what: string, err: unknown): WalletError {
  const detail = err instanceof Error ? err.message : String(err);
  return new WalletError('IO', `${what}: ${detail}`, { cause: err });
}

function errnoCode(err: unknown): string | undefined {
  return isRecord(err) && typeof err.code === 'string' ? err.code : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHex(v: unknown, minBytes: number, maxBytes: number): v is string {
  return (
    typeof v === 'string' &&
    v.length % 2 === 0 &&
    v.length >= minBytes * 2 &&
    v.length <= maxBytes * 2 &&
    /^[0-9a-f]*$/.test(v)
  );
}

function describeLength(v: unknown): string {
  return v instanceof Uint8Array ? `${v.length} bytes` : typeof v;
}
