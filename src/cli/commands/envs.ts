import type { Command } from '../command';
export const command: Command = { name: 'envs', summary: 'list environments', usage: 'droil envs [--json]', run: async (_a, io) => { io.stdout('todo\n'); return 0; } };
