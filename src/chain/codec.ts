import { Packr } from 'msgpackr';
import { bytesEqual } from './bytes.ts';

/**
 * Canonical encoding (docs/protocol/encoding.md): msgpackr with records, structured clone and extensions off,
 * so that the same value always encodes to the same bytes. Objects keep their key order,
 * which is why every type's encoder builds its objects in one fixed order and prefers
 * arrays. 64-bit integers decode as bigint; an integer field that may exceed 2^32 is
 * always encoded from a bigint (int64, nine bytes) so its width never depends on its value.
 */
const packr = new Packr({
  useRecords: false,
  structuredClone: false,
  moreTypes: false,
  bundleStrings: false,
  int64AsType: 'bigint',
  mapsAsObjects: true,
  variableMapSize: true,
  useFloat32: 0,
} as ConstructorParameters<typeof Packr>[0]);

/** A value the codec can encode: what our types are built from. */
export type Encodable =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Encodable[]
  | { [key: string]: Encodable };

/** Error raised for bytes that are not a canonical encoding. */
export class CodecError extends Error {
  readonly code: 'MALFORMED' | 'NON_CANONICAL' | 'TOO_LARGE';
  constructor(code: CodecError['code'], message: string) {
    super(message);
    this.name = 'CodecError';
    this.code = code;
  }
}

/** Encodes a value canonically. */
export function encode(value: Encodable): Uint8Array {
  const out = packr.pack(value);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decodes bytes that must be the canonical encoding of what they decode to: the value is
 * re-encoded and compared, so two encodings of one value (a float for an integer, a
 * longer length prefix) can never both be accepted. `maxBytes` is checked before parsing.
 */
export function decodeCanonical(bytes: Uint8Array, maxBytes: number, what: string): unknown {
  if (bytes.length > maxBytes) {
    throw new CodecError('TOO_LARGE', `${what} is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  }
  let value: unknown;
  try {
    value = packr.unpack(bytes);
  } catch (err) {
    throw new CodecError('MALFORMED', `${what} is not valid msgpack: ${(err as Error).message}`);
  }
  let again: Uint8Array;
  try {
    again = encode(value as Encodable);
  } catch {
    throw new CodecError('MALFORMED', `${what} holds values tesnode does not encode`);
  }
  if (!bytesEqual(again, bytes)) {
    throw new CodecError('NON_CANONICAL', `${what} is not in canonical encoding (re-encoding gives different bytes)`);
  }
  return value;
}

/** Decodes trusted bytes (our own database) without the canonical check. */
export function decodeTrusted(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}
