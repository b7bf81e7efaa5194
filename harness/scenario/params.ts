// Scenario parameters: their types (declared or inferred from the default), typed `--set`
// overrides from the command line, and `${param}` substitution into the rest of the file.
import { parseDuration } from '../util/duration.js';
import type { ParamDef, ParamType, ParamValue } from './types.js';

export const WHOLE_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function inferType(def: ParamDef): ParamType {
  if (def.type) return def.type;
  const v = def.default;
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(v)) return 'duration';
  return 'string';
}

/** Checks that a value fits a type; returns what was expected when it does not. */
export function checkType(type: ParamType, value: ParamValue): string | undefined {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'duration':
      return (typeof value === 'number' && value >= 0) ||
        (typeof value === 'string' && parseDuration(value) !== undefined)
        ? undefined
        : 'a duration such as 90s, 1m30s or 250ms';
    case 'list':
      return Array.isArray(value) ? undefined : 'a list';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
  }
}

/** Turns the text of `--set key=value` into the parameter's type; throws a sentence when it does not fit. */
export function parseOverride(type: ParamType, text: string): ParamValue {
  const t = text.trim();
  switch (type) {
    case 'integer':
      if (/^-?\d+$/.test(t)) return Number(t);
      throw new Error(`expected an integer, got '${text}'`);
    case 'number':
      if (t !== '' && Number.isFinite(Number(t))) return Number(t);
      throw new Error(`expected a number, got '${text}'`);
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(t)) return true;
      if (/^(false|no|off|0)$/i.test(t)) return false;
      throw new Error(`expected true or false, got '${text}'`);
    case 'duration':
      if (parseDuration(t) !== undefined) return /^\d+(\.\d+)?$/.test(t) ? `${t}s` : t;
      throw new Error(`expected a duration such as 90s, 1m30s or 250ms, got '${text}'`);
    case 'list':
      return t === ''
        ? []
        : t.split(',').map((s) => {
            const v = s.trim();
            return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
          });
    case 'string':
      return text;
  }
}

/** Splits "key=value" (the value may contain '='). */
export function splitSet(arg: string): [string, string] | undefined {
  const i = arg.indexOf('=');
  if (i <= 0) return undefined;
  return [arg.slice(0, i).trim(), arg.slice(i + 1)];
}

export type Substituted = { value: unknown; unknown: { path: (string | number)[]; name: string }[] };

/**
 * Replaces `${name}` references: a string that is one whole reference takes the value with its
 * type (so `replicas: ${replicas}` stays a number); a reference inside text is interpolated.
 */
export function substitute(
  value: unknown,
  scope: Record<string, ParamValue>,
  path: (string | number)[] = [],
): Substituted {
  const unknown: Substituted['unknown'] = [];
  const visit = (v: unknown, p: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      const whole = WHOLE_REF.exec(v);
      if (whole) {
        const name = whole[1]!;
        if (!Object.hasOwn(scope, name)) {
          unknown.push({ path: p, name });
          return v;
        }
        return scope[name];
      }
      return v.replace(ANY_REF, (ref, name: string) => {
        if (!Object.hasOwn(scope, name)) {
          unknown.push({ path: p, name });
          return ref;
        }
        const s = scope[name]!;
        return Array.isArray(s) ? s.join(',') : String(s);
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => visit(item, [...p, i]));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, visit(item, [...p, k])]));
    }
    return v;
  };
  return { value: visit(value, path), unknown };
}
