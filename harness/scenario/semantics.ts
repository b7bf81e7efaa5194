// Checks that need the whole scenario rather than one value: SLO expressions and their units,
// services used before they are created, chaos that the cluster cannot do, ports not published.
// Each finding points at the key in the file, like schema errors do.
import { issueAt, type Issue, type ParsedFile } from './parse.js';
import { parseSlo } from './slo.js';
import type { ResolvedScenario } from './types.js';

export function checkMeaning(parsed: ParsedFile, s: ResolvedScenario, nodesFromCli: boolean): Issue[] {
  const issues: Issue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push(issueAt(parsed, path, message));

  s.slos.forEach((expr, i) => {
    const slo = parseSlo(expr);
    if (typeof slo === 'string') at(['slos', i], slo);
  });

  const { nodes, managers, hollow } = s.cluster;
  const workers = nodes - managers;
  if (workers < 1 && hollow === 0) {
    const message = `the cluster has ${nodes} node(s) and ${managers} manager(s): no worker would run tasks; ask for more nodes`;
    if (nodesFromCli) issues.push({ file: '(command line)', line: 0, column: 0, key: 'nodes', message: `--nodes ${nodes}: ${message}` });
    else at(['cluster', 'nodes'], message);
  }

  const services = new Map<string, { ports: number[] }>();
  const seenRepeat = new Set<string>();
  for (const step of s.steps) {
    const base = ['steps', step.sourceIndex, step.type];
    // A repeated step is checked once per expansion; one message per place in the file is enough.
    const once = (key: string, path: (string | number)[], message: string) => {
      const k = `${step.sourceIndex}:${key}`;
      if (seenRepeat.has(k)) return;
      seenRepeat.add(k);
      at(path, message);
    };
    const needService = (name: string, allowAll = false) => {
      if (allowAll && name === 'all') return;
      if (!services.has(name)) {
        const known = [...services.keys()];
        once('service', [...base, 'service'], `service '${name}' is not created by an earlier step${known.length ? ` (created so far: ${known.join(', ')})` : ''}`);
      }
    };
    switch (step.type) {
      case 'service.create':
        if (services.has(step.body.name)) once('name', [...base, 'name'], `service '${step.body.name}' is already created by an earlier step`);
        services.set(step.body.name, { ports: (step.body.publish ?? []).map((p) => p.published) });
        break;
      case 'service.scale':
      case 'service.remove':
        needService(step.body.service);
        if (step.type === 'service.remove') services.delete(step.body.service);
        break;
      case 'service.update':
        needService(step.body.service);
        if (step.body.image === undefined && step.body.env === undefined) {
          once('what', base, "an update needs 'image' or 'env' (or both)");
        }
        break;
      case 'wait.converged':
        needService(step.body.service, true);
        break;
      case 'http.load': {
        needService(step.body.service);
        const svc = services.get(step.body.service);
        if (svc && !svc.ports.includes(step.body.port)) {
          once('port', [...base, 'port'], `service '${step.body.service}' does not publish port ${step.body.port} (published: ${svc.ports.join(', ') || 'none'})`);
        }
        break;
      }
      case 'chaos': {
        const b = step.body;
        if (b.service !== undefined) needService(b.service);
        if (b.fraction !== undefined && b.count !== undefined) once('count', [...base, 'count'], "give 'fraction' or 'count', not both");
        if ((b.target ?? 'workers') === 'leader') {
          if (managers < 3) {
            once('target', [...base, 'target'], `killing the leader needs 3 or more managers (the cluster has ${managers}); without a quorum the swarm cannot elect a new one; set cluster.managers to 3 (or the parameter that feeds it)`);
          }
        } else if (workers < 1) {
          once('target', [...base, 'action'], 'chaos hits dind workers, and this cluster has none');
        }
        break;
      }
      default:
        break;
    }
  }
  return issues;
}
