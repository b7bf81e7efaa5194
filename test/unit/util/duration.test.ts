import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseSize } from '../../../harness/util/duration.js';

describe('parseDuration', () => {
  it('reads units and combinations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
  });
  it('treats bare numbers as seconds', () => {
    expect(parseDuration('5')).toBe(5000);
    expect(parseDuration(2)).toBe(2000);
  });
  it('rejects what it cannot read', () => {
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('s')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
  it('formats back', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1500)).toBe('1.50s');
    expect(formatDuration(90_000)).toBe('1m30s');
  });
});

describe('parseSize', () => {
  it('reads binary and decimal units', () => {
    expect(parseSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('2GB')).toBe(2e9);
    expect(parseSize('64m')).toBe(64 * 1024 ** 2);
    expect(parseSize('100')).toBe(100);
    expect(parseSize('12 parsecs')).toBeUndefined();
  });
});
