import { encode, decodeCanonical, CodecError, type Encodable } from './codec.ts';
import { sha256 } from './hash.ts';
import { concatBytes, toHex, utf8 } from './bytes.ts';
import { ShapeError, readBytes, readRecord, readString, readTuple, readU32, readU63 } from './shape.ts';
import { readArgsWire, argsToJson, type Schema } from './module/schema.ts';
import { TxError } from './chainError.ts';
import { sign, verify, verifyAsync } from './crypto/ed25519.ts';
import { addressFromPublicKey } from './address.ts';
import type { Payload, Tx, UnsignedTx } from './types.ts';

/** Largest encoded transaction accepted anywhere (wire, RPC, block). */
export const MAX_TX_BYTES = 8 * 1024;
/** Chain ids are short ASCII names. */
const MAX_CHAIN_ID = 64;
const MAX_KIND = 32;
// Domain tag so a transaction signature can never be replayed as any other signed message.
const TX_SIGN_DOMAIN = utf8('tesnode/tx/v1');

function unsignedArray(tx: UnsignedTx): Encodable[] {
  return [tx.chainId, tx.from, tx.nonce, tx.fee, tx.kind, tx.payload as Encodable];
}

/** The bytes a sender signs: a domain tag and the canonical unsigned encoding. */
export function txSigningMessage(tx: UnsignedTx): Uint8Array {
  return concatBytes(TX_SIGN_DOMAIN, encode(unsignedArray(tx)));
}

/** The canonical encoding of a signed transaction. */
export function encodeTx(tx: Tx): Uint8Array {
  return encode(txToWire(tx));
}

/** The array form used inside blocks and on the wire. */
export function txToWire(tx: Tx): Encodable[] {
  return [...unsignedArray(tx), tx.sig];
}

/** A transaction's id: SHA-256 of its signed canonical encoding. */
export function txHash(tx: Tx): Uint8Array {
  return sha256(encodeTx(tx));
}

/** Signs an unsigned transaction with a 32-byte ed25519 secret. */
export function signTx(tx: UnsignedTx, secret: Uint8Array): Tx {
  return { ...tx, sig: sign(txSigningMessage(tx), secret) };
}

/** True when the signature is valid under the strict rule set of crypto/ed25519.ts. */
export function isTxSignatureValid(tx: Tx): boolean {
  return verify(tx.sig, txSigningMessage(tx), tx.from);
}

/** The same check on the thread pool, for many transactions at once. */
export function isTxSignatureValidAsync(tx: Tx): Promise<boolean> {
  return verifyAsync(tx.sig, txSigningMessage(tx), tx.from);
}

/** What decoding needs of the registry: each kind's payload schema (a ModuleSet is one). */
export interface KindSchemas {
  schemaOf(kind: string): Schema | undefined;
}

/** Reads a transaction from its decoded wire array; throws TxError('MALFORMED'). */
export function txFromWire(v: unknown, kinds: KindSchemas): Tx {
  try {
    const [chainId, from, nonce, fee, kind, payload, sig] = readTuple(v, 7, 'transaction');
    const kindName = readString(kind, 'kind', MAX_KIND);
    const schema = kinds.schemaOf(kindName);
    if (!schema) throw new TxError('UNKNOWN_KIND', `unknown transaction kind '${kindName}'`);
    const rec = readRecord(payload, Object.keys(schema), `payload of ${kindName}`);
    const typed: Payload = readArgsWire(schema, rec, kindName);
    return {
      chainId: readString(chainId, 'chainId', MAX_CHAIN_ID),
      from: readBytes(from, 'sender public key', 32),
      nonce: readU32(nonce, 'nonce'),
      fee: readU63(fee, 'fee'),
      kind: kindName,
      payload: typed,
      sig: readBytes(sig, 'signature', 64),
    };
  } catch (err) {
    if (err instanceof ShapeError) throw new TxError('MALFORMED', `malformed transaction: ${err.message}`);
    throw err;
  }
}

/** Decodes and shape-checks a signed transaction's bytes (signature not yet checked). */
export function decodeTx(bytes: Uint8Array, kinds: KindSchemas): Tx {
  if (bytes.length > MAX_TX_BYTES) {
    throw new TxError('TOO_LARGE', `transaction is ${bytes.length} bytes, over the limit of ${MAX_TX_BYTES}`);
  }
  let v: unknown;
  try {
    v = decodeCanonical(bytes, MAX_TX_BYTES, 'transaction');
  } catch (err) {
    if (err instanceof CodecError) throw new TxError('MALFORMED', err.message);
    throw err;
  }
  return txFromWire(v, kinds);
}

/** Plain JSON view of a transaction for RPC and CLI output. */
export function txToJson(tx: Tx, kinds: KindSchemas): Record<string, unknown> {
  const payload = argsToJson(kinds.schemaOf(tx.kind) ?? {}, tx.payload);
  return {
    hash: toHex(txHash(tx)),
    chainId: tx.chainId,
    from: addressFromPublicKey(tx.from),
    fromPublicKey: toHex(tx.from),
    nonce: tx.nonce,
    fee: tx.fee.toString(),
    kind: tx.kind,
    payload,
    signature: toHex(tx.sig),
  };
}
