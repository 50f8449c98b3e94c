import { addressFromBytes, addressFromPublicKey } from '../chain/address.ts';
import { headerHash, headerToJson } from '../chain/block.ts';
import { toHex } from '../chain/bytes.ts';
import { decodeTx, txToJson } from '../chain/tx.ts';
import { getAccount, getCreditScore, getRoles } from '../chain/state/accounts.ts';
import { paramsToJson } from '../chain/genesis.ts';
import { TxError } from '../chain/chainError.ts';
import { Field } from '../chain/module/schema.ts';
import { opt, ParamError, type ParamSchema, type ParamsOf } from '../chain/module/stateModule.ts';
import { readParams } from './schemaParams.ts';
import { receiptToJson } from './receiptJson.ts';
import type { ChainReader, MinerView, TxPool } from './nodeReader.ts';
import type { Block, Tx } from '../chain/types.ts';
import type { RpcMethod } from './server.ts';

/** What the node's own RPC methods read. */
export interface RpcContext {
  readonly chain: ChainReader;
  readonly mempool: TxPool;
  readonly miner: MinerView | undefined;
  /** Extra fields for node_info (p2p addresses and peers), when the node has them. */
  readonly networkInfo?: () => Record<string, unknown>;
  /** Told of each transaction a local user submitted, so the network layer can gossip it. */
  readonly onLocalTx?: (tx: Tx) => void;
}

/** Most blocks `chain_blocks` returns at once. */
export const MAX_BLOCKS = 100;
/** Largest hex-encoded transaction `tx_send` reads. */
const MAX_TX_HEX_BYTES = 64 * 1024;
const VERSION = '0.1.0';

/** Declares a node method: params read by schema (by name or position), then the handler. */
function method<P extends ParamSchema>(params: P, handler: (args: ParamsOf<P>) => unknown): RpcMethod {
  return (raw) => handler(readParams(params, raw));
}

async function blockToJson(ctx: RpcContext, block: Block, withTxs: boolean): Promise<Record<string, unknown>> {
  const { chain } = ctx;
  const json = headerToJson(block.header);
  const hash = headerHash(block.header);
  const status = await chain.getBlockStatus(hash);
  const receipts = (await chain.getReceipts(hash)) ?? [];
  return {
    ...json,
    minerAddress: addressFromPublicKey(block.header.miner),
    cumulativeWork: status ? '0x' + status.cumulativeWork.toString(16) : undefined,
    canonical: status?.canonical ?? false,
    txCount: block.txs.length,
    ...(withTxs
      ? { txs: block.txs.map((tx, i) => ({ ...txToJson(tx, chain.ctx.modules), ...(receipts[i] ? receiptToJson(receipts[i]!, tx.kind, chain.ctx.modules) : {}) })) }
      : { txHashes: block.txs.map((tx) => txToJson(tx, chain.ctx.modules).hash) }),
  };
}

