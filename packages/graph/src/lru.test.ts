import { describe, expect, it } from 'vitest';
import { LruCache } from './lru.js';

describe('LruCache', () => {
  it('evicts the least recently used entry, counting reads as uses', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(2, (k) => evicted.push(k));
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('replaces an existing key without evicting', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(2, (k) => evicted.push(k));
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(evicted).toEqual([]);
  });

  it('clear() evicts everything; capacity must be positive', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(3, (k) => evicted.push(k));
    cache.set('x', 1);
    cache.set('y', 2);
    cache.clear();
    expect(evicted).toEqual(['x', 'y']);
    expect(cache.size).toBe(0);
    expect(() => new LruCache(0)).toThrow(/positive integer/);
  });
});
