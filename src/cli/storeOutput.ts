import { describeDamage } from '../node/chain/storeDamage.ts';
import { table } from './output.ts';
import type { VerifyStoreReport, RepairAction } from '../node/chain/verifyStore.ts';
import type { RepairReport } from '../node/chain/repairStore.ts';
import type { VerifyStateReport } from '../node/chain/verifyState.ts';

/** Damage lines printed before "and N more" (--json has them all). */
const SHOWN = 20;

/** What `tesnode repair` would do, in words. */
export function describeRepair(action: RepairAction, report: VerifyStoreReport): string {
  const head = report.head?.height;
  switch (action) {
    case 'none':
      return 'nothing to repair';
    case 'files':
      return "LevelDB's own repair of the damaged files first (records it cannot read are dropped), then the records are checked again and rebuilt from the blocks that remain";
    case 'rollback':
      return `roll the head back to block ${report.lastIntactHeight} with the undo records${head !== undefined ? ` (${head - report.lastIntactHeight} blocks to fetch again from peers)` : ''}`;
    case 'rebuild':
      return `replay blocks 0–${report.lastIntactHeight} from genesis and rewrite every index, receipt, undo record and the state${head !== undefined && head > report.lastIntactHeight ? ` (${head - report.lastIntactHeight} blocks above to fetch again from peers)` : ''}`;
  }
}

/** verify-store's report for people. */
export function formatVerifyStore(r: VerifyStoreReport, repairCommand: string): string {
  const rows: Array<[string, unknown]> = [
    ['result', r.ok ? 'OK: every block, index entry, undo record, receipt, height and tx index reads back intact, and the state matches the head' : `DAMAGED: ${r.damage.length} record${r.damage.length === 1 ? '' : 's'} or file${r.damage.length === 1 ? '' : 's'}`],
    ['head', r.head ? `height ${r.head.height} (${r.head.hash.slice(0, 16)}…)` : 'not read (damaged files)'],
    ['read back', `${r.blocks} blocks, ${r.txs} transactions, ${r.stateKeys} state entries`],
    ['time', `${r.seconds.toFixed(2)} s${r.blocks ? ` (${r.secondsPer10kBlocks.toFixed(1)} s per 10,000 blocks)` : ''}`],
  ];
  const lines = [table(rows)];
  if (!r.ok) {
    lines.push('damaged:', ...r.damage.slice(0, SHOWN).map((d) => `  ${describeDamage(d)}`));
    if (r.damage.length > SHOWN) lines.push(`  … and ${r.damage.length - SHOWN} more (--json lists them all)`);
    if (r.head) lines.push(`last intact block: ${r.lastIntactHeight}`);
    lines.push(`to repair (node stopped): ${repairCommand}: it will ${describeRepair(r.repair, r)}`);
  }
  return lines.join('\n');
}

/** repair's report for people. */
export function formatRepair(r: RepairReport): string {
  const did = r.dryRun ? 'would' : 'did';
  const rows: Array<[string, unknown]> = [
    ['found', r.before.ok ? 'no damage' : `${r.before.damage.length} damaged record${r.before.damage.length === 1 ? '' : 's'} or file${r.before.damage.length === 1 ? '' : 's'}`],
    [`repair ${did}`, `${r.filesRepaired ? "LevelDB's file repair, then " : ''}${describeRepair(r.action, r.before.head ? r.before : r.after)}`],
  ];
  if (!r.dryRun) {
    rows.push(['result', r.after.ok ? 'OK: verify-store finds no damage' : `STILL DAMAGED: ${r.after.damage.length} records (see below)`]);
    if (r.after.head) rows.push(['head now', `height ${r.after.head.height} (${r.after.head.hash.slice(0, 16)}…)${r.removedBlocks ? `; ${r.removedBlocks} blocks removed above it, fetched again from peers when the node starts` : ''}`]);
  }
  rows.push(['time', `${r.seconds.toFixed(2)} s`]);
  const lines = [table(rows)];
  const shown = r.dryRun ? r.before : r.after;
  if (!shown.ok) {
    lines.push(...shown.damage.slice(0, SHOWN).map((d) => `  ${describeDamage(d)}`));
    if (shown.damage.length > SHOWN) lines.push(`  … and ${shown.damage.length - SHOWN} more (--json lists them all)`);
  }
  return lines.join('\n');
}

/** verify-state's report for people. */
export function formatVerifyState(r: VerifyStateReport, verifyStoreCommand: string): string {
  const store = r.store;
  return table([
    ['result', r.ok ? 'OK: the state matches the head block, and the block store reads back intact' : !r.stateOk ? 'MISMATCH: the stored state does not match the head block' : 'DAMAGED: the state matches the head block, but the block store is damaged'],
    ['height', r.height],
    ['head', r.headHash],
    ['state keys', r.stateKeys],
    ['computed root', r.computedRoot],
    ['header root', r.headerRoot],
    ['stored root', r.storedRoot],
    ['block store', store.ok ? `intact (${store.blocks} blocks read back)` : `${store.damage.length} damaged records: run \`${verifyStoreCommand}\` for the list and the repair`],
  ]);
}
