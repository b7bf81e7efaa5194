// Throw-away TLS files for an engine reached over tcp:// with --tlsverify: a CA, a server
// certificate valid for the given IP addresses, and a client certificate, laid out the way
// Docker's client (and swarmbench's tlsDir) expects them: ca.pem, cert.pem, key.pem.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });
const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Writes <dir>/server/{ca,server-cert,server-key}.pem and <dir>/client/{ca,cert,key}.pem. */
export function makeTlsFiles(dir: string, serverIps: string[]): { serverDir: string; clientDir: string } {
  const serverDir = join(dir, 'server');
  const clientDir = join(dir, 'client');
  for (const d of [dir, serverDir, clientDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  openssl(
    dir,
    'req',
    '-x509',
    ...P256,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=swarmbench test CA',
  );
  const sign = (name: string, ext: string, subject: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(dir, 'req', ...P256, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}-cert.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign(
    'server',
    `subjectAltName=${serverIps.map((ip) => `IP:${ip}`).join(',')}\nextendedKeyUsage=serverAuth\n`,
    '/CN=swarmbench test engine',
  );
  sign('client', 'extendedKeyUsage=clientAuth\n', '/CN=swarmbench test client');
  execFileSync('cp', [join(dir, 'ca.pem'), join(dir, 'server-cert.pem'), join(dir, 'server-key.pem'), serverDir]);
  execFileSync('cp', [join(dir, 'ca.pem'), clientDir]);
  execFileSync('cp', [join(dir, 'client-cert.pem'), join(clientDir, 'cert.pem')]);
  execFileSync('cp', [join(dir, 'client-key.pem'), join(clientDir, 'key.pem')]);
  return { serverDir, clientDir };
}
