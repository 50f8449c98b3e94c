/**
 * Reads the README's walkthrough: the fenced blocks whose info string is `sh walkthrough`,
 * in order, as one shell session. A line is a command; a line starting with `#>` is
 * text the previous command's output must contain (a comment to sh, so the block stays
 * copy-paste-able); other comments and blank lines are for the reader.
 */

/** One command of the walkthrough and what its output must contain. */
export interface WalkthroughStep {
  readonly command: string;
  /** 1-based line of README.md, for failure messages. */
  readonly line: number;
  readonly expect: string[];
}

/** The info string that marks a block for the walkthrough test. */
export const WALKTHROUGH_INFO = 'sh walkthrough';

/** The steps of every walkthrough block of a README, in order. */
export function extractWalkthrough(readme: string): WalkthroughStep[] {
  const steps: WalkthroughStep[] = [];
  let inBlock = false;
  readme.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.startsWith('```')) {
      inBlock = !inBlock && line.slice(3).trim() === WALKTHROUGH_INFO;
      return;
    }
    if (!inBlock) return;
    const text = line.trim();
    if (text.startsWith('#>')) {
      const last = steps[steps.length - 1];
      if (!last) throw new Error(`README.md:${i + 1}: an expected output (#>) before any command`);
      last.expect.push(text.slice(2).trim());
    } else if (text !== '' && !text.startsWith('#')) {
      steps.push({ command: text, line: i + 1, expect: [] });
    }
  });
  return steps;
}

/** Marker lines the generated script prints around each step's output. */
export const STEP_MARK = '@@walkthrough-step';
export const FAIL_MARK = '@@walkthrough-failed';

/**
 * A bash script running the steps in one shell (so `export` and `K=$(…)` carry over),
 * stderr merged into stdout, each step's output preceded by a marker line, stopping at
 * the first command that exits non-zero.
 */
export function walkthroughScript(steps: readonly WalkthroughStep[]): string {
  const lines = ['set -u', 'exec 2>&1'];
  steps.forEach((s, i) => {
    lines.push(`printf '\\n${STEP_MARK} ${i}\\n'`);
    lines.push(s.command);
    lines.push(`rc=$?; if [ $rc -ne 0 ]; then printf '\\n${FAIL_MARK} ${i} %s\\n' "$rc"; exit 1; fi`);
  });
  return lines.join('\n') + '\n';
}

/** Splits the script's output into each step's output, by the markers. */
export function splitStepOutput(output: string): Map<number, string> {
  const parts = new Map<number, string>();
  const re = new RegExp(`^${STEP_MARK} (\\d+)$`, 'gm');
  const marks = [...output.matchAll(re)];
  marks.forEach((m, j) => {
    const from = m.index! + m[0].length;
    const to = j + 1 < marks.length ? marks[j + 1]!.index! : output.length;
    parts.set(Number(m[1]), output.slice(from, to));
  });
  return parts;
}
