import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** A Kubernetes object as cdk8s synthesizes it. @internal */
export type KubeObject = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
};

/** A Pulumi resource class for one Kubernetes kind. @internal */
export type KubeResourceClass = new (name: string, args: KubeObject, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

// The typed @pulumi/kubernetes classes for the built-in kinds a chart may hold, by `apiVersion/kind`.
// Their type tokens, secret outputs (Secret data) and API-version aliases come with them.
const BUILT_IN: Record<string, unknown> = {
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'v1/Namespace': k8s.core.v1.Namespace,
  'v1/PersistentVolumeClaim': k8s.core.v1.PersistentVolumeClaim,
  'v1/Pod': k8s.core.v1.Pod,
  'v1/Secret': k8s.core.v1.Secret,
  'v1/Service': k8s.core.v1.Service,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount,
  'apps/v1/DaemonSet': k8s.apps.v1.DaemonSet,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.autoscaling.v2.HorizontalPodAutoscaler,
  'batch/v1/CronJob': k8s.batch.v1.CronJob,
  'batch/v1/Job': k8s.batch.v1.Job,
  'networking.k8s.io/v1/Ingress': k8s.networking.v1.Ingress,
  'networking.k8s.io/v1/IngressClass': k8s.networking.v1.IngressClass,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': k8s.rbac.v1.ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': k8s.rbac.v1.ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': k8s.scheduling.v1.PriorityClass,
  'storage.k8s.io/v1/StorageClass': k8s.storage.v1.StorageClass,
};

// API groups served by Kubernetes itself: their kinds need a typed class (a CustomResource would get
// the wrong type token). Any other group is a CRD, registered as a CustomResource.
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apps', 'autoscaling', 'batch', 'certificates.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io',
  'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

/** The API group of an `apiVersion` (`''` for the core group). @internal */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * The Pulumi class that registers an object of this kind: the typed class for built-in kinds,
 * `apiextensions.CustomResource` for custom resources.
 * @internal
 */
export function resourceClassFor(obj: KubeObject): KubeResourceClass {
  const typed = BUILT_IN[`${obj.apiVersion}/${obj.kind}`];
  if (typed) return typed as KubeResourceClass;
  if (!BUILT_IN_GROUPS.has(apiGroup(obj.apiVersion))) return k8s.apiextensions.CustomResource as unknown as KubeResourceClass;
  throw new Error(`the chart holds a ${obj.apiVersion} ${obj.kind} ("${obj.metadata.name}"), a built-in kind the Pulumi engine of `
    + 'dynamo-constructs does not map yet; define it as a Pulumi resource of its own (new k8s.<group>.<version>.<Kind>(...)) with { parent: component }');
}
