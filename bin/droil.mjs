#!/usr/bin/env node
// Entry point of the `droil` CLI: runs the TypeScript sources through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main, processIO } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2), processIO);
// Let stdout drain before exiting.
process.stdout.write('', () => process.exit(code));
