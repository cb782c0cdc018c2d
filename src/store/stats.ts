// A round's figures as stored, for its summary (pipeline/stats.ts): its problems by how they ended, the outcomes
// per language, tokens, samples, the spread of topics and difficulties, and the span it ran over.
import type { Queryable } from './db.ts';

export interface RoundFigures {
  problems: { asked: number; duplicate: number; contaminated: number; failed: number; open: number };
  /** Outcomes per language and outcome, split by first try (1) or after a revision (0). */
  outcomes: { language: string; outcome: string; first: number; n: number }[];
  tokens: { prompt: number; completion: number };
  samples: number;
  spread: { kind: 'topic' | 'difficulty'; value: string; n: number }[];
  /** From its start (or creation) to its finish, or to now while it is open; undefined for an unknown round. */
  span: { from: Date; to: Date } | undefined;
}

export async function roundFigures(db: Queryable, roundId: number): Promise<RoundFigures> {
  const [problems] = await db.query<RoundFigures['problems']>(
    `select count(*)::int8 as asked,
       count(*) filter (where status = 'dropped' and drop_reason not like 'contaminated%')::int8 as duplicate,
       count(*) filter (where status = 'dropped' and drop_reason like 'contaminated%')::int8 as contaminated,
       count(*) filter (where status = 'failed')::int8 as failed,
       count(*) filter (where status in ('pending', 'active'))::int8 as open
     from problems where round_id = $1`,
    [roundId],
  );
  const outcomes = await db.query<RoundFigures['outcomes'][number]>(
    `select language, outcome, (revisions = 0) ::int as first, count(*)::int8 as n
     from outcomes where round_id = $1 group by language, outcome, revisions = 0`,
    [roundId],
  );
  const [tokens] = await db.query<RoundFigures['tokens']>(
    `select coalesce(sum(prompt_tokens), 0)::int8 as prompt, coalesce(sum(completion_tokens), 0)::int8 as completion from attempts where round_id = $1`,
    [roundId],
  );
  const [samples] = await db.query<{ n: number }>('select count(*)::int8 as n from samples where round_id = $1', [roundId]);
  const spread = await db.query<RoundFigures['spread'][number]>(
    `select 'topic' as kind, topic as value, count(*)::int8 as n from problems where round_id = $1 group by topic
     union all
     select 'difficulty', difficulty, count(*)::int8 from problems where round_id = $1 group by difficulty`,
    [roundId],
  );
  const [span] = await db.query<{ from: Date; to: Date }>(
    'select coalesce(started_at, created_at) as "from", coalesce(finished_at, now()) as "to" from rounds where id = $1',
    [roundId],
  );
  return {
    problems: problems ?? { asked: 0, duplicate: 0, contaminated: 0, failed: 0, open: 0 },
    outcomes,
    tokens: tokens ?? { prompt: 0, completion: 0 },
    samples: samples?.n ?? 0,
    spread,
    span,
  };
}
