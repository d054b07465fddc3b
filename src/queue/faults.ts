// Fault injection for the failure tests, off unless MBG_FAULT is set. `crash-after-store:N`
// kills this process (SIGKILL, no clean-up) right after its N-th analysis is stored and before
// the job is marked done: the worst moment for a worker to die.
let stores = 0;
const spec = /^crash-after-store:(\d+)$/.exec(process.env.MBG_FAULT ?? '');

export function afterStore(): void {
  if (!spec) return;
  stores++;
  if (stores === Number(spec[1])) process.kill(process.pid, 'SIGKILL');
}
