// `flywheel sandbox build [--prune] [NAME...]`: builds the sandbox images whose inputs changed (--prune: and removes
// our tags that are no longer current). Where the Debian base
// image is missing and cannot be pulled, it is made locally first (sandbox-images/make-base.sh).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Docker from 'dockerode';
import { describeError, FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { IMAGES_DIR, imageExists, imageRepository } from '../sandbox/images.ts';
import { buildImages, listImageNames } from '../sandbox/index.ts';
import type { CommandContext } from './context.ts';

export const BASE_IMAGE = 'debian:bookworm-slim';

/** Makes the base image with debootstrap when the engine has none and debootstrap is installed. */
export async function ensureBaseImage(docker: Docker, log: Logger): Promise<void> {
  if (await imageExists(docker, BASE_IMAGE)) return;
  const hasDebootstrap = spawnSync('sh', ['-c', 'command -v debootstrap'], { stdio: 'ignore' }).status === 0;
  if (!hasDebootstrap) {
    log.info({ image: BASE_IMAGE }, 'base image missing and no debootstrap here: the build will pull it');
    return;
  }
  log.info({ image: BASE_IMAGE }, 'making the base image with debootstrap (about a minute)');
  const made = spawnSync('bash', [path.join(IMAGES_DIR, 'make-base.sh'), BASE_IMAGE], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (made.status !== 0) throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `making ${BASE_IMAGE} with debootstrap failed (exit ${made.status})`);
}

export async function runSandboxCommand({ log, positionals, values }: CommandContext): Promise<number> {
  const [verb, ...names] = positionals;
  if (verb !== 'build') throw new FlywheelError('FLY_USAGE', 'usage: flywheel sandbox build [--prune] [NAME...]');
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'Docker engine not reachable (DOCKER_HOST or the local socket)', { cause: err });
  }
  const known = await listImageNames();
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new FlywheelError('FLY_USAGE', `unknown sandbox image ${unknown.join(', ')} (known: ${known.join(', ')})`);
  await ensureBaseImage(docker, log);
  const built = await buildImages(docker, names.length > 0 ? names : known, log);
  for (const image of built) console.log(`${image.tag}  ${image.built ? 'built' : 'up to date'}`);
  if (values.prune === true) {
    for (const line of await pruneImages(docker, built.map((b) => ({ name: b.name, tag: b.tag })))) console.log(line);
  }
  return 0;
}

/**
 * Removes the tags of our image repositories other than the current ones (each image's inputs changed since):
 * one line per tag, `removed` or why it stays. An image a container still uses stays (no force).
 */
export async function pruneImages(docker: Docker, current: { name: string; tag: string }[]): Promise<string[]> {
  const lines: string[] = [];
  for (const { name, tag } of current) {
    const repository = imageRepository(name);
    const images = await docker.listImages({ filters: JSON.stringify({ reference: [repository] }) });
    const stale = images.flatMap((image) => image.RepoTags ?? []).filter((t) => t.startsWith(`${repository}:`) && t !== tag);
    for (const old of stale.sort()) {
      try {
        await docker.getImage(old).remove();
        lines.push(`${old}  removed`);
      } catch (err) {
        lines.push(`${old}  kept: ${(err as { statusCode?: number }).statusCode === 409 ? 'a container uses it' : describeError(err)}`);
      }
    }
  }
  return lines;
}
