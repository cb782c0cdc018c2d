// Started by pool.test.ts as a separate process: brings two sandboxes up, says so, and waits to be signalled.
import { createSandbox } from '../../src/sandbox/index.ts';
import { testConfig, testLogger } from './fixtures.ts';

for (let i = 0; i < 2; i++) {
  const sandbox = await createSandbox({ config: testConfig(), log: testLogger(), images: ['python'] });
  const result = await sandbox.run({ image: 'python', files: {}, command: ['true'] });
  if (result.exitCode !== 0) throw new Error(`a plain job failed: ${result.stderr}`);
}
process.stdout.write('ready\n');
setInterval(() => undefined, 60000);
