/** Leveled logging to stderr, so stdout stays clean for command output and --json. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

function format(level: string, msg: string, fields?: Record<string, unknown>): string {
  const parts = [new Date().toISOString(), level.padEnd(5), msg];
  if (fields) for (const [k, v] of Object.entries(fields)) parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`);
  return parts.join(' ');
}

/** A logger writing one line per event; `json` writes JSON lines instead, for log collectors. */
export function createLogger(opts: { level?: 'debug' | 'info' | 'warn'; json?: boolean; write?: (line: string) => void } = {}): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const min = order[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: keyof typeof order, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    if (opts.json) write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
    else write(format(level.toUpperCase(), msg, fields));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger that drops everything (tests, embedded use). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
