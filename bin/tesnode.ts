#!/bin/sh
":" //; f="$0"; while [ -L "$f" ]; do l="$(readlink "$f")"; case "$l" in /*) f="$l";; *) f="$(dirname "$f")/$l";; esac; done; n="$(dirname "$f")/../node_modules/.bin/node"; [ -x "$n" ] || n=node; export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE-${TMPDIR:-/tmp}/node-compile-cache}"; exec "$n" "$f" "$@"
// tesnode's command line: commander wiring only (parse, call, print). The work is in src/cli.
//
// The first two lines are read by sh when this file is run as a program (`tesnode` on
// PATH through `npm link` or a symlink, or `npx tesnode`): they follow the symlinks to
// this file and run it with the Node the project pins (node_modules/.bin/node, Node 24;
// the `node` on PATH if there is none), whatever `node` the system has, keeping compiled
// code in Node's compile cache. For Node they are a hashbang and a comment.
//
// Fast start: nothing but commander is imported up front. Every action imports its
// command's code when it runs (`await import(...)` inside the action), and module
// command groups load only when named (src/cli/moduleCommands.ts), so `--help`,
// `--version` and `wallet list` never load the chain, the market or the network.
// A new command follows the same pattern: declare it here, import its code in its action.
import { enableCompileCache } from 'node:module';
import type { Command as CommandType } from 'commander';

enableCompileCache?.();
const { Command, InvalidArgumentError, Option } = await import('commander');
const { DEFAULT_KEYSTORE, DEFAULT_RPC_URL: DEFAULT_RPC } = await import('../src/node/defaults.ts');
const { reportError } = await import('../src/cli/output.ts');
const { addModuleCommands } = await import('../src/cli/moduleCommands.ts');
const { REGISTRY } = await import('../src/node/registry.ts');

const VERSION = '0.1.0';

