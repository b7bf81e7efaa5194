// swarmbench: stress-test Docker Swarm at scale with Docker-in-Docker nodes.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { ExitCode } from '../errors.js';

const cli = yargs(hideBin(process.argv))
  .scriptName('swarmbench')
  .usage('$0 <command> [options]')
  .option('progress', {
    choices: ['auto', 'tty', 'plain', 'none'] as const,
    default: 'auto' as const,
    describe: 'progress display: live on a terminal, timestamped lines otherwise',
    global: true,
  })
  .option('verbose', { type: 'boolean', default: false, alias: 'v', describe: 'debug output', global: true })
  .command(commands)
  .demandCommand(1, 'name a command; `swarmbench --help` lists them')
  .strict()
  .recommendCommands()
  .epilog(
    'Exit codes: 0 ok, 1 SLO failed / regression / doctor found a blocker, 2 bad input, 3 infrastructure failure.',
  )
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`error: ${msg}\n  fix: see \`swarmbench --help\`\n`);
    process.exit(ExitCode.badInput);
  })
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 100));

await cli.parseAsync();
