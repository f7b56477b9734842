// Entry of one `droil bench --jobs N` worker thread: the TypeScript sources load through tsx, as in
// bin/droil.mjs (a worker thread does not inherit the main thread's module hooks).
import { register } from 'tsx/esm/api';

register();
await import('./bench-thread.ts');
