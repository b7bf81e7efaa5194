// The registry of measurement plug-ins: the built-in ones (measurements/index.ts) and any a test
// or an extension registers. Everything that needs to know a metric's unit, direction, noise floor
// or whether compare gates on it asks here; there is no second table.
import { BUILTIN_MEASUREMENTS } from './measurements/index.js';
import type { HostFigures, MeasurementPlugin, MetricFamily, MetricsSummary } from './plugin.js';
import { STATS, UNIT_NOISE_FLOOR, type Better, type MetricUnit } from './units.js';

/** What a metric name means: its family's definition, resolved for this exact name. */
export interface MetricDef {
  /** The name as SLOs write it, without any step prefix ('tasks.startup_latency.p99'). */
  name: string;
  unit: MetricUnit;
  better: Better;
  description: string;
  noiseFloor: number;
  gate: boolean;
  family: MetricFamily;
  plugin: MeasurementPlugin;
}

const plugins: MeasurementPlugin[] = [...BUILTIN_MEASUREMENTS];
let catalog: Map<string, MetricDef> | undefined;

/** Adds a plug-in (a test's toy, an extension); returns the function that takes it out again. */
export function registerMeasurement(plugin: MeasurementPlugin): () => void {
  if (plugins.some((p) => p.name === plugin.name))
    throw new Error(`a measurement named ${plugin.name} is registered already`);
  plugins.push(plugin);
  changed();
  return () => {
    const i = plugins.indexOf(plugin);
    if (i >= 0) plugins.splice(i, 1);
    changed();
  };
}

function changed(): void {
  catalog = undefined;
}

export function measurementPlugins(): readonly MeasurementPlugin[] {
  return plugins;
}

/** Every exact name a family gives: 'x' and/or 'x.p50' … 'x.min'. */
export function namesOf(family: MetricFamily): string[] {
  const shape = family.shape ?? 'value';
  const names = shape === 'value' || shape === 'both' ? [family.name] : [];
  if (shape !== 'value') names.push(...STATS.map((s) => `${family.name}.${s}`));
  return names;
}

/** Whether this exact name of a family is one of the statistics it gates on. */
function gatesStat(family: MetricFamily, name: string): boolean {
  if (!family.gateStats || name === family.name) return true;
  return family.gateStats.some((stat) => name === `${family.name}.${stat}`);
}

function build(): Map<string, MetricDef> {
  const out = new Map<string, MetricDef>();
  for (const plugin of plugins) {
    for (const family of plugin.metrics) {
      for (const name of namesOf(family)) {
        const clash = out.get(name);
        if (clash)
          throw new Error(
            `metric ${name} is declared by both ${clash.plugin.name} and ${plugin.name}: one name, one meaning`,
          );
        out.set(name, {
          name,
          unit: family.unit,
          better: family.better,
          description: family.description,
          noiseFloor: family.noiseFloor ?? UNIT_NOISE_FLOOR[family.unit],
          gate: (family.gate ?? false) && gatesStat(family, name),
          family,
          plugin,
        });
      }
    }
  }
  return out;
}

function defs(): Map<string, MetricDef> {
  catalog ??= build();
  return catalog;
}

/**
 * The definition of a summary name: an SLO name as is, or a per-step one (`step.<step>.<name>`,
 * where the step's own name may hold dots: `step.service.create.tasks.started`), resolved by the
 * longest known tail.
 */
export function metricDef(name: string): MetricDef | undefined {
  const all = defs();
  const exact = all.get(name);
  if (exact || !name.startsWith('step.')) return exact;
  const parts = name.split('.');
  for (let i = 2; i < parts.length; i++) {
    const def = all.get(parts.slice(i).join('.'));
    if (def) return def;
  }
  return undefined;
}

/** The names an SLO may use, sorted. */
export function metricNames(): string[] {
  return [...defs().keys()].sort();
}

/** The headline metrics: those compare gates on by default, run-level only (per-step figures stay
 *  in each run's own report). repetitions.md, history, the run_summary point and the Grafana
 *  dashboard's panels across runs show these. */
export const isHeadline = (name: string): boolean => !name.startsWith('step.') && (metricDef(name)?.gate ?? false);

/** Every headline metric name, sorted. */
export const headlineMetricNames = (): string[] => metricNames().filter(isHeadline);

/** The values with every plug-in's derived figures added (or replaced), in registry order. */
export function deriveFigures(values: Readonly<MetricsSummary>, host: HostFigures): MetricsSummary {
  const out: MetricsSummary = { ...values };
  for (const p of plugins) if (p.derive) Object.assign(out, p.derive(out, host));
  return out;
}
