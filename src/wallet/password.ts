/**
 * Where the CLI gets a wallet password from, in order: `--password-file FILE`, the
 * TESNODE_PASSWORD environment variable, then an interactive prompt with echo off.
 * One exception, the dev-wallet rule: the `dev` and `authority` wallets that
 * `tesnode start --dev` creates have the empty password, whatever TESNODE_PASSWORD says
 * (src/cli/unlock.ts applies it), so one TESNODE_PASSWORD serves the user's own wallets.
 */
import { readFile, stat } from 'node:fs/promises';
import { WalletError } from './walletError.ts';

/** Environment variable consulted when no --password-file is given. */
export const PASSWORD_ENV = 'TESNODE_PASSWORD';

/** The wallets a dev chain creates; they always have the empty password. */
export const DEV_WALLET_NAMES: readonly string[] = ['dev', 'authority'];

/** The dev-wallet rule, for messages and help. */
export const DEV_WALLET_RULE = 'the dev and authority wallets that `tesnode start --dev` creates have the empty password';

/** Password files larger than this are refused: it is surely the wrong file. */
export const MAX_PASSWORD_FILE_BYTES = 64 * 1024;

// CSI (ESC [ … final), SS3 (ESC O x) or a lone ESC + one char.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/g;

/** Options for {@link resolvePassword}. */
export interface ResolvePasswordOptions {
  /** Path given with --password-file; read, with one trailing newline removed. */
  passwordFile?: string;
  /** Environment to read TESNODE_PASSWORD from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether prompting is allowed at all (default true); false for scripts. */
  prompt?: boolean;
  /** When prompting, ask twice and require both to match (for new wallets). */
  confirm?: boolean;
  /** Prompt text; default "Password: ". */
  promptText?: string;
  /** The wallet the password is for, named in messages. */
  wallet?: string;
  /**
   * Reads one line without echo. Defaults to the terminal on stdin (only when stdin
   * is a TTY); tests and GUIs can supply their own.
   */
  ask?: (promptText: string) => Promise<string>;
}

/**
 * Find the wallet password: --password-file, then TESNODE_PASSWORD (an empty value
 * counts as unset), then a prompt. Throws WalletError PASSWORD_FILE (file unreadable),
 * EMPTY_PASSWORD, PASSWORD_MISMATCH, CANCELLED or NO_PASSWORD (no source available; when
 * TESNODE_PASSWORD is set but empty, the message says so and what to do instead).
 */
export async function resolvePassword(opts: ResolvePasswordOptions = {}): Promise<string> {
  if (opts.passwordFile !== undefined) return readPasswordFile(opts.passwordFile);

  const fromEnv = (opts.env ?? process.env)[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;

  const ask = opts.prompt === false ? undefined : (opts.ask ?? (process.stdin.isTTY ? readHiddenLine : undefined));
  if (ask === undefined) throw noPassword(fromEnv === '', opts.wallet, opts.confirm === true);
  const first = await ask(opts.promptText ?? 'Password: ');
  if (first === '') throw new WalletError('EMPTY_PASSWORD', 'the password must not be empty: type one, or cancel with Ctrl-C');
  if (opts.confirm === true) {
    const second = await ask('Repeat password: ');
    if (second !== first) throw new WalletError('PASSWORD_MISMATCH', 'the two passwords did not match: run the command again and type the same password twice');
  }
  return first;
}

function noPassword(emptyEnv: boolean, wallet: string | undefined, isNew: boolean): WalletError {
  const which = wallet === undefined ? 'the wallet' : `wallet '${wallet}'`;
  if (emptyEnv) {
    const need = isNew ? `a new wallet needs a password` : `${which} has a password`;
    return new WalletError(
      'NO_PASSWORD',
      `${PASSWORD_ENV} is set but empty, and ${need} (only ${DEV_WALLET_RULE}): set ${PASSWORD_ENV} to ${isNew ? 'the password you choose' : 'its password'}, or pass --password-file FILE`,
    );
  }
  return new WalletError(
    'NO_PASSWORD',
    `no password given for ${which}: pass --password-file FILE, set ${PASSWORD_ENV}, or run in an interactive terminal to be prompted`,
  );
}

/** Read a password file, removing exactly one trailing "\n" or "\r\n". */
export async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    // Pipes and /dev/fd paths (e.g. `--password-file <(pass show x)`) report size 0
    // and are read as a stream; only regular files can be size-checked up front.
    const info = await stat(file);
    if (info.isDirectory()) throw new WalletError('PASSWORD_FILE', `password file ${file} is a directory: pass the path of a file`);
    if (info.isFile() && info.size > MAX_PASSWORD_FILE_BYTES) {
      throw new WalletError('PASSWORD_FILE', `password file ${file} is ${info.size} bytes, too large to be a password: check the path`);
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof WalletError) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') {
      throw new WalletError('PASSWORD_FILE', `password file ${file} not found: create it or fix the --password-file path`, { cause: err });
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new WalletError('PASSWORD_FILE', `cannot read password file ${file}: ${detail}`, { cause: err });
  }
  const password = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (password === '') throw new WalletError('EMPTY_PASSWORD', `password file ${file} is empty: put the password on its first line`);
  return password;
}

/**
 * Prompt on stderr (so stdout stays clean for --json) and read one line from the
 * stdin TTY in raw mode, so nothing is echoed. Ctrl-C or Ctrl-D on an empty line
 * throws WalletError CANCELLED.
 */
export function readHiddenLine(promptText: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw;
    let value = '';
    const finish = (err?: WalletError): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      // Arrow keys and the like arrive as escape sequences; drop them whole.
      for (const ch of chunk.replace(ESCAPE_SEQUENCE, '')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new WalletError('CANCELLED', 'password entry cancelled'));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch === '\u0015') value = ''; // Ctrl-U clears the line, as in a shell
        else if (ch >= ' ') value += ch;
      }
    };
    output.write(promptText);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
