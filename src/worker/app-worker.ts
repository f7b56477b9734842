// The page's worker entry (src/ui/worker-client.ts starts it): the app's RPC methods (worker.ts) over comlink.
// Benchmarks have an entry of their own (bench/bench-worker.ts), which the shipped app does not contain.
import * as Comlink from 'comlink';
import { api } from './worker';

Comlink.expose(api);
