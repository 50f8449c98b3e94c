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
  let bar: cliProgress.SingleBar | undefined;
  let phase: string | undefined;
  const unitOf = (p: string) => (p === 'state' ? 'entries' : p === 'records' ? 'keys' : 'blocks');
  return {
    update(s) {
      if (s.phase !== phase) {
        bar?.stop();
        phase = s.phase;
        // A phase whose total is not known ahead shows a count, not a percentage.
        const format = s.total ? `${title} {phase} [{bar}] {percentage}% {value}/{total} {unit}` : `${title} {phase}: {value} {unit}`;
        bar = new cliProgress.SingleBar({ stream, format, hideCursor: true, clearOnComplete: true, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
        bar.start(s.total || 1, s.done, { phase: s.phase, unit: unitOf(s.phase) });
      } else {
        if (s.total) bar!.setTotal(s.total);
        bar!.update(s.done);
      }
    },
    stop: () => bar?.stop(),
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
