/*
 * Account addresses (docs/protocol/encoding.md): bech32m with human-readable prefix `tes` over the first 20
 * bytes of SHA-256(public key). bech32m's checksum catches every single-character typo
 * (indeed any error touching up to 4 characters), so a mistyped address is rejected
 * rather than sending funds to nobody.
 */
import { bech32m } from '@scure/base';
import { sha256 } from './hash.ts';

/** Length of an account id (the address payload), in bytes. */
export const ADDRESS_BYTES = 20;
/** Human-readable prefix of every tesnode address. */
export const ADDRESS_PREFIX = 'tes';
/** Length of every address string: 'tes' + '1' + 32 data characters + 6 checksum characters. */
export const ADDRESS_LENGTH = 42;

// Inputs longer than this are refused before any parsing work; a little slack over the
// exact length lets the error say "wrong length" instead of "too long" for near misses.
const MAX_INPUT_LENGTH = 90;
const PUBLIC_KEY_BYTES = 32;

/** Reasons an address operation fails. */
export type AddressErrorCode = 'BAD_ADDRESS' | 'BAD_ADDRESS_BYTES' | 'BAD_PUBLIC_KEY';

/** Thrown for a malformed address string or a wrong-length id/public key. */
export class AddressError extends Error {
  /** Stable reason code; see {@link AddressErrorCode}. */
  readonly code: AddressErrorCode;

  constructor(code: AddressErrorCode, message: string) {
    super(message);
    this.name = 'AddressError';
    this.code = code;
  }
}

/** The address of an ed25519 public key (32 bytes). */
export function addressFromPublicKey(pub: Uint8Array): string {
  if (!(pub instanceof Uint8Array) || pub.length !== PUBLIC_KEY_BYTES) {
    throw new AddressError('BAD_PUBLIC_KEY', `an address is derived from a ${PUBLIC_KEY_BYTES}-byte ed25519 public key, got ${describeBytes(pub)}`);
  }
  return addressFromBytes(sha256(pub).subarray(0, ADDRESS_BYTES));
}

/** The address string of a 20-byte account id. */
export function addressFromBytes(id20: Uint8Array): string {
  if (!(id20 instanceof Uint8Array) || id20.length !== ADDRESS_BYTES) {
    throw new AddressError('BAD_ADDRESS_BYTES', `an account id is ${ADDRESS_BYTES} bytes, got ${describeBytes(id20)}`);
  }
  return bech32m.encode(ADDRESS_PREFIX, bech32m.toWords(id20));
}

/**
 * The 20-byte account id of an address. Only the canonical form is accepted: lowercase,
 * prefix `tes`, bech32m checksum, 20-byte payload; throws AddressError('BAD_ADDRESS')
 * naming the input and the problem otherwise.
 */
export function addressToBytes(addr: string): Uint8Array {
  const problem = addressProblem(addr);
  if (typeof problem === 'string') throw new AddressError('BAD_ADDRESS', `${showInput(addr)} is not a tesnode address: ${problem}; expected the form tes1… (${ADDRESS_LENGTH} lowercase bech32m characters)`);
  return problem;
}

/** Whether `s` is a valid address in canonical form. */
export function isAddress(s: string): boolean {
  return typeof addressProblem(s) !== 'string';
}

// Returns the decoded id, or a sentence saying what is wrong.
function addressProblem(addr: unknown): Uint8Array | string {
  if (typeof addr !== 'string') return `expected a string, got ${addr === null ? 'null' : typeof addr}`;
  if (addr.length > MAX_INPUT_LENGTH) return `it is ${addr.length} characters long`;
  if (addr.length !== ADDRESS_LENGTH) return `it has ${addr.length} characters, not ${ADDRESS_LENGTH}`;
  const lower = addr.toLowerCase();
  if (lower !== addr) {
    // bech32 allows all-uppercase for QR codes, but one spelling per account keeps string
    // comparisons of addresses sound everywhere else in the node.
    return addr.toUpperCase() === addr ? 'it is uppercase; write it in lowercase' : 'it mixes upper and lower case';
  }
  if (!addr.startsWith(`${ADDRESS_PREFIX}1`)) return `it does not start with "${ADDRESS_PREFIX}1"`;
  let words: number[];
  let prefix: string;
  try {
    ({ prefix, words } = bech32m.decode(addr as `${string}1${string}`, MAX_INPUT_LENGTH));
  } catch {
    return 'the checksum does not match or it contains a character outside the bech32 alphabet (check for a typo)';
  }
  if (prefix !== ADDRESS_PREFIX) return `its prefix is "${prefix}", not "${ADDRESS_PREFIX}"`;
  let id: Uint8Array;
  try {
    id = bech32m.fromWords(words);
  } catch {
    return 'its payload is not a whole number of bytes';
  }
  if (id.length !== ADDRESS_BYTES) return `its payload is ${id.length} bytes, not ${ADDRESS_BYTES}`;
  // Belt and braces: the one canonical spelling of this id must be exactly the input.
  if (addressFromBytes(id) !== addr) return 'it is not in canonical form';
  return id;
}

function showInput(addr: unknown): string {
  if (typeof addr !== 'string') return `the value ${String(addr).slice(0, 40)}`;
  return addr.length > 60 ? `address ${JSON.stringify(addr.slice(0, 60))}… (${addr.length} characters)` : `address ${JSON.stringify(addr)}`;
}

function describeBytes(v: unknown): string {
  return v instanceof Uint8Array ? `${v.length} bytes` : typeof v;
}
