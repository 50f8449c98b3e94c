import type { StateModule } from '../chain/module/stateModule.ts';
import type { CliCommand } from '../chain/module/cliCommand.ts';

/** One module of the chain: its state part, and its commands (loaded only when used). */
export interface ModuleEntry {
  readonly name: string;
  readonly state: () => Promise<StateModule>;
  /** Command groups the module adds words to (with their one-line summaries), and its commands. */
  readonly cli?: { readonly groups: Readonly<Record<string, string>>; readonly load: () => Promise<readonly CliCommand[]> };
}

/**
 * The modules this node runs, in order: the one list the decoder, the state transition,
 * the genesis parser, the RPC server and the command line read (src/node/modules.ts
 * loads the state parts). The order is consensus: block hooks run in it (settlement
 * before the credit cycle). Adding a capability is a folder with its module declaration
 * and one entry here (docs/modules.md). Everything is loaded lazily, so a command line
 * call loads only what it runs.
 */
export const REGISTRY: readonly ModuleEntry[] = [
  { name: 'core', state: async () => (await import('../chain/core/module.ts')).coreModule },
  {
    name: 'market',
    state: async () => (await import('../market/module.ts')).marketModule,
    cli: { groups: { market: 'the listed-trading market: register, bond, list, pick, dispatch, meter, settle, rate (docs/market.md)' }, load: async () => (await import('../market/cli.ts')).MARKET_CLI },
  },
  {
    name: 'credit',
    state: async () => (await import('../market/module.ts')).creditModule,
    cli: { groups: { credit: 'credit scores: rating, activity, penalties, agency score, level (docs/credit.md)' }, load: async () => (await import('../market/credit/cli.ts')).CREDIT_CLI },
  },
  {
    // After market and credit: its block hooks issue certificates for what settlement just settled.
    name: 'certificates',
    state: async () => (await import('../certificates/module.ts')).certificatesModule,
    cli: { groups: { cert: 'green certificates: lots issued from settled renewable delivery, one-way listings, claims, quotas (docs/certificates.md)' }, load: async () => (await import('../certificates/cli.ts')).CERT_CLI },
  },
];
