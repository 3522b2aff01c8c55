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
 * Resource options that keep a DynamoGraphDeployment updated in place: replacing one orphans the
 * component deployments it owns (Dynamo #13495). The name is fixed by the manifest, a change of API
 * generation is an alias rather than a new resource, nothing asks for replacement, and replicas
 * owned by an autoscaler or the planner are ignored.
 * @internal
 */
export function dgdUpdatePolicy(dgd: DynamoGraphDeployment): pulumi.CustomResourceOptions {
  const ignoreChanges = externallyScaledReplicaPaths(dgd);
  return {
    deleteBeforeReplace: false,
    aliases: DGD_GENERATIONS.filter((v) => v !== dgd.apiVersion).map((v) => ({ type: dgdTypeToken(v) })),
    ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
  };
}
