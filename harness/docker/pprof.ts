// Go profiles of a dockerd, read from its /debug/pprof endpoints on its API unix socket (the
// managers' sockets are in a 0700 directory on the outer host: cluster/manager.ts), never over TCP.
// A CPU profile takes the seconds it asks for before it answers.
import { request } from 'node:http';

/** The two kinds the harness reads (metrics/profiles-index.ts names the files after them). */
export type ProfileKind = 'cpu' | 'heap';

export function profilePath(kind: ProfileKind, seconds: number): string {
  return kind === 'cpu' ? `/debug/pprof/profile?seconds=${Math.max(1, Math.round(seconds))}` : '/debug/pprof/heap';
}

/** The profile's bytes (gzip-compressed protobuf, as Go writes them). */
export function fetchProfile(socketPath: string, kind: ProfileKind, seconds: number): Promise<Buffer> {
  const timeoutMs = (kind === 'cpu' ? seconds : 0) * 1000 + 60_000;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: profilePath(kind, seconds), method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks))
          : reject(
              new Error(
                `${profilePath(kind, seconds)} answered ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`,
              ),
            ),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no profile within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', reject);
    req.end();
  });
}
