// Secrets must never reach logs, reports or --json output. Everything that prints or writes
// text for people goes through redact().

const SWARM_TOKEN = /SWMTKN-1-[0-9a-z]+-[0-9a-z]+/gi;
const SWARM_UNLOCK_KEY = /SWMKEY-1-[A-Za-z0-9+/=]+/g;
const URL_PASSWORD = /(\w+:\/\/[^:/\s]+:)[^@\s]+@/g;
const KEY_VALUE = /((?:password|passwd|token|secret|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export function redact(text: string): string {
  return text
    .replace(SWARM_TOKEN, 'SWMTKN-1-<redacted>')
    .replace(SWARM_UNLOCK_KEY, 'SWMKEY-1-<redacted>')
    .replace(URL_PASSWORD, '$1<redacted>@')
    .replace(KEY_VALUE, '$1<redacted>');
}

/** Deep-redacts any JSON-able value (strings inside objects and arrays). */
export function redactValue<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
