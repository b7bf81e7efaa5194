// The image catalog: the logical images swarmbench runs, the official image each stands for,
// and how to build an equivalent from the host's OS packages when no registry can be reached.

export type LogicalImage = 'node' | 'registry' | 'influxdb' | 'alpine' | 'nginx';
export const LOGICAL_IMAGES: readonly LogicalImage[] = ['node', 'registry', 'influxdb', 'alpine', 'nginx'];

/** A Debian root filesystem built with debootstrap, shared by the images cut from it. */
export interface RootSpec {
  id: 'node' | 'toolbox';
  packages: string[];
}

export const ROOTS: Record<RootSpec['id'], RootSpec> = {
  // The dind node: a whole system with the Docker Engine, plus curl for HTTP probes from nodes.
  node: { id: 'node', packages: ['docker.io', 'iproute2', 'procps', 'ca-certificates', 'curl', 'iptables'] },
  // One root to cut the small images from: each takes only its binaries and their libraries.
  toolbox: { id: 'toolbox', packages: ['busybox-static', 'nginx-light', 'docker-registry', 'influxdb'] },
};

export interface SlimSpec {
  binaries: string[];
  extra?: string[];
  dirs?: string[];
  /** Files written into the image: path -> asset file name under harness/images/assets/. */
  assets?: Record<string, string>;
  /** Busybox applet links to create (for the alpine stand-in). */
  busyboxApplets?: boolean;
}

export interface CatalogEntry {
  name: LogicalImage;
  /** The tag every other module uses. */
  ref: string;
  /** The official image this stands for, used when present or pullable. */
  official: string;
  description: string;
  root: RootSpec['id'];
  /** The OS package whose version the image's labels report. */
  mainPackage: string;
  /** Whole root (node) or a slim cut of it. */
  slim?: SlimSpec;
  /** Assets added to a whole-root image: path in image -> asset name. */
  rootAssets?: Record<string, string>;
  /** Dockerfile instructions applied on import (and on top of the official image). */
  changes: string[];
  /** Extra Dockerfile lines when deriving from the official image. */
  officialExtra?: string[];
}

const PATH_ENV = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const CATALOG: Record<LogicalImage, CatalogEntry> = {
  node: {
    name: 'node',
    ref: 'swarmbench/node:latest',
    official: 'docker:dind',
    description: 'Docker-in-Docker node: a Docker Engine inside a container, joined to the inner swarm',
    root: 'node',
    mainPackage: 'docker.io',
    rootAssets: { 'usr/local/bin/swarmbench-node': 'node-entrypoint.sh' },
    changes: [PATH_ENV, 'ENTRYPOINT ["/usr/local/bin/swarmbench-node"]', 'CMD []'],
    officialExtra: ['COPY node-entrypoint.sh /usr/local/bin/swarmbench-node'],
  },
  registry: {
    name: 'registry',
    ref: 'swarmbench/registry:latest',
    official: 'registry:2',
    description: 'Docker registry v2 holding the workload images for the inner nodes',
    root: 'toolbox',
    mainPackage: 'docker-registry',
    slim: {
      binaries: ['/usr/bin/docker-registry'],
      dirs: ['var/lib/registry'],
      assets: { 'etc/docker/registry/config.yml': 'registry.yml' },
    },
    changes: [
      PATH_ENV,
      'EXPOSE 5000',
      'ENTRYPOINT ["/usr/bin/docker-registry"]',
      'CMD ["serve", "/etc/docker/registry/config.yml"]',
    ],
  },
  influxdb: {
    name: 'influxdb',
    ref: 'swarmbench/influxdb:latest',
    official: 'influxdb:1.8',
    description: 'InfluxDB 1.x for run metrics',
    root: 'toolbox',
    mainPackage: 'influxdb',
    slim: {
      binaries: ['/usr/bin/influxd'],
      dirs: ['var/lib/influxdb/meta', 'var/lib/influxdb/data', 'var/lib/influxdb/wal'],
      assets: { 'etc/influxdb/influxdb.conf': 'influxdb.conf' },
    },
    changes: [
      PATH_ENV,
      'EXPOSE 8086',
      'ENTRYPOINT ["/usr/bin/influxd"]',
      'CMD ["-config", "/etc/influxdb/influxdb.conf"]',
    ],
  },
  alpine: {
    name: 'alpine',
    ref: 'swarmbench/alpine:latest',
    official: 'alpine:3',
    description: 'minimal workload whose default command is `top` (Swarm2k/3k "alpine top")',
    root: 'toolbox',
    mainPackage: 'busybox-static',
    slim: { binaries: ['/bin/busybox'], busyboxApplets: true, dirs: ['root', 'proc', 'sys', 'dev'] },
    changes: [PATH_ENV, 'CMD ["top"]'],
    officialExtra: ['CMD ["top"]'],
  },
  nginx: {
    name: 'nginx',
    ref: 'swarmbench/nginx:latest',
    official: 'nginx:1',
    description: 'nginx answering every request with the name of the container that served it',
    root: 'toolbox',
    mainPackage: 'nginx-light',
    slim: {
      binaries: ['/usr/sbin/nginx'],
      dirs: [
        'var/lib/nginx/body',
        'var/lib/nginx/proxy',
        'var/lib/nginx/fastcgi',
        'var/lib/nginx/uwsgi',
        'var/lib/nginx/scgi',
        'var/log/nginx',
      ],
      assets: { 'etc/nginx/nginx.conf': 'nginx.conf' },
    },
    changes: [PATH_ENV, 'EXPOSE 80', 'ENTRYPOINT ["/usr/sbin/nginx", "-c", "/etc/nginx/nginx.conf"]', 'CMD []'],
    officialExtra: ['COPY nginx.conf /etc/nginx/nginx.conf'],
  },
};
