import { transfer, Transferred } from './transfer.ts';
import type { StateModule } from '../module/stateModule.ts';

/** The core module: plain µTES transfers between accounts. */
export const coreModule: StateModule = {
  name: 'core',
  kinds: { transfer },
  events: [Transferred],
};
