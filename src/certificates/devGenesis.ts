import { CERT_DEFAULTS, type CertConfig } from './config.ts';

/**
 * The certificates section of `tesnode start --dev`: the default renewable sources, and
 * compliance on dev time: compliance periods of 2 delivery periods (one minute of 30-s
 * periods), closed 2 delivery periods after their end (a minute to buy and claim the
 * last period's certificates), a fine of 60 TES per MWh short.
 */
export function createDevCertGenesis(): CertConfig {
  return { ...CERT_DEFAULTS, compliancePeriods: 2, claimGracePeriods: 2, finePerMWh: 60_000_000n };
}
