import { addressFromBytes, addressFromPublicKey, addressToBytes } from '../chain/address.ts';
import { headerToJson } from '../chain/block.ts';
import { toHex, fromHexOrUndefined } from '../chain/bytes.ts';
import { decodeTx, txToJson } from '../chain/tx.ts';
import { getAccount, getCreditScore, getRoles } from '../chain/state/accounts.ts';
import { paramsToJson } from '../chain/genesis.ts';
import { TxError } from '../chain/chainError.ts';
import { RpcError, INVALID_PARAMS } from './rpcError.ts';
import { objectParams, requireHex, requireInt, requireString, optional } from './params.ts';
import type { Chain } from '../node/chain/chain.ts';
import type { Mempool } from '../node/mempool/mempool.ts';
import type { Miner } from '../node/mining/miner.ts';
import type { Block, Tx } from '../chain/types.ts';
import type { RpcMethod } from './server.ts';

/** What the RPC methods read from the node. */
export interface RpcContext {
  readonly chain: Chain;
  readonly mempool: Mempool;
  readonly miner: Miner | undefined;
  /** Extra fields for node_info (p2p addresses and peers), when the node has them. */
  readonly networkInfo?: () => Record<string, unknown>;
  /** Told of each transaction a local user submitted, so the network layer can gossip it. */
  readonly onLocalTx?: (tx: Tx) => void;
}

const VERSION = '0.1.0';

function parseAddress(text: string, what: string): Uint8Array {
  try {
    return addressToBytes(text);
  } catch (err) {
    throw new RpcError(INVALID_PARAMS, `${what}: ${(err as Error).message}`);
  }
}

async function blockToJson(chain: Chain, block: Block, withTxs: boolean): Promise<Record<string, unknown>> {
  const json = headerToJson(block.header);
  const index = await chain.getIndex(fromHexOrUndefined(json.hash as string)!);
  const receipts = (await chain.store.getReceipts(fromHexOrUndefined(json.hash as string)!)) ?? [];
  return {
    ...json,
    minerAddress: addressFromPublicKey(block.header.miner),
    cumulativeWork: index ? '0x' + index.cumulativeWork.toString(16) : undefined,
    canonical: index?.status === 'applied',
    txCount: block.txs.length,
    ...(withTxs
      ? {
          txs: block.txs.map((tx, i) => ({ ...txToJson(tx), status: receipts[i]?.[1] ? 'failed' : 'ok', error: receipts[i]?.[1] || undefined, message: receipts[i]?.[2] || undefined })),
        }
      : { txHashes: block.txs.map((tx) => txToJson(tx).hash) }),
  };
}

/** The JSON-RPC methods of a node (SPEC 10): node, chain, transactions, accounts. */
export function createRpcMethods(ctx: RpcContext): Record<string, RpcMethod> {
  const { chain, mempool } = ctx;
  return {
    node_info: () => ({
      version: VERSION,
      chainId: chain.ctx.chainId,
      genesisHash: toHex(chain.genesisHash),
      genesisTime: chain.ctx.genesisTime,
      head: { height: chain.head.header.height, hash: toHex(chain.head.hash) },
      mining: ctx.miner ? { enabled: true, address: addressFromPublicKey(ctx.miner.publicKey), hashrate: Math.round(ctx.miner.hashrate()), mined: ctx.miner.mined } : { enabled: false },
      mempool: { size: mempool.size, bytes: mempool.byteSize },
      params: paramsToJson(chain.ctx.params),
      ...(ctx.networkInfo?.() ?? {}),
    }),

    chain_head: () => ({ ...headerToJson(chain.head.header), cumulativeWork: '0x' + chain.head.work.toString(16) }),

    chain_block: async (params) => {
      const p = objectParams(params, ['height', 'hash', 'txs']);
      const height = optional(p, 'height', (o, k) => requireInt(o, k, { min: 0 }));
      const hash = optional(p, 'hash', (o, k) => requireHex(o, k, { bytes: 32 }));
      const withTxs = p.txs === true;
      if ((height === undefined) === (hash === undefined)) throw new RpcError(INVALID_PARAMS, 'give exactly one of height or hash');
      const block = height !== undefined ? await chain.getBlockByHeight(height) : await chain.getBlockByHash(hash!);
      if (!block) throw new TxError('NOT_FOUND', height !== undefined ? `no block at height ${height} (head is ${chain.head.header.height})` : `no block with hash ${toHex(hash!)}`);
      return blockToJson(chain, block, withTxs);
    },

    tx_send: async (params) => {
      const p = objectParams(params, ['tx']);
      const bytes = requireHex(p, 'tx', { maxBytes: 64 * 1024 });
      const tx = decodeTx(bytes);
      const next = { height: chain.head.header.height + 1, timestamp: Math.max(chain.now(), chain.head.header.timestamp + 1) };
      const entry = mempool.add(tx, chain.state, next);
      ctx.onLocalTx?.(tx);
      return { hash: entry.hashHex };
    },

    tx_get: async (params) => {
      const p = objectParams(params, ['hash']);
      const hash = requireHex(p, 'hash', { bytes: 32 });
      const pending = mempool.get(hash);
      if (pending) return { status: 'pending', ...txToJson(pending.tx) };
      const loc = await chain.store.getTxLocation(hash);
      if (!loc) throw new TxError('NOT_FOUND', `transaction ${toHex(hash)} is neither pending nor in the chain`);
      const block = (await chain.getBlockByHash(loc.blockHash))!;
      const receipt = (await chain.store.getReceipts(loc.blockHash))?.[loc.index];
      const tx = block.txs[loc.index]!;
      return {
        status: receipt?.[1] ? 'failed' : 'included',
        ...txToJson(tx),
        ...(receipt?.[1] ? { error: receipt[1], message: receipt[2] } : {}),
        blockHash: toHex(loc.blockHash),
        blockHeight: block.header.height,
        index: loc.index,
        confirmations: chain.head.header.height - block.header.height + 1,
      };
    },

    state_account: (params) => {
      const p = objectParams(params, ['address']);
      const id = parseAddress(requireString(p, 'address', { maxLength: 120 }), 'address');
      const acct = getAccount(chain.state, id);
      const pending = mempool.pendingOf(toHex(id));
      return {
        address: addressFromBytes(id),
        balance: acct.balance.toString(),
        nonce: acct.nonce,
        pendingNonce: acct.nonce + pending.filter((e) => e.tx.nonce >= acct.nonce).length,
        pendingTxs: pending.length,
        roles: getRoles(chain.state, id),
        credit: getCreditScore(chain.state, id),
      };
    },
  };
}
