import { createModuleSet, type ModuleSet } from '../chain/module/moduleSet.ts';
import { REGISTRY } from './registry.ts';

/** Every module of the registry, loaded and indexed: what a node and its tests run. */
export const MODULES: ModuleSet = createModuleSet(await Promise.all(REGISTRY.map((e) => e.state())));
