// `flywheel sandbox build [--prune] [NAME...]`: builds the sandbox images whose inputs changed (--prune: and removes
// our tags that are no longer current). Where the Debian base
// image is missing and cannot be pulled, it is made locally first (sandbox-images/make-base.sh).
import Docker from 'dockerode';
import { FlywheelError } from '../errors.ts';
import { buildImages, ensureBaseImage, listImageNames, pruneImages } from '../sandbox/index.ts';
import type { CommandContext } from './context.ts';

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
