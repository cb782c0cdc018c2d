#!/usr/bin/env node
// The one entry point. The project runs its TypeScript directly through tsx: no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
