// A scenario that ran but did not hold up (a service that never converged within its timeout)
// is a failed run (exit 1), like a failed SLO, not an infrastructure failure (exit 3): a nightly
// job must read "the swarm got slower", not "the machine broke".
import { ExitCode, SwarmbenchError, type ErrorDetails } from '../errors.js';

export class ScenarioFailure extends SwarmbenchError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.failed, details);
  }
}
