import cliProgress from 'cli-progress';

/** One step of a long command: a phase, how far it is, and its total (0 when unknown). */
export interface ProgressStep {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

/** Shows a long command's progress on stderr (stdout stays for the result and --json). */
export interface Progress {
  update(step: ProgressStep): void;
  stop(): void;
}

const LOG_EVERY_MS = 5_000;

/**
 * A progress bar (cli-progress) when stderr is a terminal; otherwise a log line when a
 * phase starts, then at most every 5 s, so logs stay readable.
 */
export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(title, stream) : lineProgress(title, stream);
}

function barProgress(title: string, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    { stream, format: `${title} {phase} [{bar}] {percentage}% {value}/{total} {unit}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update(s) {
      const total = s.total || Math.max(s.done, 1);
      const payload = { phase: s.phase, unit: s.phase === 'state' ? 'entries' : s.phase === 'records' ? 'keys' : 'blocks' };
      if (s.phase !== phase) {
        if (phase) bar.stop();
        phase = s.phase;
        bar.start(total, s.done, payload);
      } else {
        bar.setTotal(total);
        bar.update(s.done, payload);
      }
    },
    stop: () => phase && bar.stop(),
  };
}

function lineProgress(title: string, stream: NodeJS.WriteStream): Progress {
  let phase: string | undefined;
  let last = 0;
  return {
    update(s) {
      const now = Date.now();
      if (s.phase === phase && now - last < LOG_EVERY_MS) return;
      phase = s.phase;
      last = now;
      stream.write(`${title} ${s.phase}: ${s.done.toLocaleString('en-US')}${s.total ? `/${s.total.toLocaleString('en-US')} (${Math.floor((100 * s.done) / s.total)}%)` : ''}\n`);
    },
    stop() {},
  };
}
