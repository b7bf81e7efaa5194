// Naming a step from outside the step list (a search's `profile.step`): by its name as the run
// shows it ("ramp n=500"), or, for a repeated step, by the name written in the file ("ramp"),
// which means its first repetition: the loader names each repetition `<name> <as>=<value>`
// (load.ts), and a scenario author knows the name they wrote, not the values a ramp expands to.
// A leaf module, so search/plan.ts can use it without importing the scenario loader.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The index of the first step called `wanted`, an exact name first; undefined when none is. */
export function firstStepNamed(names: readonly string[], wanted: string): number | undefined {
  const exact = names.indexOf(wanted);
  if (exact !== -1) return exact;
  const repeated = new RegExp(`^${escape(wanted)} [A-Za-z_][A-Za-z0-9_]*=`);
  const i = names.findIndex((n) => repeated.test(n));
  return i === -1 ? undefined : i;
}
