// A small key-value cache with a TTL: in process (LRU) by default, Redis when REDIS_URL is set.
// The cache only saves work: a cache that fails answers "miss" and the caller goes on.
import type { Redis } from 'ioredis';

export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: string; expires: number }>();
  constructor(private readonly maxEntries: number) {}

  async get(key: string): Promise<string | null> {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    if (e.expires < Date.now()) return null;
    this.entries.set(key, e); // most recently used last
    return e.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.maxEntries === 0 || ttlSeconds === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  /** Calls that failed (Redis down): counted, never thrown. */
  errors = 0;
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async get(key: string): Promise<string | null> {
    try {
      return await this.redis.get(this.prefix + key);
    } catch {
      this.errors++;
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds === 0) return;
    try {
      await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds);
    } catch {
      this.errors++;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.prefix + key);
    } catch {
      this.errors++;
    }
  }
}
