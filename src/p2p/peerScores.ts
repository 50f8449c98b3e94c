/**
 * The application's score of each peer: penalties for provably bad data or broken
 * promises, decaying back toward zero. Gossipsub keeps its own score (fed this one as
 * its application-specific part); this book decides bans.
 */

/** What a peer did wrong, cheapest first. */
export type Offence =
  | 'timeout' // did not answer a request in time (maybe just slow)
  | 'useless_response' // answered with nothing it claimed to have
  | 'bad_response' // malformed, oversized or inconsistent response
  | 'invalid_tx_batch' // gossiped a batch with a malformed or badly signed transaction
  | 'invalid_block' // gossiped or served a block that fails validation
  | 'oversized_message'; // gossiped a message over the topic's size limit

/** Score change per offence; the ban score is -100 by default. */
export const OFFENCE_PENALTY: Readonly<Record<Offence, number>> = {
  timeout: -5,
  useless_response: -10,
  bad_response: -25,
  invalid_tx_batch: -25,
  invalid_block: -40,
  oversized_message: -50,
};

interface Entry {
  score: number;
  at: number;
}

/** Options of a PeerScoreBook. */
export interface PeerScoreBookOptions {
  /** Time for a penalty to halve (ms). */
  readonly halfLifeMs?: number;
  readonly now?: () => number;
}

/** Per-peer scores with exponential decay toward zero, computed lazily. */
export class PeerScoreBook {
  private readonly entries = new Map<string, Entry>();
  private readonly halfLifeMs: number;
  private readonly now: () => number;

  constructor(opts: PeerScoreBookOptions = {}) {
    this.halfLifeMs = opts.halfLifeMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The peer's current score (0 for a peer never penalised). */
  get(peerId: string): number {
    const e = this.entries.get(peerId);
    if (!e) return 0;
    const t = this.now();
    const decayed = e.score * 2 ** (-(t - e.at) / this.halfLifeMs);
    if (decayed > -0.5) {
      this.entries.delete(peerId);
      return 0;
    }
    return decayed;
  }

  /** Applies an offence's penalty and returns the new score. */
  penalize(peerId: string, offence: Offence): number {
    const score = this.get(peerId) + OFFENCE_PENALTY[offence];
    this.entries.set(peerId, { score, at: this.now() });
    return score;
  }

  /** Drops a peer's record (after a ban, which outlives the score). */
  forget(peerId: string): void {
    this.entries.delete(peerId);
  }
}
