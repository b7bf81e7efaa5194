// What a hollow worker tells the manager about itself. It looks like a Docker 20.10 engine on
// linux/x86_64 with the same plugins, so the scheduler's platform and plugin filters treat it
// as a real node; the engine label hollow=true lets scenarios place services on (or away from)
// hollow workers with `--constraint node.labels...`/`engine.labels.hollow==true`.
import { issuerOf, subjectAndPublicKey } from './pki/cert-info.js';
import type { NodeDescription } from './protocol.js';

export interface DescriptionOptions {
  /** Advertised resources; the scheduler subtracts reservations from these. */
  nanoCpus?: number;
  memoryBytes?: number;
  engineVersion?: string;
  /** Extra engine labels; hollow=true is always set. */
  labels?: Record<string, string>;
}

const PLUGINS: { type: string; name: string }[] = [
  ...['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'logentries', 'splunk', 'syslog'].map(
    (name) => ({ type: 'Log', name }),
  ),
  ...['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'].map((name) => ({ type: 'Network', name })),
  { type: 'Volume', name: 'local' },
];

type TlsInfo = NonNullable<NodeDescription['tlsInfo']>;
// Every worker of a swarm has the same issuer: parse it once, share the buffers.
const tlsInfoCache = new Map<string, TlsInfo>();

function tlsInfoFor(certChainPem: string, rootCaPem: string): TlsInfo {
  const issuerPem = issuerOf(certChainPem, rootCaPem);
  const key = rootCaPem + issuerPem;
  let info = tlsInfoCache.get(key);
  if (!info) {
    const issuer = subjectAndPublicKey(issuerPem);
    info = {
      trustRoot: Buffer.from(rootCaPem),
      certIssuerSubject: issuer.subject,
      certIssuerPublicKey: issuer.publicKey,
    };
    tlsInfoCache.set(key, info);
  }
  return info;
}

export function nodeDescription(
  hostname: string,
  certChainPem: string,
  rootCaPem: string,
  opts: DescriptionOptions = {},
): NodeDescription {
  return {
    hostname,
    platform: { architecture: 'x86_64', os: 'linux' },
    resources: { nanoCpus: opts.nanoCpus ?? 2_000_000_000, memoryBytes: opts.memoryBytes ?? 2 * 1024 ** 3 },
    engine: {
      engineVersion: opts.engineVersion ?? '20.10.24-hollow',
      labels: { ...opts.labels, hollow: 'true' },
      plugins: PLUGINS,
    },
    tlsInfo: tlsInfoFor(certChainPem, rootCaPem),
    fips: false,
  };
}
