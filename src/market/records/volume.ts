import { encode, decodeTrusted } from '../../chain/codec.ts';
import { periodVolumeKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Contracted volume of a period's trades: Σ Wh and Σ Wh × price, for its volume-weighted price. */
export interface PeriodVolume {
  readonly wh: bigint;
  readonly value: bigint;
}

/** The traded volume of a period (zeros when none). */
export function readPeriodVolume(state: StateReader, k: number): PeriodVolume {
  const raw = state.get(periodVolumeKey(k));
  if (!raw) return { wh: 0n, value: 0n };
  const [wh, value] = decodeTrusted(raw) as [string, string];
  return { wh: BigInt(wh), value: BigInt(value) };
}

/** Adds a trade's contracted quantity at its price (at formation; curtailment does not change it). */
export function addPeriodVolume(state: Overlay, k: number, wh: bigint, price: bigint): void {
  const v = readPeriodVolume(state, k);
  // Decimal strings: Σ Wh × price outgrows the codec's 64-bit integers (10^12 Wh at 10^12 µTES/kWh is 10^24).
  state.set(periodVolumeKey(k), encode([(v.wh + wh).toString(), (v.value + wh * price).toString()]));
}

/** The period's volume-weighted price, µTES/kWh (floor), or 0 without trades. */
export function periodVwap(v: PeriodVolume): bigint {
  return v.wh === 0n ? 0n : v.value / v.wh;
}
