import { describe, expect, it } from 'vitest';
import { containerOptions, demuxToText, nodeHostConfig } from '../../../harness/docker/containers.js';
import { dockerdArgs } from '../../../harness/cluster/node-container.js';

describe('node containers', () => {
  it('capabilities mode: every capability but SYS_RESOURCE, no seccomp/apparmor, all devices, tmpfs /run', () => {
    const h = nodeHostConfig('capabilities');
    expect(h.Privileged).toBeUndefined();
    expect(h.CapAdd).toEqual(['ALL']);
    expect(h.CapDrop).toEqual(['SYS_RESOURCE']);
    expect(h.SecurityOpt).toEqual(['seccomp=unconfined', 'apparmor=unconfined']);
    // systempaths=unconfined, as the API spells it: nothing masked, nothing read-only in /proc and /sys.
    expect(h.MaskedPaths).toEqual([]);
    expect(h.ReadonlyPaths).toEqual([]);
    expect(h.DeviceCgroupRules).toEqual(['a *:* rwm']);
    expect(h.Tmpfs).toEqual({ '/run': '' });
  });

  it('privileged mode is just that', () => {
    expect(nodeHostConfig('privileged')).toMatchObject({ Privileged: true });
  });

  it('managers also listen on a unix socket for the harness; nobody listens on TCP', () => {
    const w = dockerdArgs('c1', 'worker');
    const m = dockerdArgs('c1', 'manager');
    expect(w).toEqual(['--insecure-registry', 'c1-registry:5000', '-H', 'unix:///var/run/docker.sock']);
    expect(m).toContain('unix:///run/swarmbench-api/docker.sock');
    expect([...w, ...m].some((a) => a.startsWith('tcp://'))).toBe(false);
  });

  it('publishes ports on the loopback only', () => {
    const o = containerOptions({ name: 'r', image: 'i', labels: {}, loopbackPorts: { 5000: 0 } });
    expect(o.HostConfig?.PortBindings).toEqual({ '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('demultiplexes exec and log streams', () => {
    const frame = (type: number, text: string) => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = type;
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    expect(demuxToText(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toBe('out\nerr\n');
    expect(demuxToText(Buffer.from('plain tty text'))).toBe('plain tty text');
  });
});
