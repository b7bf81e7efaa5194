// `swarmbench validate <file-or-name> [--set k=v ...] [--json]`: checks a scenario without
// touching Docker; every mistake at once, each at file:line:column. Exit 2 when wrong.
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { parseSetArgs } from './set-args.js';

interface ValidateArgs extends GlobalArgs {
  file: string;
  set: string[];
  nodes?: number;
  json: boolean;
}

export const validateCommand: CommandModule<GlobalArgs, ValidateArgs> = {
  command: 'validate <file>',
  describe: 'check a scenario file (or named scenario) without touching Docker',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'a scenario file or a name under scenarios/',
      })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a parameter: --set replicas=200' })
      .option('nodes', { type: 'number', describe: 'total nodes, overriding the cluster block' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the issues (or the resolved scenario) as JSON',
      }) as Argv<ValidateArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { resolveScenarioFile } = await import('../../scenario/named.js');
      const { loadScenario } = await import('../../scenario/load.js');
      const { formatIssue } = await import('../../scenario/parse.js');
      const file = resolveScenarioFile(args.file);
      const r = loadScenario(file, readFileSync(file, 'utf8'), {
        overrides: parseSetArgs(args.set),
        nodes: args.nodes,
      });
      if (args.json) {
        ctx.printJson(r.ok ? { ok: true, scenario: r.scenario } : { ok: false, issues: r.issues });
      } else if (r.ok) {
        const s = r.scenario;
        ctx.print(
          `${file}: valid (${s.steps.length} steps after repeats, ${s.slos.length} SLOs, cluster ${s.cluster.nodes} nodes / ${s.cluster.managers} managers, validity ${s.validity}, image cache ${s.imageCache})`,
        );
      } else {
        for (const i of r.issues) ctx.print(formatIssue(i));
        ctx.log.error(`${file}: ${r.issues.length} mistake${r.issues.length > 1 ? 's' : ''}; nothing was run`);
      }
      return r.ok ? ExitCode.ok : ExitCode.badInput;
    }),
};
