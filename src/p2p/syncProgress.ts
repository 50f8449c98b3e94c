/** Sync progress as the CLI draws it (a bar on a terminal, log lines otherwise). */
export interface SyncProgress {
  readonly syncing: boolean;
  /** Our canonical height. */
  readonly height: number;
  /** The best height peers have announced. */
  readonly target: number;
  /** Import rate over the last few seconds. */
  readonly blocksPerSecond: number;
  /** Peers serving the sync. */
  readonly peers: number;
}

const WINDOW_MS = 10_000;

/** Blocks per second over a sliding window of (time, height) samples. */
export class RateMeter {
  private samples: Array<{ t: number; h: number }> = [];
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Records the height reached now. */
  sample(height: number): void {
    const t = this.now();
    this.samples.push({ t, h: height });
    while (this.samples.length > 2 && this.samples[0]!.t < t - WINDOW_MS) this.samples.shift();
  }

  /** Blocks per second across the window (0 until two samples exist). */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t === first.t) return 0;
    return ((last.h - first.h) * 1000) / (last.t - first.t);
  }

  /** Starts over (a new sync round). */
  reset(): void {
    this.samples = [];
  }
}
