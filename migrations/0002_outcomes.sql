-- How each language of each problem ended, accepted or not: what the round summary counts (solved first try,
-- self-corrected, failed after all revisions, rejected by the judge), without scanning every attempt.
create table outcomes (
  problem_id bigint not null references problems (id),
  language text not null,
  round_id bigint not null references rounds (id),
  outcome text not null check (outcome in ('accepted', 'failed', 'judge_rejected', 'error')),
  revisions integer not null,
  sample_id bigint references samples (id),
  reason text,
  created_at timestamptz not null default now(),
  primary key (problem_id, language)
);
create index outcomes_round on outcomes (round_id, language, outcome);

-- How many times a problem was claimed: a problem that keeps failing for reasons of ours (sandbox down,
-- worker crash) is given up after a few tries instead of circling forever.
alter table problems add column tries integer not null default 0;
