// The worker engines' own record of the swarm's task containers, read once at the end of a run
// (collectors/task-engine.ts). It has no figures of its own: task_phases reads it to know when
// a task's container was created where no look at the swarm caught the task STARTING.
import { taskEngineCollector } from '../collectors/index.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const taskEngine: MeasurementPlugin = {
  name: 'task_engine',
  description: "when each task's container was created and started, by the dind worker's own engine",
  producedBy: 'the task-engine collector, at the end of the run (one `docker events` read per real worker, up to 64)',
  collector: taskEngineCollector,
  points: [
    {
      measurement: Measurement.taskEngine,
      every: 'one per task container a real worker created during the run, written at the end',
      tags: '(none beyond run, scenario, step)',
      fields:
        '`task`, `node` (string), `container_created_ms`, `container_started_ms` (float; the engine keeps its last 256 events, so a busy node may have lost its oldest)',
      stepByTime: true,
    },
  ],
  metrics: [],
};
