/**
 * The command line's own messages: what the user typed comes back in the user's unit,
 * with the way out (the most that can be sent, the flag that frees a port).
 */
import { describe, expect, it } from 'vitest';
import { requireFunds } from '../../../src/cli/walletSend.ts';
import { explainStartFailure } from '../../../src/cli/startFailure.ts';

describe('insufficient funds, in TES, with the most that can be sent', () => {
  it('names the balance, the fee and the most', () => {
    expect(() => requireFunds('alice', 12_500_000n, 13_000_000n, 100n)).toThrow(
      "insufficient funds: 'alice' holds 12.5 TES and sending 13 TES costs a fee of 0.0001 TES on top; the most it can send is 12.4999 TES",
    );
  });
  it('exactly amount + fee is enough', () => {
    expect(() => requireFunds('alice', 12_500_100n, 12_500_000n, 100n)).not.toThrow();
  });
  it('a balance below the fee cannot send at all', () => {
    expect(() => requireFunds('alice', 50n, 1n, 100n)).toThrow(/cannot even pay the fee of 0.0001 TES/);
  });
});

describe('a port in use names the flag', () => {
  const o = { rpcHost: '127.0.0.1', rpcPort: 8645, p2p: true, p2pHost: '127.0.0.1', p2pPort: 8646 };
  it('p2p: --p2p-port or --no-p2p, whatever libp2p wraps the error in', () => {
    const inner = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8646'), { code: 'EADDRINUSE' });
    const wrapped = new AggregateError([inner], 'Some configured addresses failed to be listened on');
    const e = explainStartFailure(wrapped, o) as Error & { code: string };
    expect(e.code).toBe('P2P_PORT_IN_USE');
    expect(e.message).toMatch(/127\.0\.0\.1:8646 is in use/);
    expect(e.message).toMatch(/--p2p-port PORT/);
    expect(e.message).toMatch(/--no-p2p/);
  });
  it('RPC: --rpc-port', () => {
    const err = new Error('cannot serve RPC on 127.0.0.1:8645: the port is in use (another tesnode?); pick another port', { cause: Object.assign(new Error('x'), { code: 'EADDRINUSE' }) });
    const e = explainStartFailure(err, o) as Error & { code: string };
    expect(e.code).toBe('RPC_PORT_IN_USE');
    expect(e.message).toMatch(/--rpc-port PORT/);
  });
  it('anything else passes through', () => {
    const err = new Error('disk full');
    expect(explainStartFailure(err, o)).toBe(err);
  });
});
