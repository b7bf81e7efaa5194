// Whether the engine inside a dind container answers yet, asked from inside the container
// (one exec, no port needed). A `docker info` against an engine still starting waits on its
// socket, so the loop costs little.
import { inspectContainer } from './containers.js';
import type { Engine } from './engine.js';
import { execIn } from './exec.js';

/** Resolves to undefined once the inner engine answers, or to why it will not (within timeoutMs). */
export async function awaitInnerEngine(
  engine: Engine,
  containerId: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const tries = Math.ceil(timeoutMs / 500);
  const script = `i=0; until docker info >/dev/null 2>&1; do i=$((i+1)); [ $i -gt ${tries} ] && exit 3; sleep 0.5; done`;
  let exitCode: number | undefined;
  let why = '';
  try {
    exitCode = (await execIn(engine, containerId, ['sh', '-c', script], { timeoutMs: timeoutMs + 15_000 })).exitCode;
    if (exitCode === 0) return undefined;
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  const details = await inspectContainer(engine, containerId);
  if (!details) return 'its container disappeared while it booted';
  if (!details.running) return `its engine exited while booting (exit code ${details.exitCode})`;
  if (exitCode === 3 || why.includes('timeout'))
    return `its engine did not answer within ${Math.round(timeoutMs / 1000)} s`;
  return `its engine could not be asked whether it answers: ${why || `exit ${exitCode}`}`;
}
