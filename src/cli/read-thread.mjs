// Entry of the worker thread that reads one HDF5 file for the CLI (src/cli/files.ts): the TypeScript sources
// load through tsx, as in bin/droil.mjs (a worker thread does not inherit the main thread's module hooks).
import { register } from 'tsx/esm/api';

register();
await import('./read-thread.ts');
