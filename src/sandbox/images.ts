// Sandbox images: one folder per image under sandbox-images/ (Dockerfile, image.json, harness/), plus the shared
// in-container runner and any Node packages vendored from the project's node_modules. The tag is a hash of all
// of those inputs and of the base image's id, so an unchanged image is never rebuilt and a changed one always is.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { pack as tarPack } from 'tar-stream';
import { describeError, FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { checkInstalled, vendorClosure, type VendoredPackage } from './vendor.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const IMAGES_DIR = path.join(PROJECT_ROOT, 'sandbox-images');
/** Shared by every image; copied into each build context as runner/. */
const RUNNER_DIR = 'runner';
/** Folders of sandbox-images/ that are not images. */
const NOT_IMAGES = new Set(['runner']);
const TAIL_LINES = 30;
/** The image the sandbox images build on; made locally by ensureBaseImage where it cannot be pulled. */
export const BASE_IMAGE = 'debian:bookworm-slim';

export interface ImageDirs {
  /** Folder holding one folder per image and runner/ (default: the project's sandbox-images/). */
  imagesDir?: string;
  /** Folder holding package-lock.json and node_modules/ to vendor from (default: the project root). */
  projectRoot?: string;
}

interface ContextFile {
  /** Path inside the build context. */
  name: string;
  source: string;
  kind: 'file' | 'symlink';
}

export interface ImageSpec {
  name: string;
  tag: string;
  files: ContextFile[];
  vendored: VendoredPackage[];
}

export interface BuiltImage {
  name: string;
  tag: string;
  /** false when the tag already existed and nothing was built */
  built: boolean;
}

export function imageRepository(name: string): string {
  return `flywheel-sandbox-${name}`;
}

/** Folders of the images dir that hold a Dockerfile. */
export async function listImageNames(dirs: ImageDirs = {}): Promise<string[]> {
  const root = dirs.imagesDir ?? IMAGES_DIR;
  const names: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_IMAGES.has(entry.name)) continue;
    const hasDockerfile = await lstat(path.join(root, entry.name, 'Dockerfile')).then(() => true, () => false);
    if (hasDockerfile) names.push(entry.name);
  }
  return names.sort();
}

async function walk(dir: string, prefix: string, skipTopNodeModules: boolean): Promise<ContextFile[]> {
  const out: ContextFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const source = path.join(dir, entry.name);
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      // A package's own node_modules holds other packages, which the closure lists (or leaves out) itself.
      if (skipTopNodeModules && entry.name === 'node_modules') continue;
      out.push(...(await walk(source, name, false)));
    } else if (entry.isSymbolicLink()) {
      out.push({ name, source, kind: 'symlink' });
    } else if (entry.isFile()) {
      out.push({ name, source, kind: 'file' });
    }
  }
  return out;
}

function fromImages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)].map((m) => m[1] as string);
}

/** Everything that goes into an image and its tag. Throws FLY_SANDBOX_IMAGE_MISSING for a missing base image. */
export async function describeImage(docker: Docker, name: string, dirs: ImageDirs = {}): Promise<ImageSpec> {
  const imagesDir = dirs.imagesDir ?? IMAGES_DIR;
  const projectRoot = dirs.projectRoot ?? PROJECT_ROOT;
  const dir = path.join(imagesDir, name);
  let manifest: { vendor?: string[] };
  let dockerfile: string;
  try {
    dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    manifest = JSON.parse(await readFile(path.join(dir, 'image.json'), 'utf8')) as typeof manifest;
  } catch (err) {
    throw new FlywheelError('FLY_SANDBOX_IMAGE_MISSING', `sandbox image ${name}: no readable Dockerfile and image.json in ${dir}`, { cause: err });
  }
  const vendored = await vendorClosure(projectRoot, manifest.vendor ?? []);
  const files: ContextFile[] = [...(await walk(dir, '', false)), ...(await walk(path.join(imagesDir, RUNNER_DIR), RUNNER_DIR, false))];
  for (const pkg of vendored) files.push(...(await walk(path.join(projectRoot, pkg.location), pkg.location, true)));

  const hash = createHash('sha256');
  for (const file of files) {
    // Vendored files are pinned by version and integrity below; hashing their bytes on every start is waste.
    if (file.name.startsWith('node_modules/')) continue;
    const content = file.kind === 'symlink' ? `-> ${await readlink(file.source)}` : await readFile(file.source);
    hash.update(`${file.name}\0`).update(content).update('\0');
  }
  for (const pkg of vendored) hash.update(`${pkg.location}@${pkg.version}#${pkg.integrity}\0`);
  for (const base of fromImages(dockerfile)) {
    try {
      const info = await docker.getImage(base).inspect();
      hash.update(`FROM ${base}=${info.Id}\0`);
    } catch (err) {
      throw new FlywheelError('FLY_SANDBOX_IMAGE_MISSING', `base image ${base} of sandbox image ${name} is missing: run sandbox-images/make-base.sh`, { cause: err });
    }
  }
  return { name, tag: `${imageRepository(name)}:${hash.digest('hex').slice(0, 16)}`, files, vendored };
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw new FlywheelError('FLY_SANDBOX_UNAVAILABLE', `cannot inspect image ${tag}`, { cause: err });
  }
}

