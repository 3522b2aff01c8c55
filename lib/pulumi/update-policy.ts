import type * as pulumi from '@pulumi/pulumi';
import { DgdApiVersion } from '../core/api-version';
import { ComponentType } from '../core/component-type';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';

const DGD_GENERATIONS = [DgdApiVersion.V1BETA1, DgdApiVersion.V1ALPHA1];

/** The Pulumi type token of a DynamoGraphDeployment in one API generation. @internal */
export function dgdTypeToken(version: DgdApiVersion): string {
  return `kubernetes:${version.apiVersion}:DynamoGraphDeployment`;
}

/**
 * Turns a JSON pointer (`/spec/components/1`) into a Pulumi property path
 * (`spec.components[1]`), quoting keys that are not plain identifiers.
 * @internal
 */
export function pointerToPropertyPath(pointer: string): string {
  return pointer.split('/').slice(1).map((raw, i) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) return `[${key}]`;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return i === 0 ? key : `.${key}`;
    return `[${JSON.stringify(key)}]`;
  }).join('');
}

/**
 * The `replicas` paths Pulumi must leave alone: those of components with a scaling adapter (an
 * HPA, KEDA or the planner scales them through the DGDSA, and the webhook rejects direct edits),
 * and, when the graph has a planner, those of every worker.
 * @internal
 */
export function externallyScaledReplicaPaths(dgd: DynamoGraphDeployment): string[] {
  const components = dgd.componentList;
  const planner = components.some((c) => c.type === ComponentType.PLANNER);
  return components
    .filter((c) => c._state.scalingAdapter || (planner && c.type.isWorker))
    .map((c) => `${pointerToPropertyPath(dgd.componentJsonPointer(c.name))}.replicas`);
}

/**
 * The annotations that fix a DynamoGraphDeployment's workload provider: the one the operator
 * persists and makes immutable (Dynamo PR #12942; `deploy/operator/internal/consts/consts.go`
 * `KubeAnnotationWorkloadProvider`), and the two a user sets to choose it at creation (Grove opt-out,
 * `KubeAnnotationEnableGrove`; the DisaggregatedSet opt-in, PRs #10209/#12352).
 */
const PROVIDER_ANNOTATIONS = ['nvidia.com/workload-provider', 'nvidia.com/enable-grove', 'nvidia.com/enable-disaggregatedset'];

/**
 * The property paths of the fields Dynamo >= 1.5 does not let change after creation: each
 * component's type (PR #13763: v1beta1 `type`; v1alpha1 `componentType` and `subComponentType`,
 * which convert to it) and the workload provider annotations. Empty for older releases.
 * @internal
 */
export function immutableFieldPaths(dgd: DynamoGraphDeployment): string[] {
  const version = dgd.dynamoVersion;
  const types = !version.supports('immutableComponentType') ? []
    : dgd.apiVersion === DgdApiVersion.V1ALPHA1 ? ['spec.services.*.componentType', 'spec.services.*.subComponentType']
      : ['spec.components[*].type'];
  const providers = !version.supports('immutableWorkloadProvider') ? []
    : PROVIDER_ANNOTATIONS.map((key) => pointerToPropertyPath(`/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  // The framework and the component names: v1beta1 names them in spec.components[*].name; v1alpha1
  // keys spec.services by name, so a renamed, added or removed service changes its componentType path.
  const topology = !version.supports('immutableTopology') ? []
    : ['spec.backendFramework', dgd.apiVersion === DgdApiVersion.V1ALPHA1 ? 'spec.services.*.componentType' : 'spec.components[*].name'];
  return [...new Set([...topology, ...types, ...providers])];
}

/** Options of {@link dgdUpdatePolicy}. @internal */
export interface DgdUpdateOptions {
  /** Replace the graph (delete, then create) when a field in {@link immutableFieldPaths} changes. */
  readonly replaceOnImmutableChange?: boolean;
}

/**
 * Resource options that keep a DynamoGraphDeployment updated in place: replacing one orphans the
 * component deployments it owns (Dynamo #13495). The name is fixed by the manifest, a change of API
 * generation is an alias rather than a new resource, and replicas owned by an autoscaler or the
 * planner are ignored. Nothing asks for replacement, unless `replaceOnImmutableChange` is set and
 * the release has immutable fields: then a change of one of them replaces the graph, deleting it
 * first since the new one has the same name.
 * @internal
 */
export function dgdUpdatePolicy(dgd: DynamoGraphDeployment, options: DgdUpdateOptions = {}): pulumi.CustomResourceOptions {
  const ignoreChanges = externallyScaledReplicaPaths(dgd);
  const replaceOnChanges = options.replaceOnImmutableChange ? immutableFieldPaths(dgd) : [];
  return {
    deleteBeforeReplace: replaceOnChanges.length > 0,
    aliases: DGD_GENERATIONS.filter((v) => v !== dgd.apiVersion).map((v) => ({ type: dgdTypeToken(v) })),
    ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
    ...(replaceOnChanges.length > 0 ? { replaceOnChanges } : {}),
  };
}
