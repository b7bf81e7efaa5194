// Where InfluxDB is and how to log in. The URL comes from --influx or SWARMBENCH_INFLUX_URL; the
// user and password only from the environment or a file, never from the command line (shell
// history, process lists) and never printed.
import { readFileSync } from 'node:fs';
import { BadInputError } from '../errors.js';

export interface InfluxTarget {
  /** Base URL without credentials, e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  username?: string;
  password?: string;
}

export interface InfluxConfigInput {
  /** --influx value; falls back to SWARMBENCH_INFLUX_URL. */
  url?: string;
  database?: string;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_DATABASE = 'swarmbench';

/**
 * Resolves the InfluxDB target, or undefined when none is configured.
 * Credentials: SWARMBENCH_INFLUX_USER + SWARMBENCH_INFLUX_PASSWORD, or
 * SWARMBENCH_INFLUX_CREDENTIALS_FILE holding "user:password" (or "user\npassword").
 */
export function resolveInfluxTarget(input: InfluxConfigInput = {}): InfluxTarget | undefined {
  const env = input.env ?? process.env;
  const raw = input.url ?? env.SWARMBENCH_INFLUX_URL;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadInputError(`--influx ${raw} is not a URL`, {
      fix: 'write it as http://host:8086 (optionally /database)',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadInputError(`--influx must be an http(s) URL, not ${url.protocol}`, {
      fix: 'write it as http://host:8086',
    });
  }
  if (url.username || url.password) {
    throw new BadInputError('the InfluxDB URL must not carry a user or password', {
      fix: 'set SWARMBENCH_INFLUX_USER and SWARMBENCH_INFLUX_PASSWORD, or SWARMBENCH_INFLUX_CREDENTIALS_FILE',
    });
  }
  const pathDb = url.pathname.replace(/^\/+|\/+$/g, '');
  const database = input.database ?? env.SWARMBENCH_INFLUX_DB ?? (pathDb || DEFAULT_DATABASE);
  const creds = credentials(env);
  return { url: `${url.protocol}//${url.host}`, database, ...creds };
}

function credentials(env: NodeJS.ProcessEnv): { username?: string; password?: string } {
  const file = env.SWARMBENCH_INFLUX_CREDENTIALS_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new BadInputError(`cannot read the InfluxDB credentials file ${file}`, {
        cause: err,
        fix: 'check SWARMBENCH_INFLUX_CREDENTIALS_FILE',
      });
    }
    const [user, ...rest] = text.includes('\n') ? text.split('\n') : text.split(':');
    return { username: user?.trim(), password: rest.join(text.includes('\n') ? '\n' : ':').trim() };
  }
  if (env.SWARMBENCH_INFLUX_USER)
    return { username: env.SWARMBENCH_INFLUX_USER, password: env.SWARMBENCH_INFLUX_PASSWORD ?? '' };
  return {};
}

/** The target as it may be shown: URL and database, never the credentials. */
export function describeTarget(t: InfluxTarget): string {
  return `${t.url} database ${t.database}${t.username ? ' (with credentials)' : ''}`;
}
