import { describe, expect, it } from 'vitest';
import { redact, redactValue } from '../../../harness/util/redact.js';

describe('redact', () => {
  const token = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
  it('hides swarm join tokens wherever they appear', () => {
    const out = redact(`docker swarm join --token ${token} 10.0.0.2:2377`);
    expect(out).not.toContain('3pu6hszjas');
    expect(out).toContain('SWMTKN-1-<redacted>');
  });
  it('hides passwords in URLs and key=value pairs', () => {
    expect(redact('http://admin:hunter2@127.0.0.1:8086')).toBe('http://admin:<redacted>@127.0.0.1:8086');
    expect(redact('password=hunter2 user=x')).toBe('password=<redacted> user=x');
  });
  it('walks JSON values', () => {
    expect(JSON.stringify(redactValue({ a: [token] }))).not.toContain('1awxwuwd');
  });
});
