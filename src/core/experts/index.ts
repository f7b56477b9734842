// Public API of the built-in experts.
export type { ExpertController } from './types';
export { getExpert } from '../environments/registry';
export { expertActor } from './actor';
export { generateDemos, type DemoOptions } from './demos';
