// How a hollow worker reads gRPC errors from a manager: which are worth retrying, and which
// mean the node no longer exists in the swarm (removed with `node rm`), so it must stop.
import { status as Status } from '@grpc/grpc-js';

export function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function grpcDetails(err: unknown): string {
  const e = err as { details?: unknown; message?: unknown } | null;
  if (typeof e?.details === 'string' && e.details) return e.details;
  return typeof e?.message === 'string' ? e.message : String(err);
}

/** Transient: the manager is busy, restarting or electing; try again with backoff. */
export function isTransient(err: unknown): boolean {
  const code = grpcCode(err);
  return (
    code === Status.UNAVAILABLE ||
    code === Status.DEADLINE_EXCEEDED ||
    code === Status.RESOURCE_EXHAUSTED ||
    code === Status.ABORTED ||
    code === Status.CANCELLED ||
    code === Status.INTERNAL
  );
}

/** The manager says this node was removed from the swarm; its identity is dead. */
export function isNodeRemoved(err: unknown): boolean {
  const details = grpcDetails(err);
  return /node not found|was removed from swarm|removed from the swarm/i.test(details);
}
