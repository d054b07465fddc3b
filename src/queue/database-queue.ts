// The in-process queue: the database's batch items are the queue. Consumers claim due items
// with a lease, so any number of processes on one database share the work, and a restart picks
// up whatever was queued or left running by a process that died.
import type { BatchRepository, ClaimedItem } from '../store/batches.ts';
import type { Consumer, ConsumerOptions, JobQueue, ProcessResult } from './types.ts';

export class DatabaseQueue implements JobQueue {
  readonly kind = 'database' as const;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly batches: BatchRepository, private readonly pollMs = 500) {}

  private wake() {
    for (const w of [...this.waiters]) w();
  }

  async enqueue(_itemIds: string[]): Promise<void> {
    this.wake();
  }

  depth(): Promise<number> {
    return this.batches.depth();
  }

  async ping(): Promise<void> {}

  consume(process: (item: ClaimedItem) => Promise<ProcessResult>, options: ConsumerOptions): Consumer {
    let stopping = false;
    const sleep = (ms: number) => new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); this.waiters.delete(done); resolve(); };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
    const slot = async () => {
      while (!stopping) {
        let item: ClaimedItem | null = null;
        try {
          item = await this.batches.claimNext(options.leaseMs);
        } catch {
          await sleep(this.pollMs * 2); // the database is down: try again later
          continue;
        }
        if (!item) { await sleep(this.pollMs); continue; }
        await process(item).catch(() => 'retry' as const);
      }
    };
    const slots = Array.from({ length: options.concurrency }, slot);
    return {
      stop: async (timeoutMs) => {
        stopping = true;
        this.wake();
        await Promise.race([Promise.allSettled(slots), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      },
    };
  }

  async close(): Promise<void> {
    this.wake();
  }
}
