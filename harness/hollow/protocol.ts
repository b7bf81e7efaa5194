// Typed access to the swarmkit gRPC services a hollow worker uses (CA, NodeCA, Dispatcher),
// loaded at run time from proto/swarmkit.proto with @grpc/proto-loader. The interfaces below
// mirror that file as proto-loader presents it (camelCase fields, int64 as strings, enums as
// numbers, defaults filled in).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TaskState = {
  NEW: 0,
  PENDING: 64,
  ASSIGNED: 192,
  ACCEPTED: 256,
  PREPARING: 320,
  READY: 384,
  STARTING: 448,
  RUNNING: 512,
  COMPLETE: 576,
  SHUTDOWN: 640,
  FAILED: 704,
  REJECTED: 768,
  REMOVE: 800,
  ORPHANED: 832,
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

export function taskStateName(state: number): string {
  for (const [name, value] of Object.entries(TaskState)) if (value === state) return name;
  return String(state);
}

export const IssuanceState = { UNKNOWN: 0, RENEW: 1, PENDING: 2, ISSUED: 3, FAILED: 4, ROTATE: 5 } as const;
export const NodeStatusState = { UNKNOWN: 0, DOWN: 1, READY: 2, DISCONNECTED: 3 } as const;
export const AssignmentsType = { COMPLETE: 0, INCREMENTAL: 1 } as const;
export const AssignmentAction = { UPDATE: 0, REMOVE: 1 } as const;

export interface Timestamp {
  seconds: string | number;
  nanos: number;
}

export interface Annotations {
  name: string;
  labels: Record<string, string>;
}

export interface ContainerStatus {
  containerId: string;
  pid: number;
  exitCode: number;
}

export interface TaskStatus {
  timestamp?: Timestamp | null;
  state: number;
  message: string;
  err: string;
  container?: ContainerStatus | null;
  runtimeStatus?: 'container';
}

export interface Task {
  id: string;
  serviceId: string;
  slot: string;
  nodeId: string;
  annotations: Annotations | null;
  serviceAnnotations: Annotations | null;
  status: TaskStatus | null;
  desiredState: number;
}

export interface NodeDescription {
  hostname: string;
  platform: { architecture: string; os: string };
  resources: { nanoCpus: number | string; memoryBytes: number | string };
  engine: {
    engineVersion: string;
    labels: Record<string, string>;
    plugins: { type: string; name: string }[];
  };
  tlsInfo?: { trustRoot: Buffer; certIssuerSubject: Buffer; certIssuerPublicKey: Buffer };
  fips: boolean;
}

export interface SessionMessage {
  sessionId: string;
  node: {
    id: string;
    spec: { availability: number; membership: number } | null;
    status: { state: number; message: string; addr: string } | null;
  } | null;
  managers: { peer: { nodeId: string; addr: string } | null; weight: string }[];
}

export interface AssignmentChange {
  assignment: { task?: Task | null; item?: 'task' } | null;
  action: number;
}

export interface AssignmentsMessage {
  type: number;
  appliesTo: string;
  resultsIn: string;
  changes: AssignmentChange[];
}

export interface TaskStatusUpdate {
  taskId: string;
  status: Omit<TaskStatus, 'runtimeStatus'>;
}

export interface IssuanceStatusMsg {
  state: number;
  err: string;
}

export interface NodeCertificateStatusResponse {
  status: IssuanceStatusMsg | null;
  certificate: { certificate: Buffer; cn: string; status: IssuanceStatusMsg | null } | null;
}

type Unary<Req, Res> = (
  req: Req,
  options: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: Res) => void,
) => grpc.ClientUnaryCall;

export interface CAClient extends grpc.Client {
  GetRootCACertificate: Unary<Record<string, never>, { certificate: Buffer }>;
}

export interface NodeCAClient extends grpc.Client {
  IssueNodeCertificate: Unary<
    { role: number; csr: Buffer; token: string; availability: number },
    { nodeId: string; nodeMembership: number }
  >;
  NodeCertificateStatus: Unary<{ nodeId: string }, NodeCertificateStatusResponse>;
}

