// Prints how fast a conditional flow trains on this machine's tfjs backend (ms per Adam step).
// Usage: npx tsx bench/flows.ts [backend=wasm|cpu] [blocks=6] [hidden=64] [batch=256]
import { tf, initBackend } from '../src/core/tf';
import { Rng } from '../src/core/rng';
import { ConditionalFlow, defaultFlowConfig } from '../src/core/flows/conditional-flow';
import { fitFlow, normalisationFromData } from '../src/core/flows/fit';

const [backend = 'wasm', blocks = '6', hidden = '64', batch = '256'] = process.argv.slice(2);
const choice = await initBackend(backend as 'wasm' | 'cpu');
// Pendulum-sized P_hat: x = [s', a'] (4), c = [s, a] (4).
const dim = 4, condDim = 4, n = 2000;
const rng = new Rng(1);
const x = Float32Array.from({ length: n * dim }, () => rng.normal());
const c = Float32Array.from({ length: n * condDim }, () => rng.normal());
const flow = new ConditionalFlow({ ...defaultFlowConfig(dim, condDim), blocks: +blocks, hidden: [+hidden, +hidden] }, rng);
flow.setNormalisation(normalisationFromData(x, c, n, dim, condDim));
await fitFlow(flow, x, c, n, { steps: 5, batchSize: +batch, learningRate: 1e-3, noise: 0.05, rng });
const steps = 40;
const t0 = performance.now();
await fitFlow(flow, x, c, n, { steps, batchSize: +batch, learningRate: 1e-3, noise: 0.05, rng, logEvery: steps });
const ms = (performance.now() - t0) / steps;
console.log(`flow fit, backend ${choice.backend}, ${blocks} blocks of 2 x ${hidden}, batch ${batch}, dim ${dim}, condition ${condDim}: ${ms.toFixed(1)} ms/step (${(2000 * ms / 1000).toFixed(0)} s for 2000 steps)`);
flow.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
