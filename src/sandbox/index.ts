// The sandbox as the rest of the service sees it: createSandbox() starts a warm pool per image and returns
// run/runMany/stats/close. The host never runs generated code; everything goes through these pools.
import Docker from 'dockerode';
import { FlywheelError } from '../errors.ts';
import { describeImage, imageExists, listImageNames } from './images.ts';
import { checkJob, resolveLimits } from './limits.ts';
import { ContainerPool } from './pool.ts';
import { ownerLabels, reapOrphans } from './reaper.ts';
import { resolveRuntime } from './runtime.ts';
import { closeOnSignals } from './signals.ts';
import type { RunOptions, Sandbox, SandboxJob, SandboxOptions, SandboxResult } from './types.ts';

export type { ChannelReport, ImageStats, JobLimits, Lane, LaneStats, LimitName, RunOptions, Sandbox, SandboxJob, SandboxOptions, SandboxResult } from './types.ts';
export { buildImages, ensureBaseImage, listImageNames, pruneImages, type BuiltImage } from './images.ts';
export { chooseRuntime, listedRuntimes, type RuntimeChoice } from './runtime.ts';

export async function createSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const { config } = opts;
  const log = opts.log.child({ component: 'sandbox' });
  const docker = opts.docker ?? new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'Docker engine not reachable (DOCKER_HOST or the local socket)', { cause: err });
  }
  await reapOrphans(docker, log);
  const { runtime, reason } = await resolveRuntime(docker, config.sandboxRuntime, log);

  const names = opts.images ?? (await listImageNames());
  const owner = ownerLabels();
  const pools = new Map<string, ContainerPool>();
  for (const name of names) {
    const { tag } = await describeImage(docker, name);
    if (!(await imageExists(docker, tag))) {
      throw new FlywheelError('FLY_SANDBOX_IMAGE_MISSING', `sandbox image ${tag} is not built`, { details: { image: name, tag } });
    }
    pools.set(name, new ContainerPool({ docker, config, log, image: { name, tag, owner }, runtime }));
  }

  let closing: Promise<void> | undefined;
  let removeSignals = (): void => undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      removeSignals();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      log.info('sandbox closed');
    })();
    return closing;
  };
  if (opts.handleSignals !== false) removeSignals = closeOnSignals(close);

  try {
    await Promise.all([...pools.values()].map((pool) => pool.start()));
  } catch (err) {
    await close();
    throw err;
  }
  log.info({ images: names, poolSize: config.sandboxPoolSize, runtime, runtimeReason: reason, apiShare: config.verifySandboxShare }, `sandbox ready (${runtime})`);

  const run = async (job: SandboxJob, options: RunOptions = {}): Promise<SandboxResult> => {
    const pool = pools.get(job.image);
    if (!pool) throw new FlywheelError('FLY_SANDBOX_IMAGE_MISSING', `no sandbox pool for image ${JSON.stringify(job.image)} (have ${names.join(', ')})`);
    checkJob(job);
    return pool.submit({
      files: job.files,
      command: job.command,
      ...(job.stdin === undefined ? {} : { stdin: job.stdin }),
      collect: job.collect ?? [],
      ...(job.channel ? { channel: true } : {}),
      limits: resolveLimits(config, job.limits),
    }, options);
  };

  return {
    runtime,
    run,
    async runMany(jobs, options = {}) {
      // All jobs are queued before the pools cut batches; failures are reported once every job has settled.
      const settled = await Promise.allSettled(jobs.map((job) => run(job, options)));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<SandboxResult>).value);
    },
    stats() {
      return { images: Object.fromEntries([...pools].map(([name, pool]) => [name, pool.stats()])) };
    },
    close,
  };
}
