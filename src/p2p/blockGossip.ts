/**
 * Validation of gossiped blocks, run by gossipsub before it forwards one: cheap checks
 * first (size, then the chain's decode + context-free + parent-header checks), then the
 * accepted block is imported in the background. A block whose parent is unknown is not
 * forwarded but kept as an orphan while its ancestors are fetched.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { classifyBlockError } from './verdicts.ts';
import { errorText } from './p2pError.ts';
import type { ChainPort, PrecheckedBlock } from './chainPort.ts';
import type { P2pLimits } from './config.ts';
import type { P2pLogger } from './logger.ts';
import type { Offence } from './peerScores.ts';
import type { NetworkImporter } from './networkImporter.ts';

/** Options of the block topic validator. */
export interface BlockGossipOptions {
  readonly chain: ChainPort;
  readonly importer: NetworkImporter;
  readonly limits: P2pLimits;
  readonly penalize: (peer: PeerId, offence: Offence, why: string) => void;
  readonly noteHeight: (peer: PeerId, height: number) => void;
  readonly onOrphan: (bytes: Uint8Array, info: PrecheckedBlock, from: PeerId) => void;
  readonly log: P2pLogger;
}

/** Counters of the block topic. */
export interface BlockGossipStats {
  accepted: number;
  ignored: number;
  rejected: number;
  orphans: number;
}

/** Creates the validator and its counters. */
export function createBlockGossipValidator(opts: BlockGossipOptions): { validate: (peer: PeerId, data: Uint8Array) => Promise<TopicValidatorResult>; stats: BlockGossipStats } {
  const { chain, importer, limits, penalize, log } = opts;
  const stats: BlockGossipStats = { accepted: 0, ignored: 0, rejected: 0, orphans: 0 };
  const ignore = () => {
    stats.ignored++;
    return TopicValidatorResult.Ignore;
  };

  async function validate(peer: PeerId, data: Uint8Array): Promise<TopicValidatorResult> {
    // [REJECT] over the block message limit: dropped unread
    if (data.length > limits.maxBlockMessageBytes) {
      stats.rejected++;
      penalize(peer, 'oversized_message', `block message of ${data.length} bytes`);
      return TopicValidatorResult.Reject;
    }
    let info: PrecheckedBlock;
    try {
      info = await chain.precheckBlock(data);
    } catch (err) {
      const fault = classifyBlockError(err);
      // [REJECT] fails a check anyone can make: encoding, work, signatures, parent header
      if (fault === 'invalid') {
        stats.rejected++;
        penalize(peer, 'invalid_block', errorText(err));
        return TopicValidatorResult.Reject;
      }
      // [IGNORE] from the future (may become valid), already judged invalid (an honest
      // relay may not have known), or our own fault
      if (fault === 'local') log.warn('p2p: block precheck failed locally', { error: errorText(err) });
      return ignore();
    }
    opts.noteHeight(peer, info.height);
    // [IGNORE] already stored: nothing to import, and our peers have it from us or others
    if (await chain.hasBlock(info.hash)) return ignore();
    // [IGNORE] parent unknown: kept as an orphan while its ancestors are fetched
    if (!(await chain.hasBlock(info.parentHash))) {
      stats.orphans++;
      opts.onOrphan(data, info, peer);
      return ignore();
    }
    stats.accepted++;
    void importAccepted(data, info, peer);
    return TopicValidatorResult.Accept;
  }

  async function importAccepted(data: Uint8Array, info: PrecheckedBlock, peer: PeerId): Promise<void> {
    try {
      const outcome = await importer.import(data);
      log.debug('p2p: gossiped block imported', { height: info.height, outcome });
    } catch (err) {
      const fault = classifyBlockError(err);
      if (fault === 'unknown_parent') opts.onOrphan(data, info, peer);
      // Past the precheck, the block fails only in its state transition: costly proof of
      // work behind it, and its relays could not have known, so nobody is penalised.
      else if (fault === 'invalid') log.warn('p2p: gossiped block is invalid', { height: info.height, error: errorText(err) });
      else if (fault === 'local') log.error('p2p: importing a gossiped block failed', { height: info.height, error: errorText(err) });
    }
  }

  return { validate, stats };
}
