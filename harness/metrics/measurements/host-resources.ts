// CPU and memory per outer host: its node containers added up, and on the local host everything
// its engine runs (the tasks too).
import { resourceCollector } from '../collectors/index.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const hostResources: MeasurementPlugin = {
  name: 'host_resources',
  description: 'CPU and memory per outer host',
  producedBy: 'the resources collector',
  collector: resourceCollector,
  points: [
    {
      measurement: Measurement.hostResources,
      every: 'with `node_resources`',
      tags: '`host`',
      fields:
        '`cpu_percent` (sum over its node containers), `mem_bytes` (int, sum), `nodes` (int); on the local host also `engine_cpu_percent`, `engine_mem_bytes`: everything the engine runs',
    },
  ],
  metrics: [],
};
