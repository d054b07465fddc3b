// The job queue of batch items, in process (job state in the database) or on Redis (BullMQ).
// Both run the same processor; the database row of each item is the truth about it.
import type { ClaimedItem } from '../store/batches.ts';

export type ProcessResult = 'done' | 'failed' | 'retry';

export interface ConsumerOptions {
  concurrency: number;
  leaseMs: number;
  attempts: number;
  backoffMs: number;
}

export interface Consumer {
  /** Stops taking jobs and waits (up to `timeoutMs`) for the running ones. */
  stop(timeoutMs: number): Promise<void>;
}

export interface JobQueue {
  readonly kind: 'database' | 'redis';
  /** Makes the items (already stored as queued) known to the consumers. */
  enqueue(itemIds: string[]): Promise<void>;
  /** Items queued or running. */
  depth(): Promise<number>;
  /** Throws when the queue's backing service does not answer. */
  ping(): Promise<void>;
  consume(process: (item: ClaimedItem) => Promise<ProcessResult>, options: ConsumerOptions): Consumer;
  close(): Promise<void>;
}
