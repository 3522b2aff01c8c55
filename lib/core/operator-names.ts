import { DynamoVersion } from './dynamo-version';
import { invalid } from './errors';
import { MAX_LABEL_VALUE } from './names';

/*
 * Names the Dynamo operator and the clouds derive from the user's names, which the library cannot
 * shorten: each rule refuses a name that would be too long, naming the user's prop and the budget.
 * The limits are in the table of lib/core/names.ts. Facts from the operator
 * (deploy/operator in the Dynamo repository): ComputeDynamoNamespace (api/v1beta1/
 * dynamocomponentdeployment_types.go), GetDCDResourceName and PCSNameForDGD (internal/dynamo/graph.go),
 * the `nvidia.com/selector` pod label (internal/controller/dynamocomponentdeployment_renderer.go),
 * the Grove name check of the admission webhook (internal/webhook/validation/dynamographdeployment_helpers.go,
 * since 1.0) and MaxCombinedGroveResourceNameLength (internal/consts/consts.go).
 */

/** The DGD annotation that opts a graph out of Grove (multi-node workers then run on LeaderWorkerSet). @internal */
export const ENABLE_GROVE_ANNOTATION = 'nvidia.com/enable-grove';
/** The annotation that records (or, set by the user, selects) the workload provider: `grove` or `component` (Dynamo >= 1.5). */
const WORKLOAD_PROVIDER_ANNOTATION = 'nvidia.com/workload-provider';
/** Grove's limit on PodCliqueSet + PodCliqueScalingGroup + PodClique name lengths (45). */
const GROVE_COMBINED = 45;
/** The shortest PodCliqueSet name the operator cuts a long DGD name to. */
const GROVE_MIN_PCS = 8;
/** Grove role suffixes of a multi-node component's cliques: `-ldr`, `-wkr`. */
const GROVE_ROLE_SUFFIX = '-ldr'.length;
/** The operator's worker hash (`<dgd>-<component>-<hash>`, 8 hex characters; internal/dynamo/hash.go). */
const WORKER_HASH = 8;
/**
 * The longest StatefulSet name: its pods carry the label `controller-revision-hash: <name>-<hash of
 * up to 10 characters>`, a 63-character label value.
 */
const MAX_STATEFULSET_NAME = 52;
/** Digits reserved for a LeaderWorkerSet group index (up to 100 replicas). */
const LWS_GROUP_DIGITS = 2;

/**
 * Refuses a DGD whose Dynamo namespace, `<namespace>-<name>` (the operator turns dots in the name
 * into '-'), would not fit the `nvidia.com/dynamo-namespace` pod label the operator sets.
 * @internal
 */
export function validateDynamoNamespace(prop: string, namespace: string, name: string): void {
  const dynamoNamespace = `${namespace}-${name.replace(/\./g, '-')}`;
  if (dynamoNamespace.length > MAX_LABEL_VALUE) {
    throw invalid(prop, `gives, in namespace "${namespace}", the Dynamo namespace "${dynamoNamespace}" of ${dynamoNamespace.length} characters, `
      + `over the ${MAX_LABEL_VALUE} of the nvidia.com/dynamo-namespace pod label the operator sets`, name,
    `shorten the name or the namespace by ${dynamoNamespace.length - MAX_LABEL_VALUE} characters`);
  }
}

/**
 * Refuses a cluster-scoped per-deployment object name (`<namespace>-<dgd>-<pool>`) over 63
 * characters: node pools, node classes and compute classes are node label values
 * (`karpenter.sh/nodepool`, `cloud.google.com/compute-class`, ...).
 * @param what the objects, for the message: `workers NodePool and EC2NodeClass`
 * @param label the node label whose value the name is
 * @internal
 */
export function clusterObjectName(dynamoNamespace: string, suffix: string, what: string, label: string): string {
  const name = `${dynamoNamespace}-${suffix}`;
  if (name.length > MAX_LABEL_VALUE) {
    throw invalid('name', `must keep the ${what} name "${name}" (<namespace>-<name>-${suffix}) within ${MAX_LABEL_VALUE} characters, the limit of the ${label} label`,
      name.length, `shorten the name or the namespace by ${name.length - MAX_LABEL_VALUE} characters`);
  }
  return name;
}

/** A component as the operator names its workloads. @internal */
export interface OperatorComponentNaming {
  /** The prop to name in an error: `decode.componentName`, `components[X].name`. */
  readonly prop: string;
  readonly name: string;
  /** Nodes per replica: more than 1 makes a multi-node component. */
  readonly nodeCount: number;
  /** Worker, prefill or decode: the operator adds its worker hash to the names of their workloads. */
  readonly worker: boolean;
}

