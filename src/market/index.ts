/**
 * The market module's public surface (docs/market.md, docs/credit.md): transaction kinds and handlers for the
 * state transition, the genesis section, and read-only queries for the RPC and CLI:
 * listed trading, credit, supervision and membership.
 */
export { marketModule, creditModule, MARKET_GENESIS } from './module.ts';
export { MARKET_KINDS } from './kinds.ts';
export { CREDIT_KINDS } from './credit/kinds.ts';
export * from './events.ts';
export { MarketError, type MarketErrorCode } from './marketError.ts';
export { parseMarketGenesis, marketGenesisToJson, writeMarketGenesis, MarketGenesisError, MARKET_DEFAULTS, type MarketGenesis } from './genesis.ts';
export { createDevMarketGenesis, devRegionFeeAccount } from './devGenesis.ts';
export { getParticipant, type ParticipantView } from './query/participants.ts';
export { getListing, getPeriodListings, getOrderBook, getTrade, getTrades, getFtr, type OrderBook, type TradeFilter } from './query/book.ts';
export { recommend, DEFAULT_WEIGHTS, type Recommendation, type RecommendRequest, type RecommendWeights, type RankedListing, type ProposedPick } from './query/recommend.ts';
export { getMarketStatus, type MarketStatus } from './query/status.ts';
export type { ListingView, TradeView, AccountRef } from './query/views.ts';
export { findRoute } from './routing.ts';
export { readCreditScore, creditLevel, requiredBond, requiredBondOf, INITIAL_CREDIT_SCORE } from './credit.ts';
export { CREDIT_DEFAULTS, readCreditConfig, type CreditConfig } from './credit/config.ts';
export { computeScore, levelOf, type ScoreInputs, type ScoreParts } from './credit/score.ts';
export { getCredit, type CreditView } from './query/credit.ts';
export { getCheck, getReport, getReports, getViolations, type CheckView, type ReportView, type IndicatorsView } from './query/supervision.ts';
export { CLASSIFIER, type Verdict } from './supervision/classifier.ts';
export { DOC, REQUIRED_DOCS } from './records/participant.ts';
export { sumHoldings, checkConservation, type Holdings } from './conservation.ts';
export { periodStart, periodEnd, gateClosure, settlementDue, periodAt } from './time.ts';
export * from './types.ts';