export interface DispatcherClient extends grpc.Client {
  Session(
    req: { description: NodeDescription; sessionId: string },
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<SessionMessage>;
  Heartbeat: Unary<{ sessionId: string }, { period: { seconds: string; nanos: number } | null }>;
  UpdateTaskStatus: Unary<{ sessionId: string; updates: TaskStatusUpdate[] }, Record<string, never>>;
  Assignments(req: { sessionId: string }, options?: grpc.CallOptions): grpc.ClientReadableStream<AssignmentsMessage>;
}

type ClientCtor<C> = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ChannelOptions) => C;

export interface SwarmkitProtocol {
  CA: ClientCtor<CAClient>;
  NodeCA: ClientCtor<NodeCAClient>;
  Dispatcher: ClientCtor<DispatcherClient>;
}

/** The .proto sits beside this file in the source tree; the built CLI runs from dist/, which has no copy. */
function protoPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'proto', 'swarmkit.proto');
  if (existsSync(beside)) return beside;
  const fromDist = join(here, '..', '..', '..', 'harness', 'hollow', 'proto', 'swarmkit.proto');
  if (existsSync(fromDist)) return fromDist;
  throw new Error(`swarmkit.proto not found beside ${here} nor in the source tree`);
}

let loaded: SwarmkitProtocol | undefined;
let definition: protoLoader.PackageDefinition | undefined;

function packageDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync(protoPath(), {
    keepCase: false,
    longs: String,
    enums: Number,
    defaults: true,
    oneofs: true,
  });
  return definition;
}

/** One method's path and its encoders, for calls made without grpc-js (grpc-h2.ts). */
export interface MethodCodec<Req, Res> {
  path: string;
  encode(req: Req): Buffer;
  decode(bytes: Buffer): Res;
}

export interface DispatcherCodecs {
  Session: MethodCodec<{ description: NodeDescription; sessionId: string }, SessionMessage>;
  Heartbeat: MethodCodec<{ sessionId: string }, { period: { seconds: string; nanos: number } | null }>;
  UpdateTaskStatus: MethodCodec<{ sessionId: string; updates: TaskStatusUpdate[] }, Record<string, never>>;
  Assignments: MethodCodec<{ sessionId: string }, AssignmentsMessage>;
}

let dispatcher: DispatcherCodecs | undefined;

/** The Dispatcher's methods as paths and encoders, from the same .proto grpc-js uses. */
export function dispatcherCodecs(): DispatcherCodecs {
  if (dispatcher) return dispatcher;
  const service = packageDefinition()['docker.swarmkit.v1.Dispatcher'] as unknown as Record<
    string,
    grpc.MethodDefinition<unknown, unknown>
  >;
  const codec = (name: string) => {
    const m = service[name];
    if (!m) throw new Error(`swarmkit.proto has no Dispatcher.${name}`);
    return {
      path: m.path,
      encode: (req: unknown) => m.requestSerialize(req),
      decode: (b: Buffer) => m.responseDeserialize(b),
    };
  };
  dispatcher = {
    Session: codec('Session'),
    Heartbeat: codec('Heartbeat'),
    UpdateTaskStatus: codec('UpdateTaskStatus'),
    Assignments: codec('Assignments'),
  } as DispatcherCodecs;
  return dispatcher;
}

/** Loads the protocol once per process; every worker shares the same definitions. */
export function swarmkitProtocol(): SwarmkitProtocol {
  if (loaded) return loaded;
  const root = grpc.loadPackageDefinition(packageDefinition()) as unknown as {
    docker: { swarmkit: { v1: Record<string, unknown> } };
  };
  const v1 = root.docker.swarmkit.v1;
  loaded = {
    CA: v1.CA as ClientCtor<CAClient>,
    NodeCA: v1.NodeCA as ClientCtor<NodeCAClient>,
    Dispatcher: v1.Dispatcher as ClientCtor<DispatcherClient>,
  };
  return loaded;
}

/** Promise form of a unary call with a deadline. */
export function unary<Req, Res>(
  client: grpc.Client,
  method: Unary<Req, Res>,
  req: Req,
  timeoutMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, req, { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(err);
      else resolve(res as Res);
    });
  });
}
