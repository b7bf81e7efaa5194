// ajv's options for the scenario schema: one set for the validators compiled at run time and for
// the ones precompiled into schema-validators.generated.ts, so both report the same errors.
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  allowUnionTypes: true,
} as const;
