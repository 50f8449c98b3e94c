/** Options every data-printing command takes. */
export interface OutputOptions {
  json?: boolean;
}

/** An error the CLI reports as is: the message names the problem and the fix. */
export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return value;
}

/** Prints a command's result: JSON with --json, else the human text. */
export function emit(opts: OutputOptions, data: unknown, human: string | (() => string)): void {
  if (opts.json) process.stdout.write(JSON.stringify(data, jsonReplacer, 2) + '\n');
  else process.stdout.write((typeof human === 'function' ? human() : human) + '\n');
}

/** Prints an error (JSON on stdout with --json, text on stderr) and sets a failing exit code. */
export function reportError(err: unknown, json: boolean): void {
  const e = err as { code?: unknown; message?: string; data?: { code?: string } };
  const code = typeof e.data?.code === 'string' ? e.data.code : typeof e.code === 'string' ? e.code : 'ERROR';
  const message = e.message ?? String(err);
  if (json) process.stdout.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

/** Aligns "key: value" lines for human output. */
export function table(rows: Array<[string, unknown]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${(k + ':').padEnd(width + 2)}${String(v)}`).join('\n');
}
