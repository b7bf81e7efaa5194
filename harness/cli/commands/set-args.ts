// `--set key=value` arguments, split once for validate and run (typing happens in scenario/params).
import { BadInputError } from '../../errors.js';
import { splitSet } from '../../scenario/params.js';

export function parseSetArgs(args: readonly (string | number)[]): [string, string][] {
  return args.map((raw) => {
    const pair = splitSet(String(raw));
    if (!pair)
      throw new BadInputError(`--set ${raw}: expected key=value`, { fix: 'e.g. --set replicas=200 --set settle=90s' });
    return pair;
  });
}
