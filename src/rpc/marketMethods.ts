import { TxError } from '../chain/chainError.ts';
import { getListing, getMarketStatus, getOrderBook, getParticipant, getTrade, getTrades, recommend } from '../market/index.ts';
import { RpcError, INVALID_PARAMS } from './rpcError.ts';
import { U32, requireAddress, objectParams, optional, requireDecimalBigInt, requireInt } from './params.ts';
import type { Chain } from '../node/chain/chain.ts';
import type { RpcMethod } from './server.ts';


/**
 * Read-only market methods (SPEC 4, 10) over the head state. Market actions are
 * transactions: clients sign them and send them with tx_send.
 */
export function createMarketMethods(chain: Chain): Record<string, RpcMethod> {
  return {
    /** Current period, the next period open for trading and its gate closure, regions, reserve, totals. */
    market_status: () => getMarketStatus(chain.state, chain.ctx, Math.max(chain.now(), chain.head.header.timestamp)),

    market_participant: (params) => {
      const p = objectParams(params, ['address']);
      const a = requireAddress(p, 'address');
      const view = getParticipant(chain.state, a);
      if (!view) throw new TxError('NOT_FOUND', `${a} has not registered: apply with \`tesnode market register\``);
      return view;
    },

    market_book: (params) => {
      const p = objectParams(params, ['period']);
      return getOrderBook(chain.state, requireInt(p, 'period', U32));
    },

    market_listing: (params) => {
      const p = objectParams(params, ['id']);
      const id = requireInt(p, 'id', U32);
      const l = getListing(chain.state, id);
      if (!l) throw new TxError('NOT_FOUND', `no listing ${id}: see \`tesnode market book --period K\``);
      return l;
    },

    market_trade: (params) => {
      const p = objectParams(params, ['id']);
      const id = requireInt(p, 'id', U32);
      const t = getTrade(chain.state, id);
      if (!t) throw new TxError('NOT_FOUND', `no trade ${id}`);
      return t;
    },

    market_trades: (params) => {
      const p = objectParams(params, ['period', 'account']);
      const period = optional(p, 'period', (o, k) => requireInt(o, k, U32));
      const account = optional(p, 'account', requireAddress);
      if ((period === undefined) === (account === undefined)) throw new RpcError(INVALID_PARAMS, 'give exactly one of period or account');
      return { trades: getTrades(chain.state, period !== undefined ? { period } : { account: account! }) };
    },

    /** Ranks listings by landed cost for a buyer (or by price and credit for a seller) and proposes picks. */
    market_recommend: (params) => {
      const p = objectParams(params, ['buyer', 'seller', 'period', 'wh', 'creditWeight', 'carbonWeight']);
      const buyer = optional(p, 'buyer', requireAddress);
      const seller = optional(p, 'seller', requireAddress);
      if ((buyer === undefined) === (seller === undefined)) throw new RpcError(INVALID_PARAMS, 'give exactly one of buyer or seller');
      const period = requireInt(p, 'period', U32);
      const wh = requireDecimalBigInt(p, 'wh', { min: 1n, max: (1n << 62n) });
      const credit = optional(p, 'creditWeight', (o, k) => requireDecimalBigInt(o, k, { min: 0n, max: 1n << 40n }));
      const carbon = optional(p, 'carbonWeight', (o, k) => requireDecimalBigInt(o, k, { min: 0n, max: 1n << 40n }));
      const weights = { ...(credit !== undefined ? { credit } : {}), ...(carbon !== undefined ? { carbon } : {}) };
      return recommend(chain.state, buyer ? { buyer, period, wh, weights } : { seller: seller!, period, wh, weights });
    },
  };
}
