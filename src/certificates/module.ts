import { CERT_KINDS } from './kinds.ts';
import { CERT_EVENTS } from './events.ts';
import { CERT_RPC } from './rpc.ts';
import { issueSettledPeriods } from './issue.ts';
import { closeDueCompliancePeriods } from './compliance.ts';
import { certGenesisToJson, parseCertGenesis, writeCertConfig, type CertConfig } from './config.ts';
import type { GenesisSection, StateModule } from '../chain/module/stateModule.ts';

/** The genesis file's `certificates` section: renewable sources, compliance period and grace, fine per MWh. */
export const CERT_GENESIS: GenesisSection<CertConfig> = {
  key: 'certificates',
  parse: (json) => parseCertGenesis(json),
  toJson: certGenesisToJson,
  apply: (state, c) => {
    writeCertConfig(state, c);
    return 0n;
  },
  minted: () => 0n,
};

/**
 * Green certificates (docs/certificates.md): issued from settled renewable
 * delivery, traded one way by listing and picking, claimed (retired) once, and quotas
 * fined at the end of each compliance period. Its block hooks run after the market's
 * settlement and the credit cycle (registry order): first issuance, then closing.
 */
export const certificatesModule: StateModule = {
  name: 'certificates',
  kinds: CERT_KINDS,
  blockHooks: [issueSettledPeriods, closeDueCompliancePeriods],
  genesis: CERT_GENESIS,
  events: CERT_EVENTS,
  rpc: CERT_RPC,
};
