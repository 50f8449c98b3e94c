/**
 * A new module is its folder plus one registry entry: the example of docs/modules.md
 * (test/fixtures/noteModule) gets its transaction kind decoded and applied with a typed
 * receipt, its RPC method served and its commands on the command line, with nothing else
 * changed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { createModuleSet } from '../../../../src/chain/module/moduleSet.ts';
import { decodeTx, encodeTx, signTx } from '../../../../src/chain/tx.ts';
import { REGISTRY, type ModuleEntry } from '../../../../src/node/registry.ts';
import { createRpcServer } from '../../../../src/rpc/server.ts';
import { addModuleCommands } from '../../../../src/cli/moduleCommands.ts';
import { receiptToJson } from '../../../../src/rpc/receiptJson.ts';
import { headerHash } from '../../../../src/chain/block.ts';
import { generateChain, openTestChain, createTestGenesis, TEST_FEE, type TestChain, type TestKey } from '../../../helpers/testChain.ts';
import { rpcMethodsOf } from '../../../helpers/rpcMethods.ts';
import { noteModule, NOTE_CLI } from '../../../fixtures/noteModule/module.ts';

// The one entry a module adds to src/node/registry.ts:
const NOTE_ENTRY: ModuleEntry = { name: 'note', state: async () => noteModule, cli: { groups: { note: 'short notes' }, load: async () => NOTE_CLI } };
const registry = [...REGISTRY, NOTE_ENTRY];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

async function chainWithNotes(): Promise<{ tc: TestChain; author: TestKey; tx: ReturnType<typeof signTx> }> {
  const modules = createModuleSet(await Promise.all(registry.map((e) => e.state())));
  const { genesis, keys } = createTestGenesis({ accounts: 2, modules });
  const tc = await openTestChain(genesis);
  cleanups.push(() => tc.destroy());
  const author = keys[1]!;
  const tx = signTx({ chainId: genesis.chainId, from: author.pub, nonce: 0, fee: TEST_FEE, kind: 'note.post', payload: { text: 'solar surplus at noon' } }, author.secret);
  return { tc, author, tx };
}

describe('adding a module', () => {
  it('decodes, applies and records its kind with a typed receipt, and serves its RPC method', async () => {
    const { tc, author, tx } = await chainWithNotes();
    expect(decodeTx(encodeTx(tx), tc.chain.ctx.modules)).toEqual(tx);
    const [block] = await generateChain(tc.chain, 1, () => [tx]);
    const [receipt] = (await tc.chain.store.getReceipts(headerHash(block!.header)))!;
    expect(receiptToJson(receipt!, 'note.post', tc.chain.ctx.modules)).toEqual({ status: 'ok', result: { length: 21 }, events: [{ type: 'note.posted', account: author.address, length: 21 }] });
    expect(await rpcMethodsOf(tc.chain).note_get!({ address: author.address })).toEqual({ text: 'solar surplus at noon' });
  });

  it('puts its commands on the command line, reading through its RPC method', async () => {
    const { tc, author, tx } = await chainWithNotes();
    await generateChain(tc.chain, 1, () => [tx]);
    const server = await createRpcServer({ host: '127.0.0.1', port: 0, methods: rpcMethodsOf(tc.chain), logger: { info() {}, warn() {} } });
    cleanups.push(() => server.close());
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const argv = ['node', 'tesnode', 'note', 'show', author.address, '--rpc', server.url];
    const program = new Command().exitOverride();
    await addModuleCommands(program, registry, argv, { rpc: 'http://127.0.0.1:1', keystore: '/nonexistent' });
    await program.parseAsync(argv);
    vi.restoreAllMocks();
    expect(out).toBe('solar surplus at noon\n');
    expect(program.commands.map((c) => c.name())).toEqual(expect.arrayContaining(['market', 'credit', 'note']));
  });

  it('refuses a registry where two modules declare the same kind', () => {
    expect(() => createModuleSet([noteModule, { ...noteModule, name: 'note2' }])).toThrow(/kind 'note.post' is declared by another module/);
  });
});
