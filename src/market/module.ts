import { MARKET_KINDS } from './kinds.ts';
import { CREDIT_KINDS } from './credit/kinds.ts';
import { MARKET_EVENTS } from './events.ts';
import { MARKET_RPC } from './rpc.ts';
import { CREDIT_RPC } from './credit/rpc.ts';
import { settleDuePeriods } from './settle/settleDue.ts';
import { runCreditCycle } from './credit/cycle.ts';
import { marketGenesisToJson, parseMarketGenesis, writeMarketGenesis, type MarketGenesis } from './genesis.ts';
import type { GenesisSection, StateModule } from '../chain/module/stateModule.ts';

/** The genesis file's `market` section (regions, links, reserve, bonds, gate and meter timing, FTR pool, credit rules). */
export const MARKET_GENESIS: GenesisSection<MarketGenesis> = {
  key: 'market',
  parse: (json) => parseMarketGenesis(json),
  toJson: marketGenesisToJson,
  apply: (state, m) => writeMarketGenesis(state, m),
  minted: (m) => m.ftrPool,
};

/**
 * Listed trading (docs/market.md): registration, bonds, listings and picks, dispatch,
 * FTRs, metering, and settlement as a block hook.
 */
export const marketModule: StateModule = {
  name: 'market',
  kinds: MARKET_KINDS,
  blockHooks: [settleDuePeriods],
  genesis: MARKET_GENESIS,
  events: MARKET_EVENTS,
  rpc: MARKET_RPC,
};

/**
 * Credit and supervision (docs/credit.md): agency scores, the agency cycle (score refresh,
 * inactivity reclaim, rewards) as a block hook after settlement, reports, rulings and
 * expulsions. Its parameters are the `credit` part of the market's genesis section.
 */
export const creditModule: StateModule = {
  name: 'credit',
  kinds: CREDIT_KINDS,
  blockHooks: [runCreditCycle],
  rpc: CREDIT_RPC,
};
