// `swarmbench images build|ls`: the image catalog on the local engine.
import type { Argv, CommandModule } from 'yargs';
import { CATALOG, LOGICAL_IMAGES, type LogicalImage } from '../../images/catalog.js';
import { formatBytes } from '../../util/duration.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface BuildArgs extends GlobalArgs {
  force: boolean;
  pull: boolean;
  only?: string[];
  json: boolean;
}

const buildCommand: CommandModule<GlobalArgs, BuildArgs> = {
  command: 'build',
  describe: 'build the images once (official image when available, else from OS packages); reuse them after',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('force', { type: 'boolean', default: false, describe: 'rebuild even when an up-to-date image exists' })
      .option('pull', { type: 'boolean', default: true, describe: 'try pulling the official images first' })
      .option('only', {
        type: 'array',
        string: true,
        choices: LOGICAL_IMAGES as unknown as string[],
        describe: 'build only these',
      })
      .option('json', { type: 'boolean', default: false }) as Argv<BuildArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { connect } = await import('../../docker/engine.js');
      const { buildImages } = await import('../../images/build.js');
      const started = Date.now();
      const results = await buildImages(connect(), {
        force: args.force,
        pull: args.pull,
        only: args.only as LogicalImage[] | undefined,
        log: ctx.log,
      });
      if (args.json) return ctx.printJson(results);
      for (const r of results) {
        ctx.print(
          `${r.name.padEnd(9)} ${r.ref.padEnd(28)} ${r.outcome.padEnd(8)} ${r.source}${r.version ? ' ' + r.version : ''} (${r.seconds.toFixed(1)}s)`,
        );
      }
      ctx.print(`images ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }),
};

interface LsArgs extends GlobalArgs {
  json: boolean;
}

const lsCommand: CommandModule<GlobalArgs, LsArgs> = {
  command: 'ls',
  describe: 'list the catalog and what is present on the engine',
  builder: (y: Argv<GlobalArgs>) => y.option('json', { type: 'boolean', default: false }) as Argv<LsArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { connect } = await import('../../docker/engine.js');
      const { inspectImage } = await import('../../docker/images.js');
      const engine = connect();
      const rows = [];
      for (const name of LOGICAL_IMAGES) {
        const entry = CATALOG[name];
        const img = await inspectImage(engine, entry.ref);
        rows.push({
          name,
          ref: entry.ref,
          standsFor: entry.official,
          present: Boolean(img),
          source: img?.labels['swarmbench.source'] ?? null,
          version: img?.labels['swarmbench.version'] ?? null,
          sizeBytes: img?.sizeBytes ?? null,
          description: entry.description,
        });
      }
      if (args.json) return ctx.printJson(rows);
      for (const r of rows) {
        const state = r.present
          ? `${r.source ?? ''} ${r.version ?? ''} ${formatBytes(r.sizeBytes ?? 0)}`
          : 'missing (swarmbench images build)';
        ctx.print(`${r.name.padEnd(9)} ${r.ref.padEnd(28)} ${state}`);
      }
    }),
};

export const imagesCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'images <command>',
  describe: 'the image catalog: node (dind), registry, influxdb, alpine, nginx',
  builder: (y) => y.command(buildCommand).command(lsCommand).demandCommand(1),
  handler: () => undefined,
};
