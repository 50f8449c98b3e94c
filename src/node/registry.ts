import { createModuleSet, type ModuleSet } from '../chain/module/moduleSet.ts';
import { coreModule } from '../chain/core/module.ts';
import { marketModule, creditModule } from '../market/module.ts';
import type { StateModule } from '../chain/module/stateModule.ts';

/**
 * The state modules this node runs, in order. The order is consensus: block hooks run
 * in it (settlement before the credit cycle). Adding a capability is a folder with its
 * module declaration and one line here (docs/modules.md).
 */
export const STATE_MODULES: readonly StateModule[] = [
  coreModule, // transfers
  marketModule, // listed trading, dispatch, metering, settlement
  creditModule, // credit scores, supervision, membership
];

/** The modules indexed for the decoder, the state transition, genesis and RPC. */
export const MODULES: ModuleSet = createModuleSet(STATE_MODULES);
