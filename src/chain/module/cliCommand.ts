import type { Payload } from '../types.ts';

/**
 * How a module declares its command-line commands. The command line (bin/tesnode.ts)
 * builds them with commander from these declarations, adds the common options, and
 * runs them with a CliContext that does the I/O (RPC calls, signing, printing), so a
 * module's commands stay free of networking, files and wallets.
 */

/** One option of a command. */
export interface CliOption {
  /** Commander flags, e.g. '--listing <id>' or '--reject'. */
  readonly flags: string;
  readonly help: string;
  /** Marked "(required)" in --help and checked before anything runs. */
  readonly required?: boolean;
  readonly defaultValue?: string;
  readonly choices?: readonly string[];
}

/** A command of a module, e.g. `tesnode market pick`. */
export interface CliCommand {
  /** Words after `tesnode` with positional arguments, e.g. 'market pick' or 'credit show <nameOrAddress>'. */
  readonly path: string;
  readonly summary: string;
  readonly options?: readonly CliOption[];
  /**
   * The command signs and sends a transaction: it gets --from (required), --fee,
   * --no-wait and --password-file.
   */
  readonly sends?: boolean;
  /** Runs the command: positional arguments in order, then the parsed options. */
  readonly run: (cli: CliContext, args: readonly string[], opts: Readonly<Record<string, string | boolean | undefined>>) => Promise<void>;
}

/** What a sent transaction became. */
export interface SentTx {
  readonly hash: string;
  readonly status: 'pending' | 'included' | 'failed';
  readonly blockHeight?: number;
  readonly index?: number;
  readonly error?: string;
  readonly message?: string;
  /** The operation's result from the receipt (ids it created, amounts), in JSON form. */
  readonly result: Readonly<Record<string, unknown>>;
  readonly events: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/**
 * Key under which a `describe` result (see CliContext.send) may carry the lines a person
 * reads instead of its plain `key: value` fields; being a symbol, it never shows in --json.
 */
export const HUMAN_TEXT: unique symbol = Symbol('humanText');

/** The I/O a command may do; the command line provides it. */
export interface CliContext {
  /** Calls a JSON-RPC method of the node given by --rpc. */
  rpc<T = any>(method: string, params?: Record<string, unknown>): Promise<T>;
  /**
   * Signs `kind` with the wallet of --from and sends it; waits for its block unless
   * --no-wait; prints the outcome (with `describe`'s extra fields, or its HUMAN_TEXT
   * lines for people) and sets a failing exit code when it failed in its block.
   */
  send(kind: string, payload: Payload, describe?: (r: SentTx) => Promise<Record<string, unknown>>): Promise<SentTx>;
  /** A wallet name of the keystore, or a tes1… address, as an address. */
  resolveAddress(nameOrAddress: string): Promise<string>;
  /** The address of the --from wallet. */
  fromAddress(): Promise<string>;
  /** The keystore's name for an address, if it has one (to say "buyer bea" rather than tes1…). */
  walletName(address: string): Promise<string | undefined>;
  /** Reads a file the user named, at most `maxBytes`. */
  readFile(path: string, maxBytes: number, flag: string): Promise<Uint8Array>;
  /** Prints JSON with --json, else the human text. */
  emit(data: unknown, human: () => string): void;
  /** A line for people beside the output (stderr), e.g. the times of a period whose number goes to stdout. */
  note(text: string): void;
  /** A progress line, rewritten in place on a terminal (nothing elsewhere); null clears it. */
  progress(text: string | null): void;
  /** Waits `ms` milliseconds (commands that poll the node). */
  sleep(ms: number): Promise<void>;
  /** An error the command line reports as is (code and a message naming the fix). */
  error(code: string, message: string): Error;
}
