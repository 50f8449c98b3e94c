import { randomBytes } from 'node:crypto';
import { signHeader, miningPrefix } from '../../chain/block.ts';
import { toHex } from '../../chain/bytes.ts';
import { BlockError } from '../../chain/chainError.ts';
import { buildBlockTemplate } from './blockTemplate.ts';
import { getPublicKey } from '../../chain/crypto/ed25519.ts';
import { createNonceSearcher, NONCE_LIMIT, type NonceSearcher } from './nonceSearch.ts';
import type { Chain } from '../chain/chain.ts';
import type { Mempool } from '../mempool/mempool.ts';
import type { Logger } from '../logger.ts';

/** Options of the miner. */
export interface MinerOptions {
  readonly chain: Chain;
  readonly mempool: Mempool;
  /** The miner's ed25519 secret: it signs each block and receives the rewards. */
  readonly secret: Uint8Array;
  /** Hashes per second at most; devnets and tests cap it so the node never starves the machine. */
  readonly hashrateCap?: number;
  /** Rebuild the template this often, to take in new transactions and a fresh time. */
  readonly refreshMs?: number;
  /** While true (catching up with peers), the miner waits: mining on a stale head wastes work. */
  readonly isSyncing?: () => boolean;
  readonly log: Logger;
}

/**
 * The mining loop: build a template on the head, search nonces in a worker thread,
 * sign and import the block. A new head (ours or a peer's) aborts the search at once;
 * the template is also refreshed periodically so new transactions get in.
 */
export class Miner {
  private readonly opts: MinerOptions;
  private readonly searcher: NonceSearcher;
  private readonly pub: Uint8Array;
  private running = false;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly onHead = () => this.abort?.abort();
  /** Blocks this miner produced since start. */
  mined = 0;

  constructor(opts: MinerOptions) {
    this.opts = opts;
    this.pub = getPublicKey(opts.secret);
    this.searcher = createNonceSearcher();
  }

  /** The public key blocks are mined with. */
  get publicKey(): Uint8Array {
    return this.pub;
  }

  /** Recent hash rate (hashes/s). */
  hashrate(): number {
    return this.searcher.hashrate();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.chain.on('head', this.onHead);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.opts.chain.off('head', this.onHead);
    this.abort?.abort();
    await this.loop;
    await this.searcher.close();
  }

  private async run(): Promise<void> {
    const { chain, mempool, log } = this.opts;
    const refreshMs = this.opts.refreshMs ?? 2000;
    while (this.running) {
      if (this.opts.isSyncing?.()) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const controller = new AbortController();
      this.abort = controller;
      const timer = setTimeout(() => controller.abort(), refreshMs);
      try {
        const tpl = await buildBlockTemplate(chain, mempool, this.pub, chain.now());
        if (controller.signal.aborted) continue;
        const start = BigInt('0x' + toHex(randomBytes(8))) % NONCE_LIMIT;
        const found = await this.searcher.search(
          { prefix: miningPrefix(tpl.header), target: tpl.target, startNonce: start, ...(this.opts.hashrateCap ? { hashrateCap: this.opts.hashrateCap } : {}) },
          controller.signal,
        );
        if (!found || !this.running) continue;
        const header = { ...tpl.header, nonce: found.nonce };
        const block = { header, sig: signHeader(header, this.opts.secret), txs: tpl.txs };
        const res = await chain.importBlock(block, { executed: tpl.executed });
        this.mined++;
        log.info('mined block', { height: header.height, hash: toHex(res.hash).slice(0, 16), txs: tpl.txs.length, hashes: found.hashes });
      } catch (err) {
        // A block whose time ran ahead of the clock, or a head that moved mid-build: try again.
        if (err instanceof BlockError) log.warn('mined block rejected', { code: err.code, reason: err.message });
        else if (this.running) {
          log.error('miner failed', { error: (err as Error).stack ?? String(err) });
          await new Promise((r) => setTimeout(r, 1000));
        }
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
