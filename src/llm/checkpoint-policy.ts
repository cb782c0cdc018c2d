// What a checkpoint may send and where: whoever registers one names a URL and the environment variable that
// holds its key, and the server then sends `Authorization: Bearer <that variable>` to that URL. So the
// operator decides which variables may be keys (LLM_API_KEY and CHECKPOINT_KEY_VARS) and which hosts may
// serve models (CHECKPOINT_HOSTS), and both are checked before any request leaves.
import { settings, type Config } from '../config.ts';
import { FlywheelError } from '../errors.ts';

export type CheckpointPolicy = Pick<Config, 'checkpointKeyVars' | 'checkpointHosts'>;

/** LLM_API_KEY only, any host: the defaults of the settings. */
export const defaultCheckpointPolicy: CheckpointPolicy = Object.freeze({ checkpointKeyVars: [], checkpointHosts: [] });

const ALWAYS_ALLOWED = settings.llmApiKey.env;

// The service's own secrets are never a checkpoint's key, whatever prefix CHECKPOINT_KEY_VARS allows.
const neverAllowed: readonly string[] = Object.values(settings as Record<string, { env: string; secret?: boolean }>)
  .filter((s) => s.secret === true && s.env !== ALWAYS_ALLOWED)
  .map((s) => s.env);

export function keyVarAllowed(name: string, policy: CheckpointPolicy): boolean {
  if (name === ALWAYS_ALLOWED) return true;
  if (neverAllowed.includes(name)) return false;
  return policy.checkpointKeyVars.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

/** FLY_CHECKPOINT_KEY_FORBIDDEN unless the operator allows `name` to hold a checkpoint's key. */
export function checkKeyVar(name: string, policy: CheckpointPolicy): void {
  if (keyVarAllowed(name, policy)) return;
  throw new FlywheelError(
    'FLY_CHECKPOINT_KEY_FORBIDDEN',
    `apiKeyEnv "${name}" is not allowed: a checkpoint's key comes from ${ALWAYS_ALLOWED} or a variable CHECKPOINT_KEY_VARS names (never ${neverAllowed.join(' or ')})`,
  );
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Whether `url`'s host (and port, where the entry names one) is in CHECKPOINT_HOSTS; an empty list allows any. */
export function hostAllowed(url: URL, policy: CheckpointPolicy): boolean {
  if (policy.checkpointHosts.length === 0) return true;
  return policy.checkpointHosts.some((entry) => {
    // The URL parser writes both sides the same way: lower case, IPv4 in dotted decimal, IPv6 compressed.
    let allowed: URL;
    try {
      allowed = new URL(`http://${entry}`);
    } catch {
      return false;
    }
    const port = /:(\d+)$/.exec(entry)?.[1];
    return allowed.hostname === url.hostname && (port === undefined || Number(port) === effectivePort(url));
  });
}

/** FLY_CHECKPOINT_HOST_FORBIDDEN unless CHECKPOINT_HOSTS allows the URL's host. */
export function checkHost(url: URL, policy: CheckpointPolicy): void {
  if (hostAllowed(url, policy)) return;
  throw new FlywheelError('FLY_CHECKPOINT_HOST_FORBIDDEN', `checkpoint base URL: the host ${url.host} is not one CHECKPOINT_HOSTS allows`);
}

/** A fetch that does not follow redirects: a redirect would take the probe (and the key) past the host rule. */
export function withoutRedirects(inner?: typeof fetch): typeof fetch {
  return (input, init) => (inner ?? fetch)(input, { ...init, redirect: 'manual' });
}
