import { readNetwork } from '../records/config.ts';
import { isListingOpen, readListing } from '../records/listing.ts';
import { readParticipant } from '../records/participant.ts';
import { readList } from '../records/lists.ts';
import { readCreditScore } from '../credit.ts';
import { readCreditConfig } from '../credit/config.ts';
import { levelOf } from '../credit/score.ts';
import { energyCost, routeFee, stampSum } from '../amounts.ts';
import { findRoute } from '../routing.ts';
import { periodListingsBase } from '../keys.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { accountId, listingView, type AccountRef, type ListingView } from './views.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { CreditLevel } from '../types.ts';

/**
 * Weights of the ranking (the paper's optimisation function), both µTES/kWh:
 * - credit: added to a listing's cost for a counterparty of credit 0, scaled down
 *   linearly to nothing at credit 1000: + credit·(1000 − score)/1000;
 * - carbon: the price of one kg CO2 per kWh, added as + carbon·(g CO2/kWh)/1000 (buyers only).
 */
export interface RecommendWeights {
  readonly credit?: bigint;
  readonly carbon?: bigint;
}

/** Default weights: 20,000 µTES/kWh at credit 0; 50,000 µTES per kg CO2 (50 TES/t). */
export const DEFAULT_WEIGHTS = { credit: 20_000n, carbon: 50_000n } as const;

/** Who asks: a buyer ranks sell-listings, a seller ranks buy-listings. */
export type RecommendRequest =
  | { readonly buyer: AccountRef; readonly period: number; readonly wh: bigint; readonly weights?: RecommendWeights }
  | { readonly seller: AccountRef; readonly period: number; readonly wh: bigint; readonly weights?: RecommendWeights };

/** One ranked listing. */
export interface RankedListing {
  readonly listing: ListingView;
  /** Region ids of the cheapest route, seller's end first. */
  readonly route: string[];
  readonly stampSum: bigint;
  /** Price + route stamps, µTES/kWh: what a buyer pays per kWh. */
  readonly landedPrice: bigint;
  readonly creditScore: number;
  readonly creditLevel: CreditLevel;
  /** The adjusted figure ranked on, µTES/kWh: a buyer's cost (lowest first) or a seller's revenue (highest first). */
  readonly score: bigint;
}

/** One proposed pick and what it would cost the buyer's side. */
export interface ProposedPick {
  readonly listing: number;
  readonly wh: bigint;
  readonly price: bigint;
  readonly energy: bigint;
  readonly fee: bigint;
}

/** The ranking and the picks that fill the requested quantity (as far as the book allows). */
export interface Recommendation {
  readonly side: 'buyer' | 'seller';
  readonly period: number;
  readonly requestedWh: bigint;
  readonly filledWh: bigint;
  readonly ranking: RankedListing[];
  readonly picks: ProposedPick[];
  /** Totals of the picks: energy, transmission fees, and energy + fees (the buyer's escrow). */
  readonly energy: bigint;
  readonly fee: bigint;
  readonly total: bigint;
}

/**
 * Read-only recommendation (docs/protocol/market.md). For a buyer: the open sell-listings of the period
 * by adjusted landed cost, price + route stamps + credit and carbon penalties, lowest
 * first. For a seller: the open buy-listings by price minus the credit penalty, highest
 * first. Ties go to the lower listing id. Own listings and listings without a route are
 * left out. The proposed picks take the ranking in order until `wh` is filled.
 */
export function recommend(state: StateReader, req: RecommendRequest): Recommendation {
  const isBuyer = 'buyer' in req;
  const me = accountId(isBuyer ? req.buyer : req.seller);
  const home = readParticipant(state, me)?.region;
  const wCredit = req.weights?.credit ?? DEFAULT_WEIGHTS.credit;
  const wCarbon = isBuyer ? (req.weights?.carbon ?? DEFAULT_WEIGHTS.carbon) : 0n;
  const net = readNetwork(state);
  const floors = readCreditConfig(state).levelFloors;
  const ranking: RankedListing[] = [];
  for (const id of readList(state, periodListingsBase(req.period))) {
    const l = readListing(state, id)!;
    if (!isListingOpen(l) || l.side !== (isBuyer ? 'sell' : 'buy') || bytesEqual(l.owner, me)) continue;
    // A listing whose owner is being forced out cannot be picked.
    if (readParticipant(state, l.owner)?.status !== 'approved') continue;
    if (home === undefined) continue;
    const route = isBuyer ? findRoute(net, l.region, home) : findRoute(net, home, l.region);
    if (!route) continue;
    const score = readCreditScore(state, l.owner);
    const creditPenalty = (wCredit * BigInt(1000 - score)) / 1000n;
    const stamps = stampSum(route);
    const adjusted = isBuyer ? l.price + stamps + creditPenalty + (wCarbon * BigInt(l.carbon)) / 1000n : l.price - creditPenalty;
    ranking.push({
      listing: listingView(l), route: route.map((h) => h.region), stampSum: stamps, landedPrice: l.price + stamps,
      creditScore: score, creditLevel: levelOf(score, floors), score: adjusted,
    });
  }
  ranking.sort((a, b) => {
    if (a.score !== b.score) return (isBuyer ? a.score < b.score : a.score > b.score) ? -1 : 1;
    return a.listing.id - b.listing.id;
  });
  const picks: ProposedPick[] = [];
  let left = req.wh;
  let energy = 0n;
  let fee = 0n;
  for (const r of ranking) {
    if (left <= 0n) break;
    const wh = r.listing.rest < left ? r.listing.rest : left;
    const e = energyCost(wh, r.listing.price);
    const f = routeFee(wh, findRoute(net, isBuyer ? r.listing.region : home!, isBuyer ? home! : r.listing.region)!);
    picks.push({ listing: r.listing.id, wh, price: r.listing.price, energy: e, fee: f });
    energy += e;
    fee += f;
    left -= wh;
  }
  return { side: isBuyer ? 'buyer' : 'seller', period: req.period, requestedWh: req.wh, filledWh: req.wh - left, ranking, picks, energy, fee, total: energy + fee };
}
