/**
 * Chain parameters fixed by the genesis file (docs/protocol/consensus.md#chain-parameters).
 * Every node of a chain must hold the same values; they are part of the genesis hash.
 */
export interface ChainParams {
  /** Target spacing of blocks; ASERT steers the base target toward it. */
  readonly blockTimeMs: number;
  /** ASERT half-life: a chain this far behind schedule has its target doubled. */
  readonly asertHalfLifeMs: number;
  /** Base target of the block after genesis (the ASERT anchor). */
  readonly genesisTarget: bigint;
  /** Easiest base target ever allowed. */
  readonly maxTarget: bigint;
  /** Credit boost at score 1000 (boost(c) = 1 + (maxBoost-1)*c/1000, docs/protocol/consensus.md). */
  readonly maxBoost: number;
  /** How far ahead of the receiving node's clock a block's time may be. */
  readonly maxFutureMs: number;
  /** New µTES minted to each block's miner (before the community share). */
  readonly blockReward: bigint;
  /** Percent of reward plus fees paid to the community pool. */
  readonly communitySharePercent: number;
  /** Largest encoded block. */
  readonly maxBlockBytes: number;
  /** Most transactions in one block. */
  readonly maxBlockTxs: number;
  /** Lowest fee a transaction may carry (µTES). */
  readonly minFee: bigint;
  /** Length of a market delivery period (docs/protocol/market.md). */
  readonly periodMs: number;
}

/** Defaults for a long-running network (docs/protocol/consensus.md#chain-parameters). */
export const MAINNET_DEFAULTS: ChainParams = {
  blockTimeMs: 10_000,
  asertHalfLifeMs: 3_600_000,
  genesisTarget: (1n << 256n) / 2_000_000n,
  maxTarget: (1n << 256n) / 1000n,
  maxBoost: 4,
  maxFutureMs: 15_000,
  blockReward: 5_000_000n,
  communitySharePercent: 10,
  maxBlockBytes: 1 << 20,
  maxBlockTxs: 4000,
  minFee: 100n,
  periodMs: 900_000,
};

/**
 * Defaults for a dev chain: one-second blocks at a capped hash rate. The genesis
 * target expects about 20,000 hashes per block, so a miner capped at 20,000 hashes/s
 * meets the block time while using a few percent of one core.
 */
export const DEVNET_DEFAULTS: ChainParams = {
  ...MAINNET_DEFAULTS,
  blockTimeMs: 1000,
  asertHalfLifeMs: 60_000,
  genesisTarget: (1n << 256n) / 20_000n,
  maxTarget: (1n << 256n) / 200n,
  periodMs: 30_000,
};
