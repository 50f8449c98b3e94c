import { describe, expect, it } from 'vitest';
import { decodeHashRequest, decodeRangeRequest, decodeStatus, decodeTxBatch, encodeHashRequest, encodeRangeRequest, encodeStatus, encodeTxBatch, txBatchOverhead } from '../../../src/p2p/wire.ts';
import { encode } from '../../../src/chain/codec.ts';

describe('wire encodings', () => {
  it('round-trips a status, with work beyond 2^64', () => {
    const s = { chainId: 'devnet', genesisHash: new Uint8Array(32).fill(1), headHash: new Uint8Array(32).fill(2), height: 12345, cumulativeWork: 2n ** 100n + 7n };
    expect(decodeStatus(encodeStatus(s), 'BAD_RESPONSE')).toEqual(s);
  });

  it('refuses a malformed status with the given code', () => {
    expect(() => decodeStatus(encode(['devnet', new Uint8Array(31)]), 'BAD_REQUEST')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeStatus(new Uint8Array(600), 'BAD_RESPONSE')).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
  });

  it('caps the count of a range request', () => {
    expect(decodeRangeRequest(encodeRangeRequest({ from: 10, count: 64 }), 64)).toEqual({ from: 10, count: 64 });
    expect(() => decodeRangeRequest(encodeRangeRequest({ from: 10, count: 65 }), 64)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeRangeRequest(encodeRangeRequest({ from: 10, count: 0 }), 64)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('caps the hashes of a hash request and checks their length', () => {
    const hashes = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    expect(decodeHashRequest(encodeHashRequest(hashes), 32)).toEqual(hashes);
    expect(() => decodeHashRequest(encodeHashRequest(Array.from({ length: 33 }, () => new Uint8Array(32))), 32)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeHashRequest(encodeHashRequest([new Uint8Array(31)]), 32)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeHashRequest(encodeHashRequest([]), 32)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('round-trips a transaction batch and refuses oversized or non-canonical ones', () => {
    const txs = [new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(9)];
    const batch = encodeTxBatch(txs);
    expect(decodeTxBatch(batch, 1024, 10)).toEqual(txs);
    expect(batch.length).toBeLessThanOrEqual(3 + 300 + txBatchOverhead(2));
    expect(() => decodeTxBatch(batch, 100, 10)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeTxBatch(batch, 1024, 1)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeTxBatch(encode(['not bytes']), 1024, 10)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decodeTxBatch(new Uint8Array([0xc1]), 1024, 10)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
