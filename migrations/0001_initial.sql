-- The first schema. Sized for tens of millions of samples: bigint identities, keyset-friendly indexes
-- (every list is "where <filter> and id > $cursor order by id"), partial indexes for the small hot sets
-- (open rounds, claimable problems), large text kept in its own columns so TOAST stores it out of line.

-- A checkpoint: a named model served behind an OpenAI-compatible endpoint.
create table checkpoints (
  id bigint generated always as identity primary key,
  name text not null unique,
  base_url text not null,
  model text not null,
  -- the name of the environment variable holding the API key, never the key itself
  api_key_env text,
  is_current boolean not null default false,
  meta jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create unique index checkpoints_one_current on checkpoints ((true)) where is_current;

-- A round: one pass of the flywheel with one checkpoint.
create table rounds (
  id bigint generated always as identity primary key,
  checkpoint_id bigint not null references checkpoints (id),
  status text not null default 'pending'
    check (status in ('pending', 'running', 'done', 'failed', 'cancelled')),
  -- target size, languages, revision budget, sampling: everything the round was started with
  settings jsonb not null default '{}'::jsonb,
  stats jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index rounds_checkpoint on rounds (checkpoint_id, id);
create index rounds_open on rounds (id) where status in ('pending', 'running');

-- A problem: one generation request of a round and everything decided about it. It is also the unit of
-- work that workers claim (status + lease), so a round's state lives here, not in any process.
create table problems (
  id bigint generated always as identity primary key,
  round_id bigint not null references rounds (id),
  seq integer not null,
  -- topic, difficulty and the snippet the problem was inspired by (with the sample it came from)
  seed jsonb not null,
  topic text not null,
  difficulty text not null,
  stage text not null default 'problem',
  status text not null default 'pending'
    check (status in ('pending', 'active', 'accepted', 'dropped', 'failed')),
  drop_reason text,
  title text,
  statement text,
  signature text,
  body jsonb,
  -- sha256 of the normalised statement, for exact dedup across every round
  statement_hash text,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (round_id, seq)
);
create index problems_claim on problems (round_id, id) where status in ('pending', 'active');
create index problems_statement_hash on problems (statement_hash) where statement_hash is not null;
create index problems_round_status on problems (round_id, status);

-- Near-duplicate detection: MinHash signature bands of every stored problem statement (LSH buckets).
create table problem_lsh (
  band smallint not null,
  bucket bigint not null,
  problem_id bigint not null references problems (id),
  primary key (band, bucket, problem_id)
);

-- Every model call and every check result, in order, per problem and language. `key` makes each step
-- idempotent: a resumed round finds the completed call and does not pay for it twice.
create table attempts (
  id bigint generated always as identity primary key,
  problem_id bigint not null references problems (id),
  round_id bigint not null references rounds (id),
  checkpoint_id bigint references checkpoints (id),
  key text not null,
  kind text not null check (kind in ('llm', 'check')),
  stage text not null,
  language text,
  prompt_version text,
  request jsonb,
  response jsonb,
  ok boolean not null,
  error_code text,
  prompt_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  latency_ms integer not null default 0,
  finish_reason text,
  created_at timestamptz not null default now(),
  unique (problem_id, key)
);
create index attempts_round on attempts (round_id, id);

-- Accepted samples: what the next checkpoint is trained on.
create table samples (
  id bigint generated always as identity primary key,
  problem_id bigint not null references problems (id),
  round_id bigint not null references rounds (id),
  checkpoint_id bigint not null references checkpoints (id),
  -- a translation points at the sample it was translated from
  parent_id bigint references samples (id),
  language text not null,
  topic text not null,
  difficulty text not null,
  problem jsonb not null,
  solution text not null,
  tests text not null,
  -- every turn, including failed attempts and the checker feedback they got
  dialog jsonb not null,
  verdict jsonb not null,
  judge_correct smallint not null check (judge_correct in (0, 1)),
  judge_style smallint not null check (judge_style in (0, 1)),
  revisions integer not null default 0,
  prompt_versions jsonb not null default '{}'::jsonb,
  prompt_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  -- sha256 of language + solution + tests: one sample per content, also on resume
  content_hash text not null unique,
  created_at timestamptz not null default now()
);
create index samples_round on samples (round_id, id);
create index samples_checkpoint on samples (checkpoint_id, id);
create index samples_language on samples (language, id);
create index samples_topic on samples (topic, id);
create index samples_created on samples (created_at, id);
create index samples_parent on samples (parent_id) where parent_id is not null;
create index samples_problem on samples (problem_id);
