import { encode, decodeTrusted } from '../chain/codec.ts';
import { ENERGY_SOURCES } from '../market/types.ts';
import { CertKey } from './keys.ts';
import { CertError } from './certError.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { StateReader } from '../chain/state/stateReader.ts';

/**
 * The certificate rules fixed by the genesis `certificates` section. A chain without the
 * section has no certificates: nothing is issued and every `cert.*` kind is refused.
 */
export interface CertConfig {
  /** Declared seller sources whose metered, sold and settled delivery earns certificates. */
  readonly renewable: readonly string[];
  /** Delivery periods per compliance period: compliance period c covers periods [c·N, (c+1)·N). */
  readonly compliancePeriods: number;
  /**
   * Delivery periods after a compliance period's last one before it closes: claims for it
   * stay open until then, and its fines are taken in the block whose settlement passes it.
   */
  readonly claimGracePeriods: number;
  /** Fine per MWh of quota shortfall, µTES. */
  readonly finePerMWh: bigint;
}

/** Sources that may never be listed as renewable (fossil fuels, and what is not a generation source). */
export const NEVER_RENEWABLE: readonly string[] = ['coal', 'gas', 'oil', 'storage', 'mixed'];

/** Defaults: annual compliance on 15-minute periods, a month of grace, 50 TES per MWh short. */
export const CERT_DEFAULTS: CertConfig = {
  renewable: ['solar', 'wind', 'hydro', 'biomass', 'geothermal'],
  compliancePeriods: 35_040,
  claimGracePeriods: 2_880,
  finePerMWh: 50_000_000n,
};

/** Longest compliance period (a leap year of 15-minute periods): bounds a quota's backfill. */
export const MAX_COMPLIANCE_PERIODS = 35_136;
/** Largest fine per MWh (1,000,000 TES). */
export const MAX_FINE_PER_MWH = 1_000_000_000_000n;

/** The certificates section of a genesis file is wrong; chain/genesis.ts reports it as a GenesisError. */
export class CertGenesisError extends Error {
  readonly code = 'BAD_GENESIS';
  constructor(message: string) {
    super(message);
    this.name = 'CertGenesisError';
  }
}

const fail = (m: string): never => {
  throw new CertGenesisError(m);
};

function int(v: unknown, where: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(`${where} must be an integer from ${min} to ${max}`);
  return v as number;
}

/** Parses the genesis `certificates` section (every field optional; see CERT_DEFAULTS). */
export function parseCertGenesis(json: unknown): CertConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail('certificates must be an object (use {} for the defaults)');
  const o = json as Record<string, unknown>;
  const known = ['renewableSources', 'compliancePeriods', 'claimGracePeriods', 'finePerMWh'];
  for (const k of Object.keys(o)) if (!known.includes(k)) fail(`certificates.${k} is not a known field (known: ${known.join(', ')})`);
  let renewable = CERT_DEFAULTS.renewable;
  if (o.renewableSources !== undefined) {
    const list = o.renewableSources;
    if (!Array.isArray(list) || list.length === 0) return fail('certificates.renewableSources must be a non-empty array of energy sources');
    for (const s of list) {
      if (typeof s !== 'string' || !(ENERGY_SOURCES as readonly string[]).includes(s)) fail(`certificates.renewableSources: '${String(s)}' is not an energy source (${ENERGY_SOURCES.join(', ')})`);
      if (NEVER_RENEWABLE.includes(s as string)) fail(`certificates.renewableSources: '${String(s)}' is not a renewable source; remove it`);
    }
    if (new Set(list).size !== list.length) fail('certificates.renewableSources names a source twice');
    renewable = [...(list as string[])].sort();
  }
  let finePerMWh = CERT_DEFAULTS.finePerMWh;
  if (o.finePerMWh !== undefined) {
    const v = o.finePerMWh;
    if (typeof v !== 'string' || !/^\d{1,19}$/.test(v) || BigInt(v) > MAX_FINE_PER_MWH) fail(`certificates.finePerMWh must be a decimal string of µTES from 0 to ${MAX_FINE_PER_MWH}`);
    finePerMWh = BigInt(v as string);
  }
  return {
    renewable,
    compliancePeriods: int(o.compliancePeriods, 'certificates.compliancePeriods', CERT_DEFAULTS.compliancePeriods, 1, MAX_COMPLIANCE_PERIODS),
    claimGracePeriods: int(o.claimGracePeriods, 'certificates.claimGracePeriods', CERT_DEFAULTS.claimGracePeriods, 1, MAX_COMPLIANCE_PERIODS),
    finePerMWh,
  };
}

/** The JSON form of the section, as in genesis.json. */
export function certGenesisToJson(c: CertConfig): Record<string, unknown> {
  return { renewableSources: [...c.renewable], compliancePeriods: c.compliancePeriods, claimGracePeriods: c.claimGracePeriods, finePerMWh: c.finePerMWh.toString() };
}

/** Writes the configuration (genesis only). */
export function writeCertConfig(state: Overlay, c: CertConfig): void {
  state.set(CertKey.config, encode([[...c.renewable], c.compliancePeriods, c.claimGracePeriods, c.finePerMWh]));
}

/** The configuration, or undefined on a chain whose genesis has no certificates section. */
export function readCertConfig(state: StateReader): CertConfig | undefined {
  const raw = state.get(CertKey.config);
  if (!raw) return undefined;
  const [renewable, compliancePeriods, claimGracePeriods, finePerMWh] = decodeTrusted(raw) as [string[], number, number, bigint];
  return { renewable, compliancePeriods, claimGracePeriods, finePerMWh };
}

/** The configuration; throws CERTS_DISABLED on a chain without certificates. */
export function requireCertConfig(state: StateReader): CertConfig {
  const c = readCertConfig(state);
  if (!c) throw new CertError('CERTS_DISABLED', 'this chain has no green certificates: its genesis file has no "certificates" section');
  return c;
}

/** Whether a declared source earns certificates under this configuration. */
export function isRenewable(cfg: CertConfig, source: string): boolean {
  return cfg.renewable.includes(source);
}

/** The compliance period a delivery period belongs to. */
export function complianceOf(cfg: CertConfig, k: number): number {
  return Math.floor(k / cfg.compliancePeriods);
}

/** The delivery periods of compliance period c: [first, last]. */
export function complianceRange(cfg: CertConfig, c: number): { first: number; last: number } {
  return { first: c * cfg.compliancePeriods, last: (c + 1) * cfg.compliancePeriods - 1 };
}

/** The issuance cursor at which compliance period c closes: its last period and the grace periods settled. */
export function closesAt(cfg: CertConfig, c: number): number {
  return (c + 1) * cfg.compliancePeriods + cfg.claimGracePeriods;
}
