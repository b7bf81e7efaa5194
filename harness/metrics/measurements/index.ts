// The built-in measurement plug-ins, in the order their figures are built (calibration reads
// task_status's rate) and their charts and docs rows appear.
import type { MeasurementPlugin } from '../plugin.js';
import { calibration } from './calibration.js';
import { chaos } from './chaos.js';
import { efficiency } from './efficiency.js';
import { harness } from './harness.js';
import { host } from './host.js';
import { hollowSim } from './hollow-sim.js';
import { hostResources } from './host-resources.js';
import { http } from './http.js';
import { leader } from './leader.js';
import { manager } from './manager.js';
import { mark } from './mark.js';
import { nodeResources } from './node-resources.js';
import { nodesAdd } from './nodes-add.js';
import { nodes } from './nodes.js';
import { runSummary } from './run-summary.js';
import { scale } from './scale.js';
import { sched } from './sched.js';
import { service } from './service.js';
import { step } from './step.js';
import { taskEngine } from './task-engine.js';
import { taskPhases } from './task-phases.js';
import { taskStatus } from './task-status.js';
import { update } from './update.js';
import { validity } from './validity.js';

export const BUILTIN_MEASUREMENTS: readonly MeasurementPlugin[] = [
  taskStatus,
  taskEngine,
  taskPhases,
  service,
  sched,
  nodes,
  leader,
  nodeResources,
  manager,
  hostResources,
  harness,
  host,
  hollowSim,
  step,
  mark,
  chaos,
  http,
  scale,
  update,
  nodesAdd,
  calibration,
  efficiency,
  validity,
  runSummary,
];
