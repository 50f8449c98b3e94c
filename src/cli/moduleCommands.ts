import { Option, type Command } from 'commander';
import type { CommonOptions } from './cliContext.ts';
import type { CliCommand } from '../chain/module/cliCommand.ts';
import type { ModuleEntry } from '../node/registry.ts';

/** Where commands reach the node and the wallets unless told otherwise. */
export interface ModuleCommandDefaults {
  readonly rpc: string;
  readonly keystore: string;
}

/**
 * Adds the modules' command groups to the program. Every group is listed (with its
 * summary) for `--help`; a group's commands are loaded only when the command line names
 * that group, so `tesnode wallet list` never loads the market.
 */
export async function addModuleCommands(program: Command, registry: readonly ModuleEntry[], argv: readonly string[], defaults: ModuleCommandDefaults): Promise<void> {
  const groups = new Map<string, { summary: string; entries: ModuleEntry[] }>();
  for (const e of registry) {
    for (const [name, summary] of Object.entries(e.cli?.groups ?? {})) {
      const g = groups.get(name) ?? { summary, entries: [] };
      g.entries.push(e);
      groups.set(name, g);
    }
  }
  const wanted = argv[2];
  for (const [name, g] of groups) {
    const group = program.command(name).description(g.summary);
    if (name !== wanted) continue;
    const specs: CliCommand[] = [];
    for (const e of g.entries) specs.push(...(await e.cli!.load()).filter((c) => c.path.split(' ')[0] === name));
    for (const spec of specs) addCommand(group, spec, defaults);
  }
}

function addCommand(group: Command, spec: CliCommand, defaults: ModuleCommandDefaults): void {
  const [, ...rest] = spec.path.split(' ');
  const cmd = group.command(rest.join(' ')).description(spec.summary);
  for (const o of spec.options ?? []) {
    const opt = new Option(o.flags, o.required ? `${o.help} (required)` : o.help);
    if (o.choices) opt.choices([...o.choices]);
    if (o.defaultValue !== undefined) opt.default(o.defaultValue);
    if (o.required) opt.makeOptionMandatory();
    cmd.addOption(opt);
  }
  cmd
    .option('--rpc <url>', 'node JSON-RPC URL ($TESNODE_RPC sets the default)', defaults.rpc)
    .option('--keystore <dir>', 'keystore directory (to resolve wallet names)', defaults.keystore)
    .option('--json', 'print JSON');
  if (spec.sends) {
    cmd
      .addOption(new Option('--from <name>', 'wallet that signs the transaction (required)').makeOptionMandatory())
      .option('--password-file <file>', 'file holding the wallet password (else TESNODE_PASSWORD, else a prompt; dev and authority of a dev chain: empty)')
      .option('--fee <utes>', "fee in µTES (default: the chain's minimum)")
      .option('--no-wait', 'return once the node accepted the transaction, without waiting for its block');
  }
  cmd.action(async (...params: unknown[]) => {
    // commander passes the positional arguments, then the options, then the command.
    const args = params.slice(0, -2) as string[];
    const opts = params[params.length - 2] as Record<string, string | boolean | undefined> & CommonOptions;
    // The I/O context (RPC, wallets, signing) is loaded only when a command runs.
    const { createCliContext } = await import('./cliContext.ts');
    await spec.run(createCliContext(opts), args, opts);
  });
}