/** The JSON-RPC methods of a node: node, chain, transactions, accounts. */
export function createRpcMethods(ctx: RpcContext): Record<string, RpcMethod> {
  const { chain, mempool } = ctx;
  const kinds = chain.ctx.modules;
  return {
    node_info: method({}, () => ({
      version: VERSION,
      chainId: chain.ctx.chainId,
      genesisHash: toHex(chain.genesisHash),
      genesisTime: chain.ctx.genesisTime,
      head: { height: chain.head.header.height, hash: toHex(chain.head.hash) },
      mining: ctx.miner ? { enabled: true, address: addressFromPublicKey(ctx.miner.publicKey), hashrate: Math.round(ctx.miner.hashrate()), mined: ctx.miner.mined } : { enabled: false },
      mempool: { size: mempool.size, bytes: mempool.byteSize },
      params: paramsToJson(chain.ctx.params),
      modules: kinds.modules.map((m) => m.name),
      ...(ctx.networkInfo?.() ?? {}),
    })),

    chain_head: method({}, () => ({ ...headerToJson(chain.head.header), cumulativeWork: '0x' + chain.head.work.toString(16) })),

    /** A block by height or hash; with txs, every transaction with its receipt (result and events). */
    chain_block: method({ height: opt(Field.u32), hash: opt(Field.hash), txs: opt(Field.bool) }, async (a) => {
      if ((a.height === undefined) === (a.hash === undefined)) throw new ParamError('give exactly one of height or hash');
      const block = a.height !== undefined ? await chain.getBlockByHeight(a.height) : await chain.getBlockByHash(a.hash!);
      if (!block) throw new TxError('NOT_FOUND', a.height !== undefined ? `no block at height ${a.height} (head is ${chain.head.header.height})` : `no block with hash ${toHex(a.hash!)}`);
      return blockToJson(ctx, block, a.txs === true);
    }),

    /**
     * Canonical blocks newest first: `from` (default the head) down, `count` of them
     * (default 20, at most 100): height, hash, time, miner, transactions and failures.
     */
    chain_blocks: method({ from: opt(Field.u32), count: opt(Field.u32) }, async (a) => {
      const head = chain.head.header.height;
      const from = Math.min(a.from ?? head, head);
      const count = a.count ?? 20;
      if (count < 1 || count > MAX_BLOCKS) throw new ParamError(`"count" must be an integer from 1 to ${MAX_BLOCKS}`);
      const blocks: Array<Record<string, unknown>> = [];
      // Headers (cached by the chain) and receipts, never whole block bodies: a page of
      // full blocks every two seconds would be a real load.
      for (let h = from; h >= 0 && blocks.length < count; h--) {
        const hash = await chain.getCanonicalHash(h);
        const header = hash && (await chain.getHeader(hash));
        // A reorg under our feet can shorten the chain while we read; stop at the gap.
        if (!hash || !header) break;
        const receipts = (await chain.getReceipts(hash)) ?? [];
        blocks.push({
          height: header.height,
          hash: toHex(hash),
          parentHash: toHex(header.parentHash),
          timestamp: header.timestamp,
          minerAddress: addressFromPublicKey(header.miner),
          txCount: receipts.length,
          failedTxs: receipts.filter((r) => r.error !== '').length,
        });
      }
      return { head, blocks };
    }),

    tx_send: method({ tx: Field.bytes(MAX_TX_HEX_BYTES) }, (a) => {
      const tx = decodeTx(a.tx, kinds);
      const entry = mempool.submit(tx);
      ctx.onLocalTx?.(tx);
      return { hash: entry.hashHex };
    }),

    /** A transaction: pending, or in a block with its receipt (status, error, result with the ids it created, events). */
    tx_get: method({ hash: Field.hash }, async (a) => {
      const pending = mempool.get(a.hash);
      if (pending) return { ...txToJson(pending.tx, kinds), status: 'pending' };
      const loc = await chain.getTxLocation(a.hash);
      if (!loc) throw new TxError('NOT_FOUND', `transaction ${toHex(a.hash)} is neither pending nor in the chain`);
      const block = (await chain.getBlockByHash(loc.blockHash))!;
      const receipt = (await chain.getReceipts(loc.blockHash))?.[loc.index];
      const tx = block.txs[loc.index]!;
      return {
        ...txToJson(tx, kinds),
        ...(receipt ? receiptToJson(receipt, tx.kind, kinds) : {}),
        ...(receipt && !receipt.error ? { status: 'included' } : {}),
        blockHash: toHex(loc.blockHash),
        blockHeight: block.header.height,
        index: loc.index,
        confirmations: chain.head.header.height - block.header.height + 1,
      };
    }),

    state_account: method({ address: Field.address }, (a) => {
      const acct = getAccount(chain.state, a.address);
      const pending = mempool.pendingOf(toHex(a.address));
      return {
        address: addressFromBytes(a.address),
        balance: acct.balance.toString(),
        nonce: acct.nonce,
        pendingNonce: acct.nonce + pending.filter((e) => e.tx.nonce >= acct.nonce).length,
        pendingTxs: pending.length,
        roles: getRoles(chain.state, a.address),
        credit: getCreditScore(chain.state, a.address),
      };
    }),
  };
}
