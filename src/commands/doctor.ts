// `flywheel doctor`: checks what a round needs on this machine, one line per check, each `ok` or what is wrong
// with the one command that fixes it. Exits 0 only when every needed check passes.
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import type { Config } from '../config.ts';
import { describeError, FlywheelError } from '../errors.ts';
import { databaseFix, fixes } from '../fixes.ts';
import { describeImage, imageExists, listImageNames } from '../sandbox/images.ts';
import { chooseRuntime, listedRuntimes, SETUP_GVISOR } from '../sandbox/runtime.ts';
import { describeDb, openDb, pendingMigrations } from '../store/index.ts';
import type { CommandContext } from './context.ts';

const GIB = 1024 ** 3;
const MIN_FREE_BYTES = GIB;
/** How long the engine and the model endpoint may take to answer before they count as not answering. */
const ANSWER_MS = 5000;
const { setup: SETUP, build: BUILD, migrate: MIGRATE, model: START_MODEL } = fixes;

type Outcome =
  | { status: 'ok'; detail: string }
  /** Not needed with this configuration (no model endpoint set). */
  | { status: 'skip'; detail: string }
  | { status: 'fail'; detail: string; fix: string };

const ok = (detail: string): Outcome => ({ status: 'ok', detail });
const fail = (detail: string, fix: string): Outcome => ({ status: 'fail', detail, fix });

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FlywheelError('FLY_SANDBOX_UNAVAILABLE', `${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function dockerEngine(docker: Docker): Promise<Outcome> {
  const where = process.env.DOCKER_HOST ?? 'the local socket';
  try {
    await within(docker.ping(), ANSWER_MS, 'the engine');
    return ok(`answers at ${where}`);
  } catch (err) {
    return fail(`not reachable at ${where} (${describeError(err)})`, fixes.engine);
  }
}

async function runtimes(docker: Docker, config: Config): Promise<Outcome> {
  const listed = await listedRuntimes(docker);
  const lists = `Docker lists ${listed.join(', ') || 'none'}`;
  try {
    const { runtime, reason, fallback } = chooseRuntime(config.sandboxRuntime, listed);
    // runc in place of gVisor still runs every check: worth saying, not a failure.
    return ok(`${lists}; the sandbox will use ${runtime} (${reason}${fallback ? `; ${SETUP_GVISOR}` : ''})`);
  } catch {
    return fail(`${lists}; SANDBOX_RUNTIME=${config.sandboxRuntime}, which is not registered`, SETUP);
  }
}

async function sandboxImages(docker: Docker): Promise<Outcome> {
  const names = await listImageNames();
  const missing: string[] = [];
  for (const name of names) {
    const { tag } = await describeImage(docker, name);
    if (!(await imageExists(docker, tag))) missing.push(tag);
  }
  return missing.length === 0 ? ok(`${names.join(', ')} built and current`) : fail(`not built or out of date: ${missing.join(', ')}`, BUILD);
}

async function database(config: Config): Promise<Outcome> {
  const where = describeDb(config);
  const unreachable = databaseFix(config);
  let db;
  try {
    db = await openDb(config);
  } catch (err) {
    // An embedded database held by a running process (`flywheel serve`) says so in the error.
    return fail(`cannot open the ${where}: ${describeError(err)}`, unreachable);
  }
  try {
    const pending = await pendingMigrations(db);
    return pending.length === 0 ? ok(`${where}, migrated`) : fail(`${where}, not migrated: ${pending.join(', ')} pending`, MIGRATE);
  } catch (err) {
    return fail(`${where} does not answer: ${describeError(err)}`, unreachable);
  } finally {
    await db.close().catch(() => undefined);
  }
}

async function modelEndpoint(config: Config): Promise<Outcome> {
  if (config.llmBaseUrl === '') return { status: 'skip', detail: 'not configured (LLM_BASE_URL)' };
  const url = `${config.llmBaseUrl.replace(/\/+$/, '')}/models`;
  try {
    const res = await fetch(url, {
      headers: config.llmApiKey === '' ? {} : { authorization: `Bearer ${config.llmApiKey}` },
      signal: AbortSignal.timeout(ANSWER_MS),
    });
    await res.body?.cancel();
    return res.status === 200 ? ok(`GET ${url} answers 200`) : fail(`GET ${url} answers ${res.status}`, START_MODEL);
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${ANSWER_MS / 1000} s` : describeError((err as Error).cause ?? err);
    return fail(`GET ${url}: ${why}`, START_MODEL);
  }
}

async function freeDisk(config: Config): Promise<Outcome> {
  // The data directory may not exist yet: its nearest existing parent is on the filesystem it will be on.
  let dir = path.resolve(config.dataDir);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const stats = await fs.promises.statfs(dir);
  const free = stats.bavail * stats.bsize;
  const detail = `${(free / GIB).toFixed(1)} GiB free under ${dir}`;
  return free >= MIN_FREE_BYTES ? ok(detail) : fail(`${detail}, 1 GiB needed`, `free space on the filesystem of ${dir}`);
}

/** A check that throws fails with the fix of its kind (a missing base image, say: the build makes it). */
const guarded = (run: () => Promise<Outcome>, fix: string): Promise<Outcome> => run().catch((err: unknown) => fail(describeError(err), fix));

export async function runDoctorCommand({ config }: CommandContext): Promise<number> {
  const docker = new Docker();
  const lines: [string, Outcome][] = [];
  const engine = await dockerEngine(docker);
  lines.push(['docker engine', engine]);
  const notChecked = fail('not checked: the Docker engine is not reachable', SETUP);
  const up = engine.status === 'ok';
  lines.push(['runtimes', up ? await guarded(() => runtimes(docker, config), SETUP) : notChecked]);
  lines.push(['sandbox images', up ? await guarded(() => sandboxImages(docker), BUILD) : notChecked]);
  lines.push(['database', await guarded(() => database(config), MIGRATE)]);
  lines.push(['model endpoint', await guarded(() => modelEndpoint(config), START_MODEL)]);
  lines.push(['free disk', await guarded(() => freeDisk(config), 'free space on that filesystem')]);

  const width = Math.max(...lines.map(([name]) => name.length));
  for (const [name, outcome] of lines) {
    const status = { ok: 'ok', skip: '-', fail: 'FAIL' }[outcome.status];
    const fix = outcome.status === 'fail' ? `; fix: ${outcome.fix}` : '';
    console.log(`${name.padEnd(width)}  ${status.padEnd(4)}  ${outcome.detail}${fix}`);
  }
  return lines.every(([, outcome]) => outcome.status !== 'fail') ? 0 : 1;
}
