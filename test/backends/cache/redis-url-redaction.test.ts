import { describe, expect, it } from 'vitest';
import { redactRedisUrl } from '../../../src/backends/cache/redis-registry.js';

describe('redactRedisUrl', () => {
  it('hides the password of a parsable URL', () => {
    expect(redactRedisUrl('redis://user:s3cret@cache.internal:6379/2')).toBe('redis://user:***@cache.internal:6379/2');
  });

  it('hides what stands before "@" when the URL cannot be parsed, so a password never shows', () => {
    const shown = redactRedisUrl('redis://user:s3cret@bad host:port');
    expect(shown).not.toContain('s3cret');
    expect(shown).toContain('bad host:port');
  });

  it('keeps an unparsable URL without credentials as written, so the error can name it', () => {
    expect(redactRedisUrl('not a url')).toBe('not a url');
  });
});
