// Public API of the built-in experts.
export type { ExpertController } from './types';
export { getExpert, expertActor } from './registry';
export { generateDemos, type DemoOptions } from './demos';
