// Small fakes of the swarm read side (harness/docker/swarm-read.ts) for unit tests.
import type { ServiceView, SwarmNode, TaskView } from '../../harness/docker/swarm-read.js';

export function fakeNode(over: Partial<SwarmNode> & Pick<SwarmNode, 'id'>): SwarmNode {
  return {
    hostname: over.id,
    role: 'worker',
    availability: 'active',
    state: 'ready',
    leader: false,
    addr: '',
    labels: {},
    engineLabels: over.hollow ? { hollow: 'true' } : {},
    hollow: false,
    version: 1,
    updatedMs: Number.NaN,
    ...over,
  };
}

export function fakeService(over: Partial<ServiceView> & Pick<ServiceView, 'id'>): ServiceView {
  return { name: over.id, mode: 'replicated', running: 0, desired: 0, statusKnown: true, ...over };
}

export function fakeTask(over: Partial<TaskView> & Pick<TaskView, 'id' | 'serviceId'>): TaskView {
  return { desiredState: 'running', state: 'running', createdMs: 0, statusMs: 0, ...over };
}
