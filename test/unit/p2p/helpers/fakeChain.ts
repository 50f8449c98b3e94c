/**
 * An in-memory ChainPort over made-up blocks, for network tests: a block is the canonical
 * encoding of [parentHash, height, work, tag, valid, padding], its hash the SHA-256 of
 * those bytes. Fork choice is the most cumulative work, ties to the first seen; a block
 * with valid=false fails precheck like a block without proof of work.
 */
import { encode, decodeCanonical } from '../../../../src/chain/codec.ts';
import { sha256 } from '../../../../src/chain/hash.ts';
import { bytesEqual, toHex } from '../../../../src/chain/bytes.ts';
import type { ChainPort, ChainStatus, ImportOutcome, PrecheckedBlock } from '../../../../src/p2p/chainPort.ts';

/** A coded error like the chain's BlockError / TxError. */
export class FakeChainError extends Error {
  readonly code: string;
  constructor(code: string, message = code) {
    super(message);
    this.code = code;
  }
}

interface FakeBlock {
  readonly hash: Uint8Array;
  readonly parentHash: Uint8Array;
  readonly height: number;
  readonly work: number;
  readonly valid: boolean;
  readonly bytes: Uint8Array;
}

/** Encodes a made-up block. */
export function makeBlock(parentHash: Uint8Array, height: number, opts: { work?: number; tag?: string; valid?: boolean; padding?: number } = {}): { bytes: Uint8Array; hash: Uint8Array } {
  const bytes = encode([parentHash, height, opts.work ?? 1, opts.tag ?? '', opts.valid ?? true, new Uint8Array(opts.padding ?? 0)]);
  return { bytes, hash: sha256(bytes) };
}

function parse(bytes: Uint8Array): FakeBlock {
  let v: unknown;
  try {
    v = decodeCanonical(bytes, 16 * 1024 * 1024, 'fake block');
  } catch {
    throw new FakeChainError('MALFORMED');
  }
  if (!Array.isArray(v) || v.length !== 6) throw new FakeChainError('MALFORMED');
  const [parentHash, height, work, , valid] = v as [Uint8Array, number, number, string, boolean];
  if (!(parentHash instanceof Uint8Array) || typeof height !== 'number' || typeof work !== 'number') throw new FakeChainError('MALFORMED');
  return { hash: sha256(bytes), parentHash, height, work, valid, bytes };
}

/** Encodes a made-up transaction; `sigOk: false` makes it fail as a bad signature. */
export function makeTx(id: string, sigOk = true): Uint8Array {
  return encode(['tx', id, sigOk]);
}

/** The fake chain. */
export class FakeChain implements ChainPort {
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
  private readonly blocks = new Map<string, FakeBlock & { cum: bigint }>();
  private canonical: Uint8Array[] = [];
  private headKey: string;
  private readonly headCbs = new Set<(b: Uint8Array[]) => void>();
  private readonly txCbs = new Set<(b: Uint8Array) => void>();
  /** Admitted transactions by id. */
  readonly mempool = new Set<string>();
  /** Calls of submitTx, for tests that check what was read. */
  submitCalls = 0;
  importCalls = 0;

  constructor(chainId = 'testnet', genesisTag = 'genesis') {
    this.chainId = chainId;
    const g = makeBlock(new Uint8Array(32), 0, { work: 0, tag: genesisTag });
    this.genesisHash = g.hash;
    this.headKey = toHex(g.hash);
    this.blocks.set(this.headKey, { ...parse(g.bytes), cum: 0n });
    this.canonical = [g.hash];
  }

  get height(): number {
    return this.canonical.length - 1;
  }

  get headHash(): Uint8Array {
    return this.canonical[this.canonical.length - 1]!;
  }

  status(): ChainStatus {
    const head = this.blocks.get(this.headKey)!;
    return { headHash: head.hash, height: head.height, cumulativeWork: head.cum };
  }

  async precheckBlock(bytes: Uint8Array): Promise<PrecheckedBlock> {
    const b = parse(bytes);
    if (!b.valid) throw new FakeChainError('BAD_POW', 'no proof of work');
    const parent = this.blocks.get(toHex(b.parentHash));
    if (parent && parent.height + 1 !== b.height) throw new FakeChainError('BAD_HEIGHT');
    return { hash: b.hash, height: b.height, parentHash: b.parentHash };
  }

