// Node packages an image needs are copied from the project's own node_modules (image builds cannot reach the
// npm registry). Which directories to copy is read from package-lock.json: the named packages plus their full
// dependency closure, resolved the way Node resolves them (nearest node_modules up the tree).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FlywheelError } from '../errors.ts';

interface LockEntry {
  version?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  link?: boolean;
}

export interface VendoredPackage {
  /** Location as in the lock file, e.g. `node_modules/eslint/node_modules/ajv`. */
  location: string;
  name: string;
  version: string;
  integrity: string;
}

function packageName(location: string): string {
  const tail = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return tail;
}

/** The directory a package at `from` gets for `dep`: its own node_modules, then each parent's, then the top. */
function resolveFrom(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${dep}` : `${base}/node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The packages to copy for `roots`, sorted by location. Throws if the lock file lacks one of them. */
export async function vendorClosure(projectRoot: string, roots: string[]): Promise<VendoredPackage[]> {
  if (roots.length === 0) return [];
  const lockPath = path.join(projectRoot, 'package-lock.json');
  let lock: { packages?: Record<string, LockEntry> };
  try {
    lock = JSON.parse(await readFile(lockPath, 'utf8')) as typeof lock;
  } catch (err) {
    throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `cannot read ${lockPath} to vendor ${roots.join(', ')}`, { cause: err });
  }
  const packages = lock.packages ?? {};
  const seen = new Map<string, VendoredPackage>();
  const queue: string[] = [];
  for (const root of roots) {
    const location = `node_modules/${root}`;
    if (!packages[location]) throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `package ${root} is not in package-lock.json`);
    queue.push(location);
  }
  while (queue.length > 0) {
    const location = queue.pop() as string;
    if (seen.has(location)) continue;
    const entry = packages[location] as LockEntry;
    if (entry.link) throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `cannot vendor linked package ${location}`);
    seen.set(location, { location, name: packageName(location), version: entry.version ?? '', integrity: entry.integrity ?? '' });
    const required = Object.keys(entry.dependencies ?? {});
    // Optional and peer dependencies are taken when installed; a missing one is what npm left out on purpose.
    const optional = [...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})];
    for (const dep of required) {
      const found = resolveFrom(packages, location, dep);
      if (!found) throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `${location} needs ${dep}, which package-lock.json does not have`);
      queue.push(found);
    }
    for (const dep of optional) {
      const found = resolveFrom(packages, location, dep);
      if (found) queue.push(found);
    }
  }
  return [...seen.values()].sort((a, b) => a.location.localeCompare(b.location));
}

/** Fails when node_modules does not hold what the lock file says, so an image never mixes versions. */
export async function checkInstalled(projectRoot: string, vendored: VendoredPackage[]): Promise<void> {
  for (const pkg of vendored) {
    const manifest = path.join(projectRoot, pkg.location, 'package.json');
    let version: string | undefined;
    try {
      version = (JSON.parse(await readFile(manifest, 'utf8')) as { version?: string }).version;
    } catch (err) {
      throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `${pkg.location} is not installed: run npm ci`, { cause: err });
    }
    if (version !== pkg.version) {
      throw new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `${pkg.location} is ${version} but package-lock.json says ${pkg.version}: run npm ci`);
    }
  }
}
