// Runs `serve`, `worker` or `migrate` directly (node dist/server/main.js serve), for process
// managers and tests; the `medbillguard` CLI dispatches to the same commands.
import { migrateCommand, serveCommand, workerCommand } from './commands.ts';

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = { serve: serveCommand, worker: workerCommand, migrate: migrateCommand };
const run = command ? commands[command] : undefined;
if (!run) {
  process.stderr.write('usage: node dist/server/main.js serve|worker|migrate [options]\n');
  process.exit(2);
}
process.exit(await run(rest));