function intArg(min: number, max: number, unit = '') {
  const range = `a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`;
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected ${range}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${range}`);
    return n;
  };
}

/** Help text of an option that must be given: marked the way module commands mark theirs. */
const required = (help: string): string => `${help} (required)`;

const program = new Command()
  .name('tesnode')
  .description('A blockchain node for a distributed electricity market: listed trading, automatic settlement, credit-weighted proof-of-work.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

program
  .command('start')
  .description('run a node: keeps the chain in --datadir, serves JSON-RPC, mines with --mine')
  .option('--datadir <dir>', 'data directory (default ~/.tesnode/data, or ~/.tesnode/dev with --dev)')
  .option('--dev', 'run a one-node dev chain that mines at once (creates the dev and authority wallets, with the empty password, and a dev genesis on first use)')
  .option('--mine', 'mine blocks (implied by --dev)')
  .option('--no-mine', 'do not mine, even with --dev')
  .option('--miner <name>', 'wallet that signs mined blocks and receives rewards (default with --dev: dev)')
  .option('--mine-hashrate <hps>', 'cap the miner at this many hashes per second (default with --dev: 20000)', intArg(1, 1e9, 'hashes per second'))
  .option('--keystore <dir>', 'wallet keystore directory', DEFAULT_KEYSTORE)
  .option('--password-file <file>', 'file holding the miner wallet password (else TESNODE_PASSWORD, else a prompt)')
  .option('--rpc-host <host>', 'address the JSON-RPC server binds to', '127.0.0.1')
  .option('--rpc-port <port>', 'JSON-RPC port (0 picks a free one)', intArg(0, 65535), 8645)
  .option('--no-p2p', 'run without networking')
  .option('--p2p-host <host>', 'address p2p listens on (default 0.0.0.0, or 127.0.0.1 with --dev)')
  .option('--p2p-port <port>', 'p2p TCP port (0 picks a free one)', intArg(0, 65535), 8646)
  .option('--peers <multiaddr...>', 'peers to dial, e.g. /ip4/10.0.0.2/tcp/8646/p2p/12D3… (also: "bootstrap" in the data directory\'s config.json)')
  .addOption(new Option('--log-level <level>', 'log detail').choices(['debug', 'info', 'warn']).default('info'))
  .option('--log-json', 'write logs as JSON lines (to stderr)')
  .option('--check-blocks <n>', 'read back the last N blocks (and undo them against the state) before starting; 0 skips it (default 288)', intArg(0, 1e9))
  .option('--json', 'print the start-up summary as JSON on stdout')
  .action(async (opts) => (await import('../src/cli/nodeCommands.ts')).startCommand(opts));

program
  .command('init')
  .description('prepare a data directory for a network from its genesis file')
  .option('--datadir <dir>', 'data directory (default ~/.tesnode/data)')
  .option('--genesis <file>', required('the network\'s genesis.json'))
  .option('--json', 'print JSON')
  .action(async (opts) => (await import('../src/cli/nodeCommands.ts')).initCommand(opts));

const storeCommand = (name: string, description: string) =>
  program
    .command(name)
    .description(description)
    .option('--datadir <dir>', 'data directory (default ~/.tesnode/data)')
    .option('--dev', "the dev chain's data directory")
    .option('--json', 'print JSON');
storeCommand('verify-state', 'recompute the head state root from every stored state entry and compare, and read back the block store (node must be stopped)').action(async (opts) => (await import('../src/cli/nodeCommands.ts')).verifyStateCommand(opts));
storeCommand('verify-store', 'read back every block, index, undo record, receipt and state entry and list what is damaged (node must be stopped; docs/storage.md)').action(async (opts) => (await import('../src/cli/nodeCommands.ts')).verifyStoreCommand(opts));
storeCommand('repair', 'repair a damaged store: roll back to the last intact block, or rebuild indexes and state from blocks (node must be stopped)')
  .option('--dry-run', 'only say what would be done')
  .action(async (opts) => (await import('../src/cli/nodeCommands.ts')).repairCommand(opts));

const wallet = program.command('wallet').description('keys in an encrypted keystore (scrypt + AES-256-GCM), balances and transfers');
const walletOpts = (c: CommandType) =>
  c
    .option('--keystore <dir>', 'keystore directory', DEFAULT_KEYSTORE)
    .option('--password-file <file>', 'file holding the wallet password (else TESNODE_PASSWORD, else a prompt; dev and authority of a dev chain: empty)')
    .option('--rpc <url>', 'node JSON-RPC URL ($TESNODE_RPC sets the default)', DEFAULT_RPC)
    .option('--json', 'print JSON');

walletOpts(wallet.command('new <name>').description('create a key and store it encrypted')).action(async (name, opts) => (await import('../src/cli/walletCommands.ts')).walletNew(name, opts));
walletOpts(wallet.command('list').description('list wallets in the keystore')).action(async (opts) => (await import('../src/cli/walletCommands.ts')).walletList(opts));
walletOpts(wallet.command('address <name>').description('print a wallet\'s address')).action(async (name, opts) => (await import('../src/cli/walletCommands.ts')).walletAddress(name, opts));
walletOpts(wallet.command('balance <nameOrAddress>').description('balance and nonce of a wallet or address')).action(async (who, opts) => (await import('../src/cli/walletCommands.ts')).walletBalance(who, opts));
walletOpts(
  wallet
    .command('send')
    .description('send TES; waits until the transfer is in a block unless --no-wait')
    .requiredOption('--from <name>', required('wallet that signs and pays'))
    .requiredOption('--to <nameOrAddress>', required('recipient address (tes1…) or wallet name'))
    .requiredOption('--amount <tes>', required('amount in TES, more than 0, up to six decimals (e.g. 1.5)'))
    .option('--fee <utes>', 'fee in µTES (default: the chain\'s minimum)')
    .option('--no-wait', 'return once the node accepted the transaction'),
).action(async (opts) => (await import('../src/cli/walletSend.ts')).walletSend(opts));

program
  .command('devnet')
  .description('start several real nodes on 127.0.0.1 sharing a dev genesis, connected to each other; Ctrl-C stops them all')
  .option('--nodes <n>', 'how many nodes', intArg(1, 32), 4)
  .option('--miners <m>', 'how many of them mine', intArg(0, 32), 2)
  .option('--dir <dir>', 'folder for the keystore and data directories (default ~/.tesnode/devnet, reused)')
  .option('--mine-hashrate <hps>', 'hash-rate cap of each miner', intArg(1, 1e9, 'hashes per second'), 10_000)
  .addOption(new Option('--log-level <level>', 'log detail').choices(['debug', 'info', 'warn']).default('info'))
  .option('--json', 'print the nodes as JSON')
  .action(async (opts) => (await import('../src/cli/devnetCommand.ts')).devnetCommand(opts));

program
  .command('peers')
  .description("a running node's p2p addresses, peers (height, score) and bans")
  .option('--rpc <url>', 'node JSON-RPC URL ($TESNODE_RPC sets the default)', DEFAULT_RPC)
  .option('--json', 'print JSON')
  .action(async (opts) => (await import('../src/cli/nodeCommands.ts')).peersCommand(opts));

await addModuleCommands(program, REGISTRY, process.argv, { rpc: DEFAULT_RPC, keystore: DEFAULT_KEYSTORE });

const json = process.argv.includes('--json');
try {
  await program.parseAsync(process.argv);
} catch (err) {
  reportError(err, json);
}