/** The build context as a tar stream, made in-process; file contents are read as the stream is consumed. */
function contextTar(spec: ImageSpec): NodeJS.ReadableStream {
  const pack = tarPack();
  const mtime = new Date(0);
  void (async () => {
    for (const file of spec.files) {
      const st = await lstat(file.source);
      if (file.kind === 'symlink') {
        pack.entry({ name: file.name, type: 'symlink', linkname: await readlink(file.source), mode: 0o777, mtime });
        continue;
      }
      const body = await readFile(file.source);
      await new Promise<void>((resolve, reject) => {
        pack.entry({ name: file.name, size: body.length, mode: st.mode & 0o755, mtime, uid: 0, gid: 0 }, body, (err) => (err ? reject(err) : resolve()));
      });
    }
    pack.finalize();
  })().catch((err: unknown) => pack.destroy(err as Error));
  return pack as unknown as NodeJS.ReadableStream;
}

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

async function buildOne(docker: Docker, spec: ImageSpec, log: Logger): Promise<void> {
  const tail: string[] = [];
  const keep = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const fail = (message: string, cause?: unknown): FlywheelError =>
    new FlywheelError('FLY_SANDBOX_BUILD_FAILED', `building ${spec.tag} failed: ${message}\n${tail.join('\n')}`, {
      cause,
      details: { image: spec.name, tag: spec.tag, tail: [...tail] },
    });
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(contextTar(spec), {
      t: spec.tag,
      rm: true,
      forcerm: true,
      labels: { 'flywheel.sandbox.image': spec.name },
    });
  } catch (err) {
    throw fail('the engine refused the build', err);
  }
  let buffered = '';
  let error: string | undefined;
  const onLine = (raw: string): void => {
    if (raw.trim() === '') return;
    let event: BuildEvent;
    try {
      event = JSON.parse(raw) as BuildEvent;
    } catch {
      event = { stream: raw };
    }
    if (event.error !== undefined) {
      error = event.errorDetail?.message ?? event.error;
      keep(error);
      log.error({ image: spec.name }, error);
    }
    for (const line of (event.stream ?? '').split('\n')) {
      if (line.trim() === '') continue;
      keep(line);
      log.info({ image: spec.name }, line);
    }
  };
  try {
    for await (const chunk of stream) {
      buffered += chunk.toString();
      let cut: number;
      while ((cut = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, cut));
        buffered = buffered.slice(cut + 1);
      }
    }
    onLine(buffered);
  } catch (err) {
    throw fail('the build stream broke', err);
  }
  if (error !== undefined) throw fail(error);
  if (!(await imageExists(docker, spec.tag))) throw fail('the engine reported no error but the tag is missing');
}

/**
 * Builds the named sandbox images (`flywheel sandbox build`), skipping those whose tag already exists.
 * Build output goes to `log`; a failed build throws FLY_SANDBOX_BUILD_FAILED carrying the output's tail.
 */
export async function buildImages(docker: Docker, names: string[], log: Logger, dirs: ImageDirs = {}): Promise<BuiltImage[]> {
  const out: BuiltImage[] = [];
  for (const name of names) {
    const spec = await describeImage(docker, name, dirs);
    if (await imageExists(docker, spec.tag)) {
      log.info({ image: name, tag: spec.tag }, 'sandbox image up to date');
      out.push({ name, tag: spec.tag, built: false });
      continue;
    }
    await checkInstalled(dirs.projectRoot ?? PROJECT_ROOT, spec.vendored);
    log.info({ image: name, tag: spec.tag, vendored: spec.vendored.length }, 'building sandbox image');
    await buildOne(docker, spec, log);
    log.info({ image: name, tag: spec.tag }, 'sandbox image built');
    out.push({ name, tag: spec.tag, built: true });
  }
  return out;
}

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
