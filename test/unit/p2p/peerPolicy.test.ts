import { describe, expect, it } from 'vitest';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { PeerScoreBook, OFFENCE_PENALTY } from '../../../src/p2p/peerScores.ts';
import { BanList, createBanGater } from '../../../src/p2p/banList.ts';
import { RateLimiter } from '../../../src/p2p/blockServer.ts';
import { classifyBlockError, classifyTxError } from '../../../src/p2p/verdicts.ts';
import { BlockError, TxError, RuleError } from '../../../src/chain/chainError.ts';
import { StoreError } from '../../../src/node/store/storeError.ts';

describe('PeerScoreBook', () => {
  it('adds penalties and decays them by half each half-life', () => {
    let t = 0;
    const book = new PeerScoreBook({ halfLifeMs: 1000, now: () => t });
    expect(book.penalize('p', 'invalid_block')).toBe(OFFENCE_PENALTY.invalid_block);
    t = 1000;
    expect(book.get('p')).toBeCloseTo(OFFENCE_PENALTY.invalid_block / 2);
    book.penalize('p', 'invalid_block');
    expect(book.get('p')).toBeCloseTo(OFFENCE_PENALTY.invalid_block * 1.5);
    t = 100_000;
    expect(book.get('p')).toBe(0);
  });
});

describe('BanList', () => {
  it('expires bans and refuses banned peers through the gater', async () => {
    let t = 0;
    const bans = new BanList(() => t);
    const peer = peerIdFromPrivateKey(await generateKeyPair('Ed25519'));
    const gater = createBanGater(bans);
    bans.ban(peer.toString(), 1000, 'test');
    expect(await gater.denyDialPeer!(peer)).toBe(true);
    expect(bans.list()).toHaveLength(1);
    t = 1001;
    expect(await gater.denyDialPeer!(peer)).toBe(false);
    expect(bans.list()).toHaveLength(0);
  });

  it('keeps the longer of two bans', () => {
    const bans = new BanList(() => 0);
    bans.ban('p', 5000, 'long');
    bans.ban('p', 10, 'short');
    expect(bans.list()[0]!.reason).toBe('long');
  });
});

describe('RateLimiter', () => {
  it('refills at its rate up to its burst', () => {
    let t = 0;
    const rl = new RateLimiter(100, 200, () => t);
    expect(rl.take('p', 200)).toBe(true);
    expect(rl.take('p', 1)).toBe(false);
    t = 500;
    expect(rl.take('p', 50)).toBe(true);
    expect(rl.take('p', 1)).toBe(false);
    expect(rl.take('q', 64)).toBe(true);
  });
});

describe('verdicts', () => {
  it('holds only provably bad blocks against a peer', () => {
    expect(classifyBlockError(new BlockError('BAD_POW', ''))).toBe('invalid');
    expect(classifyBlockError(new BlockError('BAD_STATE_ROOT', ''))).toBe('invalid');
    expect(classifyBlockError(new BlockError('UNKNOWN_PARENT', ''))).toBe('unknown_parent');
    expect(classifyBlockError(new BlockError('TIME_TOO_NEW', ''))).toBe('not_yet');
    expect(classifyBlockError(new BlockError('KNOWN_INVALID', ''))).toBe('known_invalid');
    expect(classifyBlockError(new StoreError('CORRUPT', ''))).toBe('local');
    expect(classifyBlockError(new Error('bug'))).toBe('local');
  });

  it('rejects malformed or forged transactions and ignores state-dependent refusals', () => {
    expect(classifyTxError(new TxError('BAD_SIGNATURE', ''))).toBe('invalid');
    expect(classifyTxError(new TxError('MALFORMED', ''))).toBe('invalid');
    expect(classifyTxError(new TxError('NONCE_TOO_LOW', ''))).toBe('ignore');
    expect(classifyTxError(new TxError('ALREADY_KNOWN', ''))).toBe('ignore');
    expect(classifyTxError(new RuleError('UNKNOWN_LISTING', ''))).toBe('ignore');
    expect(classifyTxError(new StoreError('CORRUPT', ''))).toBe('local');
    expect(classifyTxError(new Error('bug'))).toBe('local');
  });
});
