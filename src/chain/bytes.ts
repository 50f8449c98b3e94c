/** Byte helpers shared by every module: hex conversion, comparison, concatenation. */

const HEX_RE = /^[0-9a-f]*$/;

/** Lowercase hex without a 0x prefix, the form every interface of tesnode prints. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Parses lowercase or uppercase hex (an optional 0x prefix is accepted) into bytes.
 * Returns undefined for anything that is not an even-length hex string, so callers at a
 * boundary can raise their own typed error naming the field.
 */
export function fromHexOrUndefined(text: string): Uint8Array | undefined {
  const clean = (text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text).toLowerCase();
  if (clean.length % 2 !== 0 || !HEX_RE.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** Parses hex, throwing a plain Error naming the field when it is malformed (internal data). */
export function fromHex(text: string, what = 'hex value'): Uint8Array {
  const out = fromHexOrUndefined(text);
  if (!out) throw new Error(`${what} is not valid hex: ${JSON.stringify(text.slice(0, 80))}`);
  return out;
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic comparison, for total orders over byte strings. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Concatenates byte arrays into a fresh array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Big-endian unsigned bigint of fixed width; throws if the value does not fit. */
export function bigintToBytes(value: bigint, width: number): Uint8Array {
  if (value < 0n) throw new Error(`cannot encode negative ${value} as unsigned`);
  const out = new Uint8Array(width);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new Error(`${value} does not fit in ${width} bytes`);
  return out;
}

/** Big-endian unsigned integer value of a byte string. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
