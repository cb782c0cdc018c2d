// Image inputs, tags and builds, and a smoke run of each real image's toolchain through the pool.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { isFlywheelError } from '../../src/errors.ts';
import { buildImages, describeImage, IMAGES_DIR, imageExists, imageRepository, listImageNames, PROJECT_ROOT, pruneImages } from '../../src/sandbox/images.ts';
import { createSandbox, type Sandbox, type SandboxJob } from '../../src/sandbox/index.ts';
import { vendorClosure } from '../../src/sandbox/vendor.ts';
import { requireDocker } from '../helpers/docker.ts';
import { ensureImages, testConfig, testLogger } from './fixtures.ts';

let docker: Docker;
let scratch: string;

before(async () => {
  docker = await requireDocker();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-images-test-'));
});

after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A copy of sandbox-images/ with only the runner and the named images, to change inputs freely. */
async function copyImages(names: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'images-'));
  await cp(path.join(IMAGES_DIR, 'runner'), path.join(dir, 'runner'), { recursive: true });
  for (const name of names) await cp(path.join(IMAGES_DIR, name), path.join(dir, name), { recursive: true });
  return dir;
}

describe('image inputs', () => {
  test('the images are python, php and node', async () => {
    assert.deepEqual(await listImageNames(), ['node', 'php', 'python']);
  });

  test('the node image vendors its packages with their whole dependency closure and nothing else', async () => {
    const manifest = JSON.parse(await readFile(path.join(IMAGES_DIR, 'node', 'image.json'), 'utf8')) as { vendor: string[] };
    const vendored = await vendorClosure(PROJECT_ROOT, manifest.vendor);
    const locations = new Set(vendored.map((p) => p.location));
    for (const root of ['typescript', 'eslint', '@eslint/js', 'typescript-eslint']) assert.ok(locations.has(`node_modules/${root}`), root);
    for (const unrelated of ['node_modules/pg', 'node_modules/dockerode', 'node_modules/pino', 'node_modules/tsx']) assert.ok(!locations.has(unrelated), unrelated);
    // Independently of the lock file: every dependency every vendored package declares resolves, the way Node
    // would from that package's directory, to a vendored directory.
    const top = path.resolve(PROJECT_ROOT);
    for (const pkg of vendored) {
      const manifestOf = JSON.parse(await readFile(path.join(top, pkg.location, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(manifestOf.dependencies ?? {})) {
        let dir = path.join(top, pkg.location);
        let found: string | undefined;
        while (dir.startsWith(top)) {
          const candidate = path.join(dir, 'node_modules', dep);
          if (existsSync(path.join(candidate, 'package.json'))) {
            found = path.relative(top, candidate).split(path.sep).join('/');
            break;
          }
          dir = path.dirname(dir);
        }
        assert.ok(found, `${pkg.location} needs ${dep}, which is not installed`);
        assert.ok(locations.has(found), `${pkg.location} needs ${found}, which is not vendored`);
      }
    }
  });

  test('the tag depends on the image inputs only: same inputs, same tag; any change, a new tag', async () => {
    const real = await describeImage(docker, 'python');
    const dir = await copyImages(['python']);
    const copy = await describeImage(docker, 'python', { imagesDir: dir });
    assert.equal(copy.tag, real.tag);
    await writeFile(path.join(dir, 'python', 'harness', 'extra.py'), '# new harness file\n');
    const harnessChanged = await describeImage(docker, 'python', { imagesDir: dir });
    assert.notEqual(harnessChanged.tag, real.tag);
    await writeFile(path.join(dir, 'runner', 'runner.py'), `${await readFile(path.join(dir, 'runner', 'runner.py'), 'utf8')}\n# changed\n`);
    const runnerChanged = await describeImage(docker, 'python', { imagesDir: dir });
    assert.notEqual(runnerChanged.tag, harnessChanged.tag);
  });

  test('a vendored package at another version gives another tag', async () => {
    const project = await mkdtemp(path.join(scratch, 'project-'));
    const dir = await copyImages([]);
    await mkdir(path.join(dir, 'tiny'));
    await writeFile(path.join(dir, 'tiny', 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY node_modules/ /opt/flywheel/node_modules/\n');
    await writeFile(path.join(dir, 'tiny', 'image.json'), JSON.stringify({ vendor: ['left-pad'] }));
    const install = async (version: string): Promise<string> => {
      await mkdir(path.join(project, 'node_modules', 'left-pad'), { recursive: true });
      await writeFile(path.join(project, 'node_modules', 'left-pad', 'package.json'), JSON.stringify({ name: 'left-pad', version }));
      await writeFile(path.join(project, 'package-lock.json'), JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/left-pad': { version, integrity: `sha512-${version}` } },
      }));
      return (await describeImage(docker, 'tiny', { imagesDir: dir, projectRoot: project })).tag;
    };
    const first = await install('1.3.0');
    assert.equal(await install('1.3.0'), first);
    assert.notEqual(await install('1.3.1'), first);
  });
});

describe('building', () => {
  test('buildImages builds a missing image once and then skips it', async () => {
    const dir = await copyImages([]);
    await mkdir(path.join(dir, 'tiny'));
    await writeFile(path.join(dir, 'tiny', 'Dockerfile'), `FROM debian:bookworm-slim\nCOPY runner/ /opt/flywheel/runner/\nCOPY image.json /opt/flywheel/\nLABEL test.run="${process.pid}-${Date.now()}"\n`);
    await writeFile(path.join(dir, 'tiny', 'image.json'), '{}');
    const first = await buildImages(docker, ['tiny'], testLogger(), { imagesDir: dir });
    try {
      assert.equal(first[0]?.built, true);
      assert.match(first[0]?.tag ?? '', /^flywheel-sandbox-tiny:[0-9a-f]{16}$/);
      const second = await buildImages(docker, ['tiny'], testLogger(), { imagesDir: dir });
      assert.deepEqual(second, [{ ...first[0], built: false }]);
    } finally {
      await docker.getImage(first[0]?.tag as string).remove({ force: true });
    }
  });

  test('pruning removes the other tags of our repository and keeps the current one and other repositories', async () => {
    const repository = imageRepository('prune-test');
    const tags = ['0000000000000000', '1111111111111111', 'current'];
    const base = docker.getImage('debian:bookworm-slim');
    for (const tag of tags) await base.tag({ repo: repository, tag });
    try {
      const lines = await pruneImages(docker, [{ name: 'prune-test', tag: `${repository}:current` }]);
      assert.deepEqual(lines, [`${repository}:0000000000000000  removed`, `${repository}:1111111111111111  removed`]);
      const left = (await docker.listImages({ filters: JSON.stringify({ reference: [repository] }) })).flatMap((i) => i.RepoTags ?? []);
      assert.deepEqual(left, [`${repository}:current`]);
      assert.ok(await imageExists(docker, 'debian:bookworm-slim'));
    } finally {
      for (const tag of tags) await docker.getImage(`${repository}:${tag}`).remove().catch(() => {});
    }
  });

  test('a failed build throws FLY_SANDBOX_BUILD_FAILED carrying the tail of the build output', async () => {
    const dir = await copyImages([]);
    await mkdir(path.join(dir, 'broken'));
    // The build prints 42; the Dockerfile only has the sum, so finding 42 proves the output itself is carried.
    await writeFile(path.join(dir, 'broken', 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo "about to fail $((40 + 2))" && exit 3\n');
    await writeFile(path.join(dir, 'broken', 'image.json'), '{}');
    await assert.rejects(buildImages(docker, ['broken'], testLogger(), { imagesDir: dir }), (err) => {
      assert.ok(isFlywheelError(err, 'FLY_SANDBOX_BUILD_FAILED'));
      assert.match(err.message, /about to fail 42/);
      assert.match(err.message, /returned a non-zero code: 3/);
      return true;
    });
  });
});

describe('each image runs its toolchain', () => {
  let sandbox: Sandbox;

  before(async () => {
    await ensureImages(docker, ['python', 'php', 'node']);
    sandbox = await createSandbox({ config: testConfig({ SANDBOX_TIMEOUT_MS: '30000' }), log: testLogger(), images: ['python', 'php', 'node'] });
  });

  after(async () => {
    await sandbox?.close();
  });

  const run = (job: SandboxJob) => sandbox.run(job);

  test('python runs programs and pyflakes, and has the harness folder', async () => {
    const ok = await run({ image: 'python', files: { 'a.py': 'import sys\nprint(sys.version_info[0], sys.stdin.read())' }, command: ['python3', 'a.py'], stdin: 'in' });
    assert.equal(ok.stdout, '3 in\n');
    const lint = await run({ image: 'python', files: { 'b.py': 'import os\n' }, command: ['python3', '-m', 'pyflakes', 'b.py'] });
    assert.equal(lint.exitCode, 1);
    assert.match(lint.stdout, /'os' imported but unused/);
    const harness = await run({ image: 'python', files: {}, command: ['test', '-d', '/opt/flywheel/harness'] });
    assert.equal(harness.exitCode, 0);
  });

  test("php runs programs, has the harness folder, and a memory bomb ends as 'memory'", async () => {
    const ok = await run({ image: 'php', files: { 'a.php': '<?php echo 6 * 7, "\\n";' }, command: ['php', 'a.php'] });
    assert.equal(ok.stdout, '42\n');
    const harness = await run({ image: 'php', files: {}, command: ['test', '-d', '/opt/flywheel/harness'] });
    assert.equal(harness.exitCode, 0);
    const bomb = await run({ image: 'php', files: { 'm.php': '<?php ini_set("memory_limit", "-1"); $a = []; while (true) { $a[] = str_repeat("x", 1 << 20); }' }, command: ['php', 'm.php'], limits: { memoryMb: 128 } });
    assert.equal(bomb.limit, 'memory');
  });

  test("node runs programs, tsc and eslint (with typescript-eslint) from any work dir, and a memory bomb ends as 'memory'", async () => {
    const ok = await run({ image: 'node', files: { 'a.mjs': 'console.log(6 * 7)' }, command: ['node', 'a.mjs'] });
    assert.equal(ok.stdout, '42\n');
    const tsc = await run({ image: 'node', files: { 'a.ts': "const x: number = 'a';\nexport {};\n" }, command: ['tsc', '--noEmit', '--strict', 'a.ts'] });
    assert.equal(tsc.exitCode, 2);
    assert.match(tsc.stdout, /TS2322/);
    const config = "import js from '@eslint/js';\nimport tseslint from 'typescript-eslint';\nexport default tseslint.config(js.configs.recommended, ...tseslint.configs.recommended);\n";
    const lint = await run({ image: 'node', files: { 'eslint.config.mjs': config, 'b.ts': 'let y: any = 1;\nexport {};\n' }, command: ['eslint', 'b.ts'] });
    assert.equal(lint.exitCode, 1, lint.stderr);
    assert.match(lint.stdout, /no-explicit-any/);
    const harness = await run({ image: 'node', files: {}, command: ['test', '-d', '/opt/flywheel/harness'] });
    assert.equal(harness.exitCode, 0);
    const bomb = await run({ image: 'node', files: { 'm.js': 'const a = []; while (true) a.push(Buffer.alloc(1 << 24, 1));' }, command: ['node', 'm.js'], limits: { memoryMb: 256 } });
    assert.equal(bomb.limit, 'memory');
  });
});
