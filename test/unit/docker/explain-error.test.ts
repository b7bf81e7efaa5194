// The errors the CLI prints for engine trouble: a missing engine names it and how to start it;
// a timeout that outlived its retries says the host is likely overloaded, with the load.
import { describe, expect, it } from 'vitest';
import { explainEngineError } from '../../../harness/docker/engine.js';
import { BadInputError, describeError, ExitCode, exitCodeOf, InfrastructureError } from '../../../harness/errors.js';

const local = { name: 'local', url: 'unix:///var/run/docker.sock' };

describe('explainEngineError', () => {
  it('a missing socket names the engine and how to start it', () => {
    const err = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), {
      code: 'ENOENT',
      address: '/var/run/docker.sock',
    });
    const out = explainEngineError(err, local);
    expect(out).toBeInstanceOf(InfrastructureError);
    expect(describeError(out)).toMatch(
      /Docker Engine "local" at unix:\/\/\/var\/run\/docker.sock does not answer[\s\S]*fix: start it/,
    );
  });

  it('a manager deadline becomes an overloaded-host message with the load and exit 3', () => {
    const err = new Error(
      '(HTTP code 500) server error - rpc error: code = DeadlineExceeded desc = context deadline exceeded ',
    );
    const out = explainEngineError(err, local);
    expect(exitCodeOf(out)).toBe(ExitCode.infrastructure);
    const text = describeError(out);
    expect(text).toMatch(/DeadlineExceeded .*did not answer in time \(load average here: \d+ on \d+ cores\)/);
    expect(text).toContain('fix: the host is likely overloaded');
  });

  it('leaves our own errors and unrelated ones as they are', () => {
    const ours = new BadInputError('timeout must be a duration, got "i/o timeout"');
    expect(explainEngineError(ours, local)).toBe(ours);
    const other = new Error('no such service');
    expect(explainEngineError(other, local)).toBe(other);
  });
});
