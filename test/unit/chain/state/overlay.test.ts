import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Overlay } from '../../../../src/chain/state/overlay.ts';
import { MemoryState } from '../../../../src/chain/state/stateReader.ts';

const SEED = 0x0e1;
const b = (...xs: number[]) => Uint8Array.from(xs);
const hex = (v: Uint8Array | null | undefined) => (v ? Buffer.from(v).toString('hex') : v);

function base(): MemoryState {
  return new MemoryState([
    ['a', b(1)],
    ['b', b(2)],
    ['c', b(3)],
  ]);
}

describe('Overlay', () => {
  it('reads through to the base and shadows it with its own writes and deletes', () => {
    const s = base();
    const o = new Overlay(s);
    o.set('a', b(9));
    o.delete('b');
    o.set('d', b(4));
    expect(hex(o.get('a'))).toBe('09');
    expect(o.get('b')).toBeUndefined();
    expect(hex(o.get('c'))).toBe('03');
    expect(hex(o.get('d'))).toBe('04');
    // The base is never written.
    expect(hex(s.get('a'))).toBe('01');
    expect(hex(s.get('b'))).toBe('02');
    expect(s.get('d')).toBeUndefined();
  });

  it('revert drops every write since the checkpoint and keeps the earlier ones', () => {
    const o = new Overlay(base());
    o.set('a', b(10)); // before: stays
    const cp = o.checkpoint();
    o.set('a', b(11));
    o.delete('c');
    o.set('e', b(5));
    o.revert(cp);
    expect(hex(o.get('a'))).toBe('0a');
    expect(hex(o.get('c'))).toBe('03');
    expect(o.get('e')).toBeUndefined();
    expect(o.diff().map((d) => d.key)).toEqual(['a']);
  });

  it('nested checkpoints revert in order', () => {
    const o = new Overlay(base());
    const outer = o.checkpoint();
    o.set('x', b(1));
    const inner = o.checkpoint();
    o.set('x', b(2));
    o.delete('a');
    o.revert(inner);
    expect(hex(o.get('x'))).toBe('01');
    expect(hex(o.get('a'))).toBe('01');
    o.revert(outer);
    expect(o.get('x')).toBeUndefined();
    expect(o.diff()).toEqual([]);
  });

  it('diff lists changed keys in sorted order with the new and the previous value', () => {
    const o = new Overlay(base());
    o.set('z', b(26));
    o.delete('b');
    o.set('a', b(7));
    expect(o.diff().map((d) => [d.key, hex(d.value), hex(d.prev)])).toEqual([
      ['a', '07', '01'],
      ['b', null, '02'],
      ['z', '1a', null],
    ]);
  });

  it('diff omits writes that restore the base: same bytes, delete of a missing key, create-then-delete', () => {
    const o = new Overlay(base());
    o.set('a', b(9));
    o.set('a', b(1)); // back to the base value (a new array with equal bytes)
    o.delete('nope'); // missing in the base
    o.set('tmp', b(1));
    o.delete('tmp'); // created and deleted
    o.delete('c');
    o.set('c', b(3)); // deleted and restored
    expect(o.diff()).toEqual([]);
  });

  it('matches a plain map model over any sequence of sets, deletes, checkpoints and reverts', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const op = fc.oneof(
      fc.record({ t: fc.constant('set' as const), k: fc.constantFrom(...keys), v: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ t: fc.constant('del' as const), k: fc.constantFrom(...keys) }),
      fc.record({ t: fc.constant('cp' as const) }),
      fc.record({ t: fc.constant('revert' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = base();
        const o = new Overlay(s);
        let model = new Map<string, number>([['a', 1], ['b', 2], ['c', 3]]);
        const stack: Array<{ cp: number; model: Map<string, number> }> = [];
        for (const x of ops) {
          if (x.t === 'set') {
            o.set(x.k, b(x.v));
            model.set(x.k, x.v);
          } else if (x.t === 'del') {
            o.delete(x.k);
            model.delete(x.k);
          } else if (x.t === 'cp') {
            stack.push({ cp: o.checkpoint(), model: new Map(model) });
          } else {
            const top = stack.pop();
            if (top) {
              o.revert(top.cp);
              model = top.model;
            }
          }
        }
        for (const k of keys) expect(hex(o.get(k)), k).toBe(model.has(k) ? hex(b(model.get(k)!)) : undefined);
        // Applying the diff to the base gives the model; the diff holds only true changes.
        const after = new MemoryState(s.map);
        after.applyWrites(o.diff().map((d) => [d.key, d.value] as const));
        expect([...after.map].map(([k, v]) => [k, v[0]]).sort()).toEqual([...model].sort());
        for (const d of o.diff()) expect(hex(d.value)).not.toBe(hex(s.get(d.key) ?? null));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
