/**
 * The chain's data types. Amounts and targets are bigint; heights, nonces and times are
 * numbers within their documented ranges (docs/protocol/encoding.md). Byte fields are raw Uint8Array.
 */

/** A transaction's kind-specific payload: fields in the kind's schema order. */
export type Payload = Record<string, Uint8Array | bigint | number | string | boolean>;

/** A signed transaction (docs/protocol/transactions.md). */
export interface Tx {
  /** Chain id from the genesis: a transaction is valid on one chain only. */
  readonly chainId: string;
  /** Sender's ed25519 public key (32 bytes); its address is derived from it. */
  readonly from: Uint8Array;
  /** The sender's next sequence number: each nonce is used once, in order. */
  readonly nonce: number;
  /** Fee in µTES paid to the miner. */
  readonly fee: bigint;
  /** Which operation this is; decides the payload schema and the state change. */
  readonly kind: string;
  readonly payload: Payload;
  /** ed25519 signature over the unsigned encoding (64 bytes). */
  readonly sig: Uint8Array;
}

/** A transaction before signing. */
export type UnsignedTx = Omit<Tx, 'sig'>;

/** A block header (docs/protocol/blocks.md). Its hash is SHA-256 of its encoding, which is also the proof-of-work hash. */
export interface BlockHeader {
  readonly version: number;
  readonly parentHash: Uint8Array;
  readonly height: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  /** Merkle root over the hashes of the block's transactions. */
  readonly txRoot: Uint8Array;
  /** Commitment to the whole post-state (LtHash root, see ARCHITECTURE.md). */
  readonly stateRoot: Uint8Array;
  /** Merkle root over the hashes of the block's receipts (what each transaction did). */
  readonly receiptRoot: Uint8Array;
  /** The ASERT base target for this height; the miner's credit boost scales it. */
  readonly baseTarget: bigint;
  /** The miner's ed25519 public key: receives the reward, and its credit sets the boost. */
  readonly miner: Uint8Array;
  /** Proof-of-work nonce, 0 ≤ nonce < 2^63: the last 8 bytes of the encoding. */
  readonly nonce: bigint;
}

/** A block: header, the miner's signature over the header, and transactions. */
export interface Block {
  readonly header: BlockHeader;
  readonly sig: Uint8Array;
  readonly txs: readonly Tx[];
}

/** Outcome of one transaction inside a block (src/chain/module/receipt.ts). */
export type { Receipt } from './module/receipt.ts';
