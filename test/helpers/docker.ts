// Integration tests talk to the real Docker engine. When it does not answer they fail, loudly and with the fix,
// rather than skip: a sandbox suite that silently does nothing is worse than a red one.
import Docker from 'dockerode';

export function dockerAddress(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

/** A client for the engine the service would use; throws when the engine does not answer. */
export async function requireDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`Docker engine not reachable at ${dockerAddress()}: start dockerd (see .ci/run)`, { cause: err });
  }
  return docker;
}