  async importBlock(bytes: Uint8Array): Promise<ImportOutcome> {
    this.importCalls++;
    return this.importNow(bytes, false);
  }

  /** Imports without telling onHead listeners (to build a gap other nodes do not see). */
  importSilently(bytes: Uint8Array): ImportOutcome {
    return this.importNow(bytes, true);
  }

  private importNow(bytes: Uint8Array, silent: boolean): ImportOutcome {
    const b = parse(bytes);
    if (this.blocks.has(toHex(b.hash))) return 'known';
    if (!b.valid) throw new FakeChainError('BAD_POW');
    const parent = this.blocks.get(toHex(b.parentHash));
    if (!parent) throw new FakeChainError('UNKNOWN_PARENT');
    if (parent.height + 1 !== b.height) throw new FakeChainError('BAD_HEIGHT');
    const entry = { ...b, cum: parent.cum + BigInt(b.work) };
    this.blocks.set(toHex(b.hash), entry);
    const head = this.blocks.get(this.headKey)!;
    if (entry.cum <= head.cum) return 'side';
    // New head: rebuild the canonical list from the fork point.
    const branch: Uint8Array[] = [];
    let cursor: (FakeBlock & { cum: bigint }) | undefined = entry;
    while (cursor && !(this.canonical[cursor.height] && bytesEqual(this.canonical[cursor.height]!, cursor.hash))) {
      branch.unshift(cursor.bytes);
      cursor = this.blocks.get(toHex(cursor.parentHash));
    }
    const forkHeight = cursor!.height;
    const reorg = forkHeight !== head.height;
    this.canonical = this.canonical.slice(0, forkHeight + 1);
    for (const bb of branch) this.canonical.push(sha256(bb));
    this.headKey = toHex(entry.hash);
    if (!silent) for (const cb of this.headCbs) cb(branch);
    return reorg ? 'reorg' : 'head';
  }

  async hasBlock(hash: Uint8Array): Promise<boolean> {
    return this.blocks.has(toHex(hash));
  }

  async getBlockBytesByHash(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.blocks.get(toHex(hash))?.bytes;
  }

  async getCanonicalBlocks(from: number, count: number): Promise<Uint8Array[]> {
    return this.canonical.slice(from, from + count).map((h) => this.blocks.get(toHex(h))!.bytes);
  }

  async submitTx(bytes: Uint8Array): Promise<void> {
    this.submitCalls++;
    let v: unknown;
    try {
      v = decodeCanonical(bytes, 8192, 'tx');
    } catch {
      throw new FakeChainError('MALFORMED');
    }
    if (!Array.isArray(v) || v[0] !== 'tx' || typeof v[1] !== 'string') throw new FakeChainError('MALFORMED');
    if (v[2] !== true) throw new FakeChainError('BAD_SIGNATURE');
    if (this.mempool.has(v[1])) throw new FakeChainError('ALREADY_KNOWN');
    this.mempool.add(v[1]);
  }

  onHead(cb: (connectedBlocks: Uint8Array[]) => void): () => void {
    this.headCbs.add(cb);
    return () => this.headCbs.delete(cb);
  }

  onLocalTx(cb: (txBytes: Uint8Array) => void): () => void {
    this.txCbs.add(cb);
    return () => this.txCbs.delete(cb);
  }

  /** A user of this node submits a transaction: admitted, then announced for gossip. */
  submitLocalTx(bytes: Uint8Array): void {
    const v = decodeCanonical(bytes, 8192, 'tx') as [string, string];
    this.mempool.add(v[1]);
    for (const cb of this.txCbs) cb(bytes);
  }

  /** Mines `n` blocks on the head (announced to onHead listeners one by one). */
  mine(n: number, opts: { tag?: string; work?: number; padding?: number; silent?: boolean } = {}): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const b = makeBlock(this.headHash, this.height + 1, opts);
      if (opts.silent) this.importSilently(b.bytes);
      else this.importNow(b.bytes, false);
      out.push(b.bytes);
    }
    return out;
  }
}
