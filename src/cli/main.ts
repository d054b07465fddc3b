// `medbillguard <command>`: analyze, data, serve, worker, migrate. Exit status: 0 when the
// command ran (whatever the verdict), 2 for bad usage, 3 for an unreadable or unsupported file.
import { isUserError, UserError } from '../domain/errors.ts';
import { runAnalyze } from './analyze-command.ts';

export const USAGE = `Usage: medbillguard <command> [options]

Commands:
  analyze <file> [<file> ...]   audit one or more bills (text, CSV, PDF, PNG/JPEG/WebP/TIFF)
  letter <bill> --to … --out …  write a refund or complaint letter (PDF or DOCX, English or Hindi)
  data list|search|import|refresh|build   reference datasets (CGHS, NPPA, non-payable lists)
  serve                         run the HTTP service
  worker                        run batch workers (with REDIS_URL)
  migrate                       apply database migrations

Run \`medbillguard <command> --help\` for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'analyze':
      return runAnalyze(rest);
    case 'data': {
      const { runData } = await import('./data-command.ts');
      return runData(rest);
    }
    case 'letter': {
      const { runLetter } = await import('./letter-command.ts');
      return runLetter(rest);
    }
    case 'serve': case 'worker': case 'migrate': {
      const server = await import('../server/commands.ts');
      const fn = command === 'serve' ? server.serveCommand : command === 'worker' ? server.workerCommand : server.migrateCommand;
      // Exit when the command returns: a cluster worker's channel to its primary would keep it alive.
      process.exit((await fn(rest)) ?? 0);
    }
    case '--version': case '-v': case 'version': {
      const { readFileSync } = await import('node:fs');
      process.stdout.write(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version + '\n');
      return 0;
    }
    case undefined: case '--help': case '-h': case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`medbillguard: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

// A reader that stops early (`| head`) closes the pipe: finish quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (isUserError(error)) {
      process.stderr.write(`medbillguard: ${(error as UserError).toLine()}\n`);
      process.exitCode = (error as UserError).exitCode;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`medbillguard: internal error: ${message}\n(set MEDBILLGUARD_DEBUG=1 for details; please report it)\n`);
      if (process.env.MEDBILLGUARD_DEBUG) process.stderr.write(String((error as Error)?.stack) + '\n');
      process.exitCode = 1;
    }
  },
);
