import { describe, expect, it } from 'vitest';
import { parseClusterSeeds, RedisConfigError, RedisConfigErrorCode, redisTargetFromEnv } from '../../server/store/redisConnection';

describe('choosing Redis from the environment', () => {
  it('keeps REDIS_URL as one Redis, and nothing as the in-memory store', () => {
    expect(redisTargetFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({ url: 'redis://127.0.0.1:6379' });
    expect(redisTargetFromEnv({})).toBeUndefined();
  });

  it('takes REDIS_CLUSTER seeds as host:port or redis:// URLs, spaces and empty items aside', () => {
    expect(redisTargetFromEnv({ REDIS_CLUSTER: '127.0.0.1:7000, redis://:secret@10.0.0.2:7001 ,,rediss://node.example:7002' })).toEqual({
      cluster: ['redis://127.0.0.1:7000', 'redis://:secret@10.0.0.2:7001', 'rediss://node.example:7002'],
    });
  });

  it('refuses a seed it cannot use, without repeating it, and both settings at once', () => {
    for (const bad of ['', 'justahost', 'redis://:secret@host-without-port', ' , ']) {
      const err = (() => { try { parseClusterSeeds(bad); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(RedisConfigError);
      expect((err as RedisConfigError).code).toBe(RedisConfigErrorCode.BadSeed);
      expect((err as Error).message).not.toContain('secret');
    }
    expect(() => redisTargetFromEnv({ REDIS_URL: 'redis://a:1', REDIS_CLUSTER: 'b:2' })).toThrow(/not both/);
  });
});
