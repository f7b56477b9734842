// The f-divergence of the ball (ALGORITHMS.md): its own module so that dro-weights.ts and lambda-host.ts can both
// name it without importing each other. (Added where main's 804e2a7 imports it: the file was left out of that commit.)
export type Divergence = 'kl' | 'chi2';
