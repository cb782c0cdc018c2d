// Live progress of a round. For people (a terminal): one status line rewritten in place with the problems in
// each stage, the samples accepted per language, the rate and the time left. For machines (logs, CI): one
// line per settled problem.
import type { Writable } from 'node:stream';
import type { ProblemStage } from '../pipeline/context.ts';
import type { ItemResult } from '../pipeline/item.ts';
import type { ProblemRow } from '../store/rounds.ts';
import type { Screen } from './screen.ts';

export interface Progress {
  item(problem: ProblemRow, result: ItemResult | { status: 'retry'; reason: string }): void;
  stage(problem: ProblemRow, stage: ProblemStage): void;
  accepted(problem: ProblemRow, language: string): void;
  /** Ends the status line (call once the worker stops, whether the round is complete or not). */
  done(): void;
}

const stages: readonly ProblemStage[] = ['generating', 'checking', 'revising', 'judging', 'translating'];
const short: Record<ProblemStage, string> = { generating: 'gen', checking: 'chk', revising: 'rev', judging: 'jdg', translating: 'tr' };
/** Redraws of the status line at most this often; a timer redraws meanwhile so the rate and time left move. */
const REDRAW_MS = 100;
const TICK_MS = 1000;

export function createProgress(total: number, screen: Screen | null, out: Writable = process.stderr, now: () => number = () => performance.now()): Progress {
  const counts = { accepted: 0, dropped: 0, failed: 0, retry: 0 };
  let settled = 0;
  if (!screen) {
    return {
      item(problem, result) {
        counts[result.status]++;
        if (result.status !== 'retry') settled++;
        const line = `[${settled}/${total}] accepted ${counts.accepted}, dropped ${counts.dropped}, failed ${counts.failed}` +
          (counts.retry ? `, handed back ${counts.retry}` : '');
        const what = result.status === 'accepted' ? '' : ` (${result.reason ?? ''})`;
        out.write(`${line}  <- problem ${problem.seq} ${problem.topic}: ${result.status}${what}\n`);
      },
      stage() {},
      accepted() {},
      done() {},
    };
  }

  const started = now();
  const at = new Map<number, ProblemStage>();
  const samples = new Map<string, number>();
  let drawn = -Infinity;
  let pending: NodeJS.Timeout | undefined;
  const draw = () => {
    clearTimeout(pending);
    pending = undefined;
    drawn = now();
    screen.status(statusLine({ total, settled, counts, at, samples, seconds: (drawn - started) / 1000 }, screen.columns));
  };
  const changed = () => {
    const wait = drawn + REDRAW_MS - now();
    if (wait <= 0) draw();
    else pending ??= setTimeout(draw, wait).unref();
  };
  const tick = setInterval(draw, TICK_MS).unref();
  draw();
  return {
    item(problem, result) {
      counts[result.status]++;
      if (result.status !== 'retry') settled++;
      at.delete(problem.id);
      changed();
    },
    stage(problem, stage) {
      // Its target languages are checked, revised and judged side by side: the problem counts as translating.
      if (at.get(problem.id) === 'translating') return;
      at.set(problem.id, stage);
      changed();
    },
    accepted(_problem, language) {
      samples.set(language, (samples.get(language) ?? 0) + 1);
      changed();
    },
    done() {
      clearInterval(tick);
      draw();
      screen.done();
    },
  };
}

interface State {
  total: number;
  settled: number;
  counts: { accepted: number; dropped: number; failed: number; retry: number };
  at: ReadonlyMap<number, ProblemStage>;
  samples: ReadonlyMap<string, number>;
  seconds: number;
}

/** The status line, as full as `columns` allows: the first of ever shorter forms that fits, else cut. */
export function statusLine(s: State, columns: number): string {
  const inStage = (stage: ProblemStage) => [...s.at.values()].filter((v) => v === stage).length;
  const accepted = [...s.samples.values()].reduce((a, b) => a + b, 0);
  const rate = accepted / Math.max(s.seconds, 0.001);
  const left = s.settled > 0 && s.settled < s.total ? duration((s.seconds / s.settled) * (s.total - s.settled)) : s.settled >= s.total ? '0s' : '?';
  const share = s.total > 0 ? Math.min(1, s.settled / s.total) : 1;
  const bar = `[${'#'.repeat(Math.round(share * 20)).padEnd(20, '.')}]`;
  const languages = [...s.samples.entries()];
  const others = [s.counts.dropped ? `${s.counts.dropped} dropped` : '', s.counts.failed ? `${s.counts.failed} failed` : '', s.counts.retry ? `${s.counts.retry} handed back` : '']
    .filter(Boolean).join(', ');
  const forms = [
    [
      `${bar} ${s.settled}/${s.total} problems${others ? ` (${others})` : ''}`,
      stages.map((st) => `${st} ${inStage(st)}`).join(', '),
      `accepted ${languages.length ? languages.map(([l, n]) => `${l} ${n}`).join(', ') : 'none yet'}`,
      `${rate.toFixed(2)} samples/s`,
      `ETA ${left}`,
    ],
    [
      `${s.settled}/${s.total}`,
      stages.map((st) => `${short[st]} ${inStage(st)}`).join(' '),
      languages.length ? languages.map(([l, n]) => `${l} ${n}`).join(' ') : '0 samples',
      `${rate.toFixed(1)}/s`,
      `ETA ${left}`,
    ],
    [`${s.settled}/${s.total}`, stages.map((st) => `${short[st]} ${inStage(st)}`).join(' '), `${accepted} samples`, `${rate.toFixed(1)}/s`, `ETA ${left}`],
    [`${s.settled}/${s.total}`, `${accepted} samples`, `ETA ${left}`],
  ].map((parts) => parts.join(' | '));
  const fits = forms.find((f) => f.length < columns);
  return fits ?? (forms.at(-1) as string).slice(0, Math.max(0, columns - 1));
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
