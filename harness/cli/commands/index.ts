// Every command the CLI offers. Each module exports one yargs CommandModule.
import type { CommandModule } from 'yargs';
import { doctorCommand } from './doctor.js';
import { upCommand } from './up.js';
import { downCommand } from './down.js';
import { statusCommand } from './status.js';
import { nodesCommand } from './nodes.js';
import { imagesCommand } from './images.js';
import { calibrateCommand } from './calibrate.js';
import { metricsCommand } from './metrics.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { historyCommand } from './history.js';
import { runsCommand } from './runs.js';
import { runCommandModule } from './run.js';
import { validateCommand } from './validate.js';
import { scenariosCommand } from './scenarios.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  doctorCommand,
  upCommand,
  downCommand,
  statusCommand,
  nodesCommand,
  imagesCommand,
  calibrateCommand,
  metricsCommand,
  reportCommand,
  compareCommand,
  historyCommand,
  runsCommand,
  runCommandModule,
  validateCommand,
  scenariosCommand,
];
