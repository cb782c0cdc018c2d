// `flywheel standin`: serves the stand-in model until SIGINT or SIGTERM, printing its base URL on stdout.
import { parseArgs } from 'node:util';
import { FlywheelError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { startStandin, STANDIN_MODEL, type StandinFaults } from '../standin/index.ts';

export const standinUsage = `flywheel standin [options]
  Serves an OpenAI-compatible stand-in model that answers from a fixed problem bank (no model involved).
  --port N               port to listen on (default 8001; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --bank DIR             problem bank directory (default: the bank shipped with the project)
  --model ID             model id to serve, repeatable (default ${STANDIN_MODEL})
  --max-context-tokens N prompt + max_tokens limit before a 400 (default 32768)
  --latency-ms MS        delay added to every chat request (default 0)
  --fail-rate P          probability of an HTTP 500 (default 0)
  --rate-limit-rate P    probability of an HTTP 429 with retry-after (default 0)
  --retry-after-ms MS    wait a 429 asks for (default 1000)
  --malformed-rate P     probability per choice of broken JSON / an answer without code (default 0)
  --truncate-rate P      probability per choice of an answer cut short, finish_reason length (default 0)
  --drop-rate P          probability of the connection being destroyed mid-request (default 0)
  --seed N               seed of the fault generator (default 1)
  --log-level LEVEL      log level of the JSON logs on stderr (default info)
  --log-requests         log every request and its answer (default: only the server's start and stop, and errors)`;

function number(flag: string, raw: string | undefined, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new FlywheelError('FLY_USAGE', `--${flag}: expected ${integer ? 'a whole number' : 'a number'}, got "${raw}"`);
  }
  return value;
}

export interface StandinCommandIo {
  /** Where the URL line goes; default stdout. */
  print?: (line: string) => void;
  /** Stops the server when aborted, besides SIGINT and SIGTERM. */
  signal?: AbortSignal;
}

/** Runs the command; resolves with the exit code once the server has stopped. */
export async function runStandinCommand(argv: string[], io: StandinCommandIo = {}): Promise<number> {
  const print = io.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, bank: { type: 'string' }, model: { type: 'string', multiple: true },
        'max-context-tokens': { type: 'string' }, 'latency-ms': { type: 'string' }, 'fail-rate': { type: 'string' },
        'rate-limit-rate': { type: 'string' }, 'retry-after-ms': { type: 'string' }, 'malformed-rate': { type: 'string' },
        'truncate-rate': { type: 'string' }, 'drop-rate': { type: 'string' }, seed: { type: 'string' },
        'log-level': { type: 'string' }, 'log-requests': { type: 'boolean' }, help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new FlywheelError('FLY_USAGE', `${(err as Error).message}\n${standinUsage}`, { cause: err });
  }
  const v = parsed.values;
  if (v.help) {
    print(standinUsage);
    return 0;
  }
  const port = number('port', v.port, true) ?? 8001;
  if (port < 0 || port > 65535) throw new FlywheelError('FLY_USAGE', `--port: expected 0..65535, got ${port}`);
  const faults: Partial<StandinFaults> = {};
  const set = <K extends keyof StandinFaults>(key: K, value: number | undefined): void => {
    if (value !== undefined) faults[key] = value as StandinFaults[K];
  };
  set('latencyMs', number('latency-ms', v['latency-ms']));
  set('failRate', number('fail-rate', v['fail-rate']));
  set('rateLimitRate', number('rate-limit-rate', v['rate-limit-rate']));
  set('retryAfterMs', number('retry-after-ms', v['retry-after-ms']));
  set('malformedRate', number('malformed-rate', v['malformed-rate']));
  set('truncateRate', number('truncate-rate', v['truncate-rate']));
  set('dropRate', number('drop-rate', v['drop-rate']));
  set('seed', number('seed', v.seed, true));
  const maxContextTokens = number('max-context-tokens', v['max-context-tokens'], true);
  const log = createLogger(v['log-level'] ?? 'info');

  const running = await startStandin({
    port,
    host: v.host ?? '127.0.0.1',
    faults,
    log,
    logRequests: v['log-requests'] === true,
    ...(v.bank === undefined ? {} : { bankDir: v.bank }),
    ...(v.model === undefined ? {} : { models: v.model }),
    ...(maxContextTokens === undefined ? {} : { maxContextTokens }),
  });
  print(running.url);
  log.info({ url: running.url, faults }, 'stand-in model serving (not a model: answers from a fixed bank)');

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
  });
  await running.close();
  log.info('stand-in model stopped');
  return 0;
}
