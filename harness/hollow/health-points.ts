// Whether the simulator itself missed heartbeats in a run, read from its recorded `hollow_sim`
// samples: node flapping is then the harness's fault (missed heartbeats, event-loop lag) rather
// than the swarm's. The samples are made from `FleetStats` by metrics/collectors/hollow.ts; this
// reader takes any point-shaped record, so hollow/ does not depend on metrics/.

const HOLLOW_MEASUREMENT = 'hollow_sim';

/** Heartbeats the simulator missed in these samples (0: any flapping was not the harness's fault). */
export function simulatorMissedHeartbeats(points: readonly { measurement: string; fields: Readonly<Record<string, unknown>> }[]): number {
  return points
    .filter((p) => p.measurement === HOLLOW_MEASUREMENT)
    .reduce((n, p) => n + (typeof p.fields.heartbeats_missed === 'number' ? p.fields.heartbeats_missed : 0), 0);
}