/** The graph a component belongs to, as the operator names its workloads. @internal */
export interface OperatorGraphNaming {
  readonly dgdName: string;
  readonly dynamoVersion: DynamoVersion;
  /** The DGD's annotations (`nvidia.com/enable-grove: "false"` opts out of Grove). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Whether the graph may run on Grove: the operator's admission webhook assumes so unless the graph
 * opts out (`nvidia.com/enable-grove: "false"`, or the workload provider `component`).
 * @internal
 */
export function mayUseGrove(annotations: Readonly<Record<string, string>> | undefined): boolean {
  const provider = annotations?.[WORKLOAD_PROVIDER_ANNOTATION];
  if (provider !== undefined) return provider !== 'component';
  return (annotations?.[ENABLE_GROVE_ANNOTATION] ?? '').toLowerCase() !== 'false';
}

/** The Grove name budget of a component: its clique, or for a multi-node component its scaling group and longest clique. */
function groveBudget(lowerName: string, nodeCount: number): number {
  return lowerName.length + (nodeCount > 1 ? lowerName.length + GROVE_ROLE_SUFFIX : 0);
}

/** The PodCliqueSet name length Grove gets: the DGD name, cut to fit the largest budget since Dynamo 1.2 (PCSNameForDGD). */
function pcsLength(g: OperatorGraphNaming, budget: number): number {
  const cuts = !g.dynamoVersion.isOlderThan(DynamoVersion.V1_2_0);
  const pcsBudget = Math.max(GROVE_MIN_PCS, GROVE_COMBINED - budget);
  return cuts && g.dgdName.length > pcsBudget ? pcsBudget : g.dgdName.length;
}

/**
 * Whether the operator's admission webhook accepts a component name for Grove (always true for a
 * graph that opts out of Grove).
 * @internal
 */
export function fitsGrove(g: OperatorGraphNaming, componentName: string, nodeCount: number): boolean {
  if (!mayUseGrove(g.annotations)) return true;
  const budget = groveBudget(componentName.toLowerCase(), nodeCount);
  return pcsLength(g, budget) + budget <= GROVE_COMBINED;
}

/**
 * Refuses a component whose operator-derived workload names would be too long: the worker
 * selector label `<dgd>-<component>-<hash>`, Grove's combined 45 characters, and (for a graph
 * that opts out of Grove) the LeaderWorkerSet StatefulSets of a multi-node component. The
 * Service name `<dgd>-<component>` is {@link validateComponentName}'s rule.
 * @internal
 */
export function validateOperatorNames(g: OperatorGraphNaming, c: OperatorComponentNaming): void {
  const lower = c.name.toLowerCase();
  const shorten = `shorten the name "${g.dgdName}" or ${c.prop}`;
  if (c.worker) {
    const selector = `${g.dgdName}-${lower}-${'x'.repeat(WORKER_HASH)}`;
    if (selector.length > MAX_LABEL_VALUE) {
      throw invalid(c.prop, `gives the worker pods the operator's label nvidia.com/selector=<name>-<component>-<8-character hash> of ${selector.length} characters, over ${MAX_LABEL_VALUE}`,
        c.name, `${shorten} so that <name>-<component> fits in ${MAX_LABEL_VALUE - WORKER_HASH - 1} characters`);
    }
  }
  if (mayUseGrove(g.annotations)) {
    checkGroveNames(g, c, lower);
  } else if (c.nodeCount > 1) {
    // The operator's LeaderWorkerSet is `<dcd>-0`; LWS names each group's worker StatefulSet `<lws>-<group>`.
    const statefulSet = (dcd: string) => `${dcd}-${'x'.repeat(WORKER_HASH)}-0-${'9'.repeat(LWS_GROUP_DIGITS)}`;
    const name = statefulSet(`${g.dgdName}-${lower}`);
    if (name.length > MAX_STATEFULSET_NAME) {
      throw invalid(c.prop, `gives LeaderWorkerSet StatefulSets named <name>-<component>-<hash>-0-<group> of ${name.length} characters, over the ${MAX_STATEFULSET_NAME} a StatefulSet allows`,
        c.name, `${shorten} so that <name>-<component> fits in ${MAX_STATEFULSET_NAME - statefulSet('').length} characters`);
    }
  }
}

/** The webhook's Grove rule: PodCliqueSet name (the DGD name, cut short since Dynamo 1.2) + the component's cliques <= 45. */
function checkGroveNames(g: OperatorGraphNaming, c: OperatorComponentNaming, lower: string): void {
  const multinode = c.nodeCount > 1;
  const budget = groveBudget(lower, c.nodeCount);
  const pcs = pcsLength(g, budget);
  if (pcs + budget <= GROVE_COMBINED) return;
  const cuts = !g.dynamoVersion.isOlderThan(DynamoVersion.V1_2_0);
  const maxBudget = GROVE_COMBINED - (cuts ? Math.min(g.dgdName.length, GROVE_MIN_PCS) : g.dgdName.length);
  const maxName = multinode ? Math.floor((maxBudget - GROVE_ROLE_SUFFIX) / 2) : maxBudget;
  const parts = multinode ? `PodCliqueSet (${pcs}) + scaling group "${lower}" + clique "${lower}-wkr"` : `PodCliqueSet (${pcs}) + clique "${lower}"`;
  const fix = maxName >= 1
    ? `use a component name of at most ${maxName} characters${multinode ? ' (e.g. "prefill" or "decode")' : ''}`
    : `shorten the name "${g.dgdName}"`;
  throw invalid(c.prop, `gives Grove resource names of ${pcs + budget} characters combined (${parts}), over the ${GROVE_COMBINED} the operator's admission webhook allows`,
    c.name, `${fix}, or opt the graph out of Grove with the annotation ${ENABLE_GROVE_ANNOTATION}: "false"`);
}
