// A round's figures, computed from what is stored (so they are right after a resume or with many workers):
// problems asked and dropped, how the source language ended, translations per language, tokens, time.
import { busyByStage } from '../store/attempts.ts';
import type { Queryable } from '../store/db.ts';
import { roundFigures, type RoundFigures } from '../store/stats.ts';

export interface StageTime {
  calls: number;
  /** Time during which at least one call of the stage was running (the union of the calls' intervals), ms. */
  busyMs: number;
  /** busyMs over the round's wall time, 0 to 1. */
  busyShare: number;
  /** The calls' durations added up over busyMs: how many ran at once on average while the stage was busy. */
  meanInFlight: number;
}

export interface RoundTime {
  /** From the round's start to its finish (or to now while it is open), ms. */
  wallMs: number;
  samplesPerSecond: number;
  /**
   * Per stage. A model call counts from when it was asked for (waiting for a slot and retries included), a
   * check from when it was queued (waiting for a container included); `screen` records no duration.
   */
  stages: Record<string, StageTime>;
}

export interface RoundStats {
  asked: number;
  droppedDuplicate: number;
  droppedContaminated: number;
  problemFailed: number;
  open: number;
  source: { solvedFirstTry: number; selfCorrected: number; failedAfterRevisions: number; rejectedByJudge: number; errors: number };
  translations: Record<string, { accepted: number; fixedByRevision: number; failed: number; rejectedByJudge: number }>;
  samples: number;
  tokens: { prompt: number; completion: number; perAcceptedSample: number };
  time: RoundTime;
  spread: { topics: Record<string, number>; difficulties: Record<string, number> };
}

export async function roundStats(db: Queryable, roundId: number, sourceLanguage = 'python'): Promise<RoundStats> {
  const { problems, outcomes, tokens, samples, spread, span } = await roundFigures(db, roundId);
  const count = (language: string, outcome: string, first?: boolean) =>
    outcomes
      .filter((o) => o.language === language && o.outcome === outcome && (first === undefined || (o.first === 1) === first))
      .reduce((sum, o) => sum + o.n, 0);

  const languages = [...new Set(outcomes.map((o) => o.language))].filter((l) => l !== sourceLanguage).sort();
  const translations: RoundStats['translations'] = {};
  for (const l of languages) {
    translations[l] = { accepted: count(l, 'accepted'), fixedByRevision: count(l, 'accepted', false), failed: count(l, 'failed') + count(l, 'error'), rejectedByJudge: count(l, 'judge_rejected') };
  }

  const time = await roundTime(db, roundId, span, samples);
  const totalTokens = tokens.prompt + tokens.completion;
  return {
    asked: problems.asked,
    droppedDuplicate: problems.duplicate,
    droppedContaminated: problems.contaminated,
    problemFailed: problems.failed,
    open: problems.open,
    source: {
      solvedFirstTry: count(sourceLanguage, 'accepted', true),
      selfCorrected: count(sourceLanguage, 'accepted', false),
      failedAfterRevisions: count(sourceLanguage, 'failed'),
      rejectedByJudge: count(sourceLanguage, 'judge_rejected'),
      errors: count(sourceLanguage, 'error'),
    },
    translations,
    samples,
    tokens: { prompt: tokens.prompt, completion: tokens.completion, perAcceptedSample: samples ? Math.round(totalTokens / samples) : 0 },
    time,
    spread: {
      topics: Object.fromEntries(spread.filter((s) => s.kind === 'topic').map((s) => [s.value, s.n])),
      difficulties: Object.fromEntries(spread.filter((s) => s.kind === 'difficulty').map((s) => [s.value, s.n])),
    },
  };
}

/**
 * Wall time runs from the round's start to its finish even when several workers shared the round or it was
 * cancelled and resumed: the pauses between are in it, so the busy shares are of the whole span.
 */
async function roundTime(db: Queryable, roundId: number, span: RoundFigures['span'], samples: number): Promise<RoundTime> {
  if (!span) return { wallMs: 0, samplesPerSecond: 0, stages: {} };
  const wallMs = Math.max(0, span.to.getTime() - span.from.getTime());
  const busy = await busyByStage(db, roundId, span);
  return {
    wallMs,
    samplesPerSecond: wallMs > 0 ? samples / (wallMs / 1000) : 0,
    stages: Object.fromEntries(busy.map((b): [string, StageTime] => [b.stage, {
      calls: b.calls,
      busyMs: Math.round(b.busy_ms),
      busyShare: wallMs > 0 ? b.busy_ms / wallMs : 0,
      meanInFlight: b.busy_ms > 0 ? b.sum_ms / b.busy_ms : 0,
    }])),
  };
}

/** The summary table `demo`, `run` and `resume` print. */
export function formatStats(roundId: number, s: RoundStats): string {
  const src = s.source;
  const accepted = src.solvedFirstTry + src.selfCorrected;
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : '-');
  const share = (x: number) => (x > 0 && x < 0.005 ? '<1%' : `${Math.round(100 * x)}%`);
  const rows: [string, string][] = [
    ['problems asked', String(s.asked)],
    ['dropped as duplicate', String(s.droppedDuplicate)],
    ['dropped as contaminated', String(s.droppedContaminated)],
    ['python solved first try', String(src.solvedFirstTry)],
    ['python self-corrected', `${src.selfCorrected} (${pct(src.selfCorrected, accepted)} of accepted)`],
    ['python failed after all revisions', String(src.failedAfterRevisions)],
    ['python rejected by the judge', String(src.rejectedByJudge)],
    ...Object.entries(s.translations).map(([l, t]): [string, string] => [
      `${l} translations accepted`,
      `${t.accepted} (${t.fixedByRevision} after revision; ${t.failed} failed, ${t.rejectedByJudge} judge-rejected)`,
    ]),
    ['samples stored', String(s.samples)],
    ['tokens per accepted sample', String(s.tokens.perAcceptedSample)],
    ['wall time', `${(s.time.wallMs / 1000).toFixed(1)} s (${s.time.samplesPerSecond.toFixed(2)} samples stored per second)`],
    ...Object.entries(s.time.stages).map(([stage, t]): [string, string] => [
      `${stage} busy`,
      `${share(t.busyShare)} of the wall time${t.busyMs > 0 ? `, ${t.meanInFlight.toFixed(1)} calls in flight on average` : ''}`,
    ]),
    ['difficulties', Object.entries(s.spread.difficulties).map(([d, n]) => `${d} ${n}`).join(', ')],
    ['topics', `${Object.keys(s.spread.topics).length} distinct`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`round ${roundId}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
