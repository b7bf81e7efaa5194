// `swarmbench scenarios ls|show <name>|metrics|schema [--write]|steps [--write]`: what the named
// scenarios do, their parameters with defaults, the metric names SLOs may use, the published
// schema, and the step table of scenarios/README.md (both generated from the step plug-ins).
// Handlers import what they use when they run, so `--help` stays quick.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { runCommand, type GlobalArgs } from '../context.js';

interface ScenariosArgs extends GlobalArgs {
  json: boolean;
  name?: string;
  write?: boolean;
}

const firstLine = (s: string) => s.split('\n')[0] ?? '';

const ls: CommandModule<GlobalArgs, ScenariosArgs> = {
  command: 'ls',
  describe: 'list the named scenarios',
  builder: (y: Argv<GlobalArgs>) => y.option('json', { type: 'boolean', default: false }) as Argv<ScenariosArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { scenarioHeadline, scenarioNames, scenariosDir } = await import('../../scenario/named.js');
      const files = scenarioNames().map((n) => join(scenariosDir(), `${n}.yaml`));
      if (args.json) return ctx.printJson(files.map((await import('../../scenario/catalog.js')).summarizeScenario));
      // The list needs no validation: `validate` and `scenarios show` do that.
      const all = files.map(scenarioHeadline);
      const width = Math.max(8, ...all.map((s) => s.name.length));
      for (const s of all) ctx.print(`${s.name.padEnd(width)}  ${s.description || firstLine(s.about)}`);
    }),
};

const show: CommandModule<GlobalArgs, ScenariosArgs> = {
  command: 'show <name>',
  describe: 'what a scenario reproduces, its parameters with defaults, cluster, SLOs and search',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('name', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false }) as Argv<ScenariosArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const [{ resolveScenarioFile }, { summarizeScenario }] = await Promise.all([
        import('../../scenario/named.js'),
        import('../../scenario/catalog.js'),
      ]);
      const s = summarizeScenario(resolveScenarioFile(args.name!));
      if (args.json) return ctx.printJson(s);
      const lines = [`${s.name}  (${s.file})`, '', s.about, ''];
      if (s.description) lines.push(s.description, '');
      lines.push('parameters (override with --set name=value):');
      const w = Math.max(4, ...s.params.map((p) => p.name.length));
      for (const p of s.params)
        lines.push(
          `  ${p.name.padEnd(w)}  ${JSON.stringify(p.default).padEnd(12)} ${p.type.padEnd(8)} ${p.description ?? ''}`,
        );
      if (s.cluster)
        lines.push(
          '',
          `cluster: ${Object.entries(s.cluster)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')}  (--nodes overrides nodes)`,
        );
      if (s.slos.length) lines.push('', 'SLOs:', ...s.slos.map((x) => `  ${x}`));
      if (s.search) {
        const { describeSearch } = await import('../../search/plan.js');
        lines.push('', `search (each size a probe-<size> run; knee.html): ${describeSearch(s.search)}`);
      }
      ctx.print(lines.join('\n'));
    }),
};

const metrics: CommandModule<GlobalArgs, ScenariosArgs> = {
  command: 'metrics',
  describe: 'the metric names an SLO may use, with units (--write updates docs/metrics.md)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('json', { type: 'boolean', default: false })
      .option('write', { type: 'boolean', default: false }) as Argv<ScenariosArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      if (args.write) {
        const { METRICS_DOC, writeMetricsDoc } = await import('../../metrics/docs.js');
        return ctx.log.info(`${writeMetricsDoc() ? 'wrote' : 'up to date:'} ${METRICS_DOC()}`);
      }
      const { metricDef, metricNames } = await import('../../metrics/registry.js');
      const names = metricNames();
      const defs = names.map((n) => metricDef(n)!);
      if (args.json) {
        return ctx.printJson(
          Object.fromEntries(
            defs.map((d) => [
              d.name,
              {
                unit: d.unit,
                better: d.better,
                description: d.description,
                noiseFloor: d.noiseFloor,
                gate: d.gate,
                measurement: d.plugin.name,
              },
            ]),
          ),
        );
      }
      const w = Math.max(...names.map((n) => n.length));
      for (const d of defs)
        ctx.print(
          `${d.name.padEnd(w)}  ${d.unit.padEnd(7)} ${d.better} is better${d.gate ? ', gates' : '       '}  ${d.description}`,
        );
    }),
};

const schema: CommandModule<GlobalArgs, ScenariosArgs> = {
  command: 'schema',
  describe: 'print the scenario JSON Schema (--write updates scenarios/schema.json and its precompiled validators)',
  builder: (y: Argv<GlobalArgs>) => y.option('write', { type: 'boolean', default: false }) as Argv<ScenariosArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const [{ schemaFileText }, { scenariosDir }] = await Promise.all([
        import('../../scenario/schema.js'),
        import('../../scenario/named.js'),
      ]);
      if (!args.write) return ctx.print(schemaFileText());
      const file = join(scenariosDir(), 'schema.json');
      writeFileSync(file, schemaFileText());
      ctx.log.info(`wrote ${file}`);
      const { PRECOMPILED_FILE, writePrecompiled } = await import('../../scenario/precompile.js');
      ctx.log.info(`${writePrecompiled() ? 'wrote' : 'up to date:'} ${PRECOMPILED_FILE()}`);
    }),
};

const steps: CommandModule<GlobalArgs, ScenariosArgs> = {
  command: 'steps',
  describe: 'print the step types as a Markdown table (--write updates the table in scenarios/README.md)',
  builder: (y: Argv<GlobalArgs>) => y.option('write', { type: 'boolean', default: false }) as Argv<ScenariosArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const [{ renderStepTable, withStepTable }, { scenariosDir }] = await Promise.all([
        import('../../scenario/step-table.js'),
        import('../../scenario/named.js'),
      ]);
      if (!args.write) return ctx.print(renderStepTable());
      const file = join(scenariosDir(), 'README.md');
      writeFileSync(file, withStepTable(readFileSync(file, 'utf8')));
      ctx.log.info(`wrote the step table of ${file}`);
    }),
};

export const scenariosCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'scenarios <command>',
  describe: 'list and describe the named scenarios',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command([ls, show, metrics, schema, steps] as CommandModule<GlobalArgs, ScenariosArgs>[])
      .demandCommand(1) as Argv<GlobalArgs>,
  handler: () => undefined,
};
