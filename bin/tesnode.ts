#!/usr/bin/env node
// tesnode's command line: commander wiring only (parse, call, print). The work is in src/cli.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_KEYSTORE } from '../src/node/datadir.ts';
import { reportError } from '../src/cli/output.ts';
import { initCommand, peersCommand, startCommand, verifyStateCommand } from '../src/cli/nodeCommands.ts';
import { devnetCommand } from '../src/cli/devnetCommand.ts';
import { walletAddress, walletBalance, walletList, walletNew, walletSend } from '../src/cli/walletCommands.ts';
import * as market from '../src/cli/marketCommands.ts';
import * as credit from '../src/cli/creditCommands.ts';

const DEFAULT_RPC = 'http://127.0.0.1:8645';

function intArg(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

const program = new Command()
  .name('tesnode')
  .description('A blockchain node for a distributed electricity market: listed trading, automatic settlement, credit-weighted proof-of-work.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

program
  .command('start')
  .description('run a node: keeps the chain in --datadir, serves JSON-RPC, mines with --mine')
  .option('--datadir <dir>', 'data directory (default ~/.tesnode/data, or ~/.tesnode/dev with --dev)')
  .option('--dev', 'run a one-node dev chain that mines at once (creates dev and authority wallets and a dev genesis on first use)')
  .option('--mine', 'mine blocks (implied by --dev)')
  .option('--no-mine', 'do not mine, even with --dev')
  .option('--miner <name>', 'wallet that signs mined blocks and receives rewards (default with --dev: dev)')
  .option('--mine-hashrate <hps>', 'cap the miner at this many hashes per second (default with --dev: 20000)', intArg(1, 1e9))
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
  .option('--json', 'print the start-up summary as JSON on stdout')
  .action((opts) => startCommand(opts));

program
  .command('init')
  .description('prepare a data directory for a network from its genesis file')
  .option('--datadir <dir>', 'data directory (default ~/.tesnode/data)')
  .option('--genesis <file>', 'the network\'s genesis.json')
  .option('--json', 'print JSON')
  .action((opts) => initCommand(opts));

program
  .command('verify-state')
  .description('recompute the head state root from every stored state entry and compare (node must be stopped)')
  .option('--datadir <dir>', 'data directory (default ~/.tesnode/data)')
  .option('--dev', 'check the dev chain\'s data directory')
  .option('--json', 'print JSON')
  .action((opts) => verifyStateCommand(opts));

const wallet = program.command('wallet').description('keys in an encrypted keystore (scrypt + AES-256-GCM), balances and transfers');
const walletOpts = (c: Command) =>
  c
    .option('--keystore <dir>', 'keystore directory', DEFAULT_KEYSTORE)
    .option('--password-file <file>', 'file holding the wallet password (else TESNODE_PASSWORD, else a prompt)')
    .option('--rpc <url>', 'node JSON-RPC URL', DEFAULT_RPC)
    .option('--json', 'print JSON');

walletOpts(wallet.command('new <name>').description('create a key and store it encrypted')).action((name, opts) => walletNew(name, opts));
walletOpts(wallet.command('list').description('list wallets in the keystore')).action((opts) => walletList(opts));
walletOpts(wallet.command('address <name>').description('print a wallet\'s address')).action((name, opts) => walletAddress(name, opts));
walletOpts(wallet.command('balance <nameOrAddress>').description('balance and nonce of a wallet or address')).action((who, opts) => walletBalance(who, opts));
walletOpts(
  wallet
    .command('send')
    .description('send TES; waits until the transfer is in a block unless --no-wait')
    .requiredOption('--from <name>', 'wallet that signs and pays')
    .requiredOption('--to <nameOrAddress>', 'recipient address (tes1…) or wallet name')
    .requiredOption('--amount <tes>', 'amount in TES, up to six decimals (e.g. 1.5)')
    .option('--fee <utes>', 'fee in µTES (default: the chain\'s minimum)')
    .option('--no-wait', 'return once the node accepted the transaction'),
).action((opts) => walletSend(opts));

program
  .command('devnet')
  .description('start several real nodes on 127.0.0.1 sharing a dev genesis, connected to each other; Ctrl-C stops them all')
  .option('--nodes <n>', 'how many nodes', intArg(1, 32), 4)
  .option('--miners <m>', 'how many of them mine', intArg(0, 32), 2)
  .option('--dir <dir>', 'folder for the keystore and data directories (default ~/.tesnode/devnet, reused)')
  .option('--mine-hashrate <hps>', 'hash-rate cap of each miner', intArg(1, 1e9), 10_000)
  .addOption(new Option('--log-level <level>', 'log detail').choices(['debug', 'info', 'warn']).default('info'))
  .option('--json', 'print the nodes as JSON')
  .action((opts) => devnetCommand(opts));

program
  .command('peers')
  .description("a running node's p2p addresses, peers (height, score) and bans")
  .option('--rpc <url>', 'node JSON-RPC URL', DEFAULT_RPC)
  .option('--json', 'print JSON')
  .action((opts) => peersCommand(opts));

const marketCmd = program
  .command('market')
  .description('the listed-trading market: register, bond, list, pick, dispatch, meter, settle, rate (see docs/market.md)');
const marketRead = (c: Command) =>
  c
    .option('--rpc <url>', 'node JSON-RPC URL', DEFAULT_RPC)
    .option('--keystore <dir>', 'keystore directory (to resolve wallet names)', DEFAULT_KEYSTORE)
    .option('--json', 'print JSON');
const marketTx = (c: Command) =>
  marketRead(c)
    .requiredOption('--from <name>', 'wallet that signs the transaction')
    .option('--password-file <file>', 'file holding the wallet password (else TESNODE_PASSWORD, else a prompt)')
    .option('--fee <utes>', "fee in µTES (default: the chain's minimum)")
    .option('--no-wait', 'return once the node accepted the transaction, without waiting for its block');

marketRead(marketCmd.command('status').description('current period, the next period open for trading and its gate closure, regions, reserve')).action((o) => market.marketStatus(o));
marketRead(marketCmd.command('participant <nameOrAddress>').description('role, status, bond and credit of a participant')).action((w, o) => market.marketParticipant(w, o));
marketTx(
  marketCmd
    .command('register')
    .description('apply for a role; a validator reviews it (documents stay off chain: only their hash is recorded)')
    .requiredOption('--role <role>', 'seller, buyer, chargePoint or storage')
    .requiredOption('--region <region>', 'home region (see `market status`)')
    .option('--source <source>', 'sellers: energy source (solar, wind, hydro, …)')
    .option('--carbon <g>', 'sellers: carbon intensity, g CO2/kWh')
    .requiredOption('--docs <file>', 'JSON documents, one entry per kind: identity, contact, bank, license, creditReport, meterBinding'),
).action((o) => market.marketRegister(o));
marketTx(
  marketCmd
    .command('approve')
    .description('validator: approve (or --reject with --reason) an application')
    .requiredOption('--account <address>', 'the applicant (address or wallet name)')
    .option('--reject', 'reject instead of approving')
    .option('--reason <text>', 'why (required with --reject)'),
).action((o) => market.marketApprove(o));
marketTx(
  marketCmd
    .command('bond')
    .description('deposit a performance bond (or --withdraw); the amount required falls as credit rises')
    .requiredOption('--amount <tes>', 'amount in TES')
    .option('--withdraw', 'take bond back (down to what open positions require)'),
).action((o) => market.marketBond(o));
marketTx(
  marketCmd
    .command('list')
    .description('post a sell- or buy-listing for a period')
    .requiredOption('--side <side>', 'sell or buy')
    .requiredOption('--period <k>', 'delivery period (see `market status` for the next open one)')
    .requiredOption('--wh <n>', 'quantity in Wh')
    .requiredOption('--price <p>', 'price in µTES per kWh')
    .option('--region <region>', 'region (default: your registered region)')
    .option('--source <source>', 'sell-listings: energy source (default: your registered one)')
    .option('--carbon <g>', 'sell-listings: g CO2/kWh (default: your registered one)'),
).action((o) => market.marketList(o));
marketTx(marketCmd.command('cancel').description('cancel the unpicked rest of your listing').requiredOption('--listing <id>', 'listing id')).action((o) => market.marketCancel(o));
marketRead(marketCmd.command('book').description('open listings of a period').requiredOption('--period <k>', 'delivery period')).action((o) => market.marketBook(o));
marketRead(
  marketCmd
    .command('recommend')
    .description('rank listings by landed cost (price + transmission fee), credit and carbon, and propose picks')
    .requiredOption('--for <name>', 'the participant (wallet name or address)')
    .requiredOption('--period <k>', 'delivery period')
    .requiredOption('--wh <n>', 'quantity wanted in Wh')
    .option('--credit-weight <w>', 'µTES/kWh added for a counterparty at credit 0, scaled to nothing at 1000 (default 20000)')
    .option('--carbon-weight <w>', 'µTES per kg CO2: adds weight × (g CO2/kWh) / 1000 to the landed price (default 50000)'),
).action((o) => market.marketRecommend(o));
marketTx(marketCmd.command('pick').description('take (part of) a listing: a trade forms and the buyer escrows energy + transmission fee').requiredOption('--listing <id>', 'listing id').requiredOption('--wh <n>', 'quantity in Wh')).action((o) => market.marketPick(o));
marketTx(marketCmd.command('curtail').description('dispatcher: curtail a trade before its period starts').requiredOption('--trade <id>', 'trade id').requiredOption('--wh <n>', 'Wh to curtail')).action((o) => market.marketCurtail(o));
marketTx(
  marketCmd
    .command('ftr')
    .description('buy a financial transmission right on a route for a period')
    .requiredOption('--from-region <r>', 'route start')
    .requiredOption('--to-region <r>', 'route end')
    .requiredOption('--period <k>', 'delivery period')
    .requiredOption('--wh <n>', 'covered quantity in Wh')
    .requiredOption('--rate <r>', 'compensation in µTES per curtailed kWh'),
).action((o) => market.marketFtr(o));
marketTx(
  marketCmd
    .command('meter')
    .description("meter: report an account's delivered or consumed Wh for a period")
    .requiredOption('--account <address>', 'the metered participant (address or wallet name)')
    .requiredOption('--period <k>', 'delivery period')
    .requiredOption('--wh <n>', 'metered Wh'),
).action((o) => market.marketMeter(o));
marketRead(marketCmd.command('trades').description('trades of a period or an account, with their settlement').option('--period <k>', 'delivery period').option('--account <address>', 'participant (address or wallet name)')).action((o) => market.marketTrades(o));
marketTx(marketCmd.command('rate').description('rate the counterparty of a settled trade, once').requiredOption('--trade <id>', 'trade id').requiredOption('--score <s>', '1 to 5')).action((o) => market.marketRate(o));
marketTx(marketCmd.command('exit').description('leave the market (nothing may be open); the bond comes back')).action((o) => market.marketExit(o));

// Supervision (SPEC 6): anyone checks and reports; the regulator rules and expels.
marketRead(marketCmd.command('check <nameOrAddress>').description('violation indicators of an account from chain data, and the classifier verdict with its reasons')).action((w, o) => credit.marketCheck(w, o));
marketTx(marketCmd.command('report').description('file a report carrying the check result of an account (the chain reruns the check)').requiredOption('--account <address>', 'the reported account (address or wallet name)').option('--note <text>', 'what you saw')).action((o) => credit.marketReport(o));
marketRead(marketCmd.command('reports').description('filed reports').addOption(new Option('--status <status>', 'only these').choices(['open', 'confirmed', 'dismissed']))).action((o) => credit.marketReports(o));
marketTx(
  marketCmd
    .command('rule')
    .description('regulator: confirm (bond penalty and credit points) or dismiss a report')
    .requiredOption('--report <id>', 'report id')
    .option('--confirm', 'confirm the violation')
    .option('--dismiss', 'dismiss the report')
    .requiredOption('--reason <text>', 'published with the ruling'),
).action((o) => credit.marketRule(o));
marketTx(marketCmd.command('expel').description('regulator: force an account out (--ban: permanently, for its identity commitment)').requiredOption('--account <address>', 'the account').option('--ban', 'ban the identity for good').requiredOption('--reason <text>', 'published with the ruling')).action((o) => credit.marketExpel(o));
marketRead(marketCmd.command('violations').description('confirmed violations, published').option('--account <address>', 'only this account')).action((o) => credit.marketViolations(o));

const creditCmd = program.command('credit').description('credit scores (SPEC 5): rating, activity, penalties, agency score, level (see docs/credit.md)');
marketRead(creditCmd.command('show <nameOrAddress>').description('score, level, its parts and history')).action((w, o) => credit.creditShow(w, o));
marketRead(creditCmd.command('params').description('the credit rules of this chain (weights, levels, thresholds)')).action((o) => credit.creditParams(o));
marketTx(creditCmd.command('agency').description('credit agency: post an external score (once per account per cycle)').requiredOption('--account <address>', 'the scored account').requiredOption('--score <n>', '0 to 1000')).action((o) => credit.creditAgency(o));

const json = process.argv.includes('--json');
try {
  await program.parseAsync(process.argv);
} catch (err) {
  reportError(err, json);
}
