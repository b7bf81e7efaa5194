// Checks that need the whole scenario rather than one value: SLO expressions and their units,
// a cluster with no worker, and each step's own checks (services used before they are created,
// chaos that the cluster cannot do, ports not published), which its plug-in declares.
// Each finding points at the key in the file, like schema errors do.
import { issueAt, type Issue, type ParsedFile, type Path } from './parse.js';
import { parseSlo } from './slo.js';
import type { CheckedService } from './steps/plugin.js';
import { stepPlugin } from './steps/registry.js';
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
    if (nodesFromCli)
      issues.push({
        file: '(command line)',
        line: 0,
        column: 0,
        key: 'nodes',
        message: `--nodes ${nodes}: ${message}`,
      });
    else at(['cluster', 'nodes'], message);
  }

  // Each step's own checks live in its plug-in; they run in file order over what earlier steps created.
  const services = new Map<string, CheckedService>();
  const seenRepeat = new Set<string>();
  for (const step of s.steps) {
    const plugin = stepPlugin(step.type);
    if (!plugin?.check) continue;
    const base = ['steps', step.sourceIndex, step.type];
    // A repeated step is checked once per expansion; one message per place in the file is enough.
    const once = (key: string, path: Path, message: string) => {
      const k = `${step.sourceIndex}:${key}`;
      if (seenRepeat.has(k)) return;
      seenRepeat.add(k);
      at([...base, ...path], message);
    };
    plugin.check(
      {
        services,
        cluster: { nodes, managers, workers, hollow },
        at: (path, message) => at([...base, ...path], message),
        once,
        needService: (name, allowAll = false) => {
          if (allowAll && name === 'all') return;
          if (!services.has(name)) {
            const known = [...services.keys()];
            once(
              'service',
              ['service'],
              `service '${name}' is not created by an earlier step${known.length ? ` (created so far: ${known.join(', ')})` : ''}`,
            );
          }
        },
      },
      step.body,
    );
  }
  return issues;
}
