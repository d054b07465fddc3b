// The Redis queue (BullMQ) for deployments with REDIS_URL: any number of `medbillguard worker`
// processes on any machine. BullMQ carries the jobs and retries them with backoff; the database
// row of each item stays the truth, and a sweeper re-queues items that no job carries any more
// (a worker that died holding one, a Redis that lost its data).
//
// The producer has a connection of its own, apart from the cache's: adding jobs may take
// longer than a cache lookup may (see connectRedis), and readiness checks both.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchRepository, ClaimedItem } from '../store/batches.ts';
import { connectRedis, type RedisLog } from './redis.ts';
import type { Consumer, ConsumerOptions, JobQueue, ProcessResult } from './types.ts';

const QUEUE_NAME = 'medbillguard-batch-items';
/** Longest wait for Redis to take a batch's jobs, per try (two at most); past it the upload is refused with 503. */
const ENQUEUE_TIMEOUT_MS = 6_000;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

export class RedisQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly queue: Queue;
  private readonly producer: Redis;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly batches: BatchRepository,
    private readonly options: Pick<ConsumerOptions, 'attempts' | 'backoffMs'>,
    private readonly log: RedisLog,
  ) {
    this.producer = connectRedis(url, log, { commandTimeoutMs: 5000, name: 'queue' });
    this.queue = new Queue(QUEUE_NAME, { connection: this.producer, prefix });
    this.queue.on('error', () => { /* reported by the connection's own handler */ });
  }

  /**
   * Adds one job per item. A Redis that is connected but slow (a timeout) gets a second try: a
   * job's id is its item's id, so a second try whose first did reach Redis adds nothing twice.
   * A Redis that is not connected fails at once.
   */
  async enqueue(itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    const jobs = itemIds.map((id) => ({
      name: 'analyse',
      data: { itemId: id },
      opts: { jobId: id, attempts: this.options.attempts, backoff: { type: 'exponential' as const, delay: Math.max(1, this.options.backoffMs) }, removeOnComplete: true, removeOnFail: true },
    }));
    try {
      await within(this.queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS, 'adding jobs');
    } catch (err) {
      if (this.producer.status !== 'ready') throw err;
      this.log.warn({ redis_error: (err as { code?: string }).code ?? (err as Error).message, jobs: jobs.length }, 'adding jobs failed; trying once more');
      await within(this.queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS, 'adding jobs');
    }
  }

  depth(): Promise<number> {
    return this.batches.depth();
  }

  async ping(): Promise<void> {
    await this.producer.ping();
  }

  consume(process: (item: ClaimedItem) => Promise<ProcessResult>, options: ConsumerOptions): Consumer {
    const connection = connectRedis(this.url, this.log, { blocking: true, name: 'worker' });
    const worker = new Worker(QUEUE_NAME, async (job) => {
      const itemId = String((job.data as { itemId?: unknown }).itemId ?? '');
      const item = await this.batches.claim(itemId, options.leaseMs, { ignoreSchedule: true });
      if (!item) return 'skipped'; // done, failed, or held by a live worker
      const result = await process(item);
      if (result === 'retry') throw new Error('retry');
      return result;
    }, {
      connection,
      prefix: this.prefix,
      concurrency: options.concurrency,
      lockDuration: options.leaseMs,
      stalledInterval: Math.max(500, Math.floor(options.leaseMs / 2)),
      maxStalledCount: options.attempts,
    });
    worker.on('error', () => { /* reported by the connection's own handler */ });
    // Items that no BullMQ job carries: re-add them (the job id is the item id, so a job that
    // still exists is not duplicated).
    const sweep = setInterval(() => {
      this.batches.orphans(options.leaseMs)
        .then((ids) => this.enqueue(ids))
        .catch(() => {});
    }, Math.max(250, Math.floor(options.leaseMs / 2)));
    return {
      stop: async (timeoutMs) => {
        clearInterval(sweep);
        await Promise.race([worker.close(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
        connection.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
    this.producer.disconnect();
  }
}
