/**
 * The facts the fidelity harness compares, as recorded in a fixture (upstream) and as read back from
 * what the library synthesizes. A fixture is our own JSON record of these facts, never a copy of the
 * upstream YAML.
 */

/** The upstream commit every fixture is read from. */
export const UPSTREAM_COMMIT = '2a6da14c83617f5412caba5777dbf0e2399e9c5f';

/** Where a fixture's facts come from. */
export interface UpstreamSource {
  /** The canonical repository. */
  readonly repo: 'ai-dynamo/dynamo';
  /** The mirror the facts were read from (same history). */
  readonly mirror: 'wxsms/dynamo';
  /** The manifest's path in the repository. */
  readonly path: string;
  readonly commit: string;
}

/** What a component does in the graph; components are matched by role, not by name. */
export type Role = 'frontend' | 'aggregated' | 'prefill' | 'decode' | 'planner';

/**
 * An environment variable's value: a literal, or a reference (secret refs as
 * `{ secretKeyRef: { name, key } }`).
 */
export type EnvFact =
  | string
  | { readonly secretKeyRef: { readonly name: string; readonly key: string } }
  | { readonly configMapKeyRef: { readonly name: string; readonly key: string } }
  | { readonly fieldRef: string };

/** A flag's value as written: a string, `true` for a flag without a value, a list when repeated. */
export type FlagValue = string | true | (string | true)[];

/** The engine config a TensorRT-LLM worker's `--extra-engine-args` points to, and where it lives. */
export interface EngineConfigFact {
  /** `image <absolute path>` (a file baked into the runtime image) or `configMap <name>/<key>`. */
  readonly source: string;
  /** The file's keys (YAML parsed; comments dropped). */
  readonly values: Record<string, unknown>;
}

/** One component of the graph. */
export interface ComponentFacts {
  readonly name: string;
  readonly role: Role;
  /** The v1beta1 component type (`frontend`, `worker`, `prefill`, `decode`, `planner`). */
  readonly type: string;
  /** `null` when the manifest leaves replicas to the operator or an adapter. */
  readonly replicas: number | null;
  /** Nodes per replica (`multinode.nodeCount`), 1 when single-node. */
  readonly nodeCount: number;
  /** Requests and limits of the main container, with v1alpha1 `gpu` spelled `nvidia.com/gpu`. */
  readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
  /** `/dev/shm` size; `null` when the manifest relies on the operator's default. */
  readonly sharedMemory: string | null;
  /** The program and module, e.g. `['python3', '-m', 'dynamo.vllm']`. */
  readonly launcher: string[];
  /** Whether the launch line is a `/bin/sh -c` script (variables expanded from the container env). */
  readonly shell: boolean;
  /** Other commands of a shell script, before the launcher. */
  readonly shellPrelude?: string[];
  /** Env variables the shell script expands into its launch line (they configure the script, not the engine). */
  readonly shellVariables?: string[];
  /** Words before the first flag. */
  readonly positional?: string[];
  /** The flags as written (spelling kept; `--flag=value` split). */
  readonly flags: Record<string, FlagValue>;
  /** The graph's env merged with the component's (the component wins). */
  readonly env: Record<string, EnvFact>;
  /** `secret/<name>` or `configMap/<name>` for each `envFrom` source. */
  readonly envFrom: string[];
  /** Mount path -> `pvc/<claim>`, `configMap/<name>[:<subPath>]`, `emptyDir`, `hostPath/<path>`. */
  readonly volumes: Record<string, string>;
  readonly runtimeVersionOverride?: string;
  /** Whether the component is handed to a DynamoGraphDeploymentScalingAdapter. */
  readonly scalingAdapter?: boolean;
  /** TensorRT-LLM: the engine config file the worker reads. */
  readonly engineConfig?: EngineConfigFact;
}

/** The facts of one DynamoGraphDeployment. */
export interface GraphFacts {
  /** The DynamoGraphDeployment's name. */
  readonly name: string;
  readonly apiVersion: string;
  readonly components: ComponentFacts[];
}

/** A fixture: the facts of one upstream manifest. */
export interface Fixture extends GraphFacts {
  /** `<backend>/<case>`, e.g. `vllm/agg`. */
  readonly id: string;
  readonly source: UpstreamSource;
  /** What the harness assumed while recording, e.g. how a relative engine config path resolved. */
  readonly notes?: string[];
}
