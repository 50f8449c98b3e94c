import type { SyncProgress } from '../p2p/syncProgress.ts';
import type { Logger } from './logger.ts';

const BAR_WIDTH = 30;
const LOG_EVERY_MS = 5000;

/**
 * Shows sync progress: a redrawn bar on a terminal, a log line every few seconds
 * otherwise (files, CI), and a final line when a round ends.
 */
export function createSyncDisplay(log: Logger, stream: NodeJS.WriteStream = process.stderr): (p: SyncProgress) => void {
  let lastLog = 0;
  let drawing = false;
  return (p) => {
    const pct = p.target > 0 ? Math.min(1, p.height / p.target) : 1;
    if (!p.syncing) {
      if (drawing) stream.write('\n');
      drawing = false;
      log.info('sync done', { height: p.height, peers: p.peers });
      return;
    }
    if (stream.isTTY) {
      const filled = Math.round(pct * BAR_WIDTH);
      stream.write(`\rsyncing [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${p.height}/${p.target} ${Math.round(p.blocksPerSecond)} blocks/s, ${p.peers} peers  `);
      drawing = true;
    } else if (Date.now() - lastLog >= LOG_EVERY_MS) {
      lastLog = Date.now();
      log.info('syncing', { height: p.height, target: p.target, blocksPerSecond: Math.round(p.blocksPerSecond), peers: p.peers });
    }
  };
}
