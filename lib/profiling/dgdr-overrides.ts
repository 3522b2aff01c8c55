import { k8s } from 'cdk8s-plus-28';
import { DgdApiVersion } from '../core/api-version';
import { resourceRequirementsJson } from '../core/container-resources';
import { refuseLiteralCredential } from '../core/credential-env';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { shown } from '../core/input-shape';
import { validateAnnotations, validateLabels } from '../core/metadata';
import { validateDgdName, validateEnvName } from '../core/names';
import { validateResources, validateTolerations } from '../core/pod-rules';
import { DgdrGraphOverride, DgdrProfilingJobOptions } from './dgdr-props';
import { dgdrFirstRelease, dgdrHas, requireDgdrFact } from './dgdr-releases';

/** The profiler's container in the operator's Job (`ContainerNameProfiler`). @internal */
export const PROFILER_CONTAINER = 'profiler';

/**
 * Throws unless `value` is JSON the API server keeps as it is: strings, finite numbers, booleans,
 * arrays and plain objects; no `null` (the override engine refuses it: "field deletion is not
 * supported") and no `undefined`, function or class instance, which would vanish or fail later.
 * @internal
 */
export function checkJson(prop: string, value: unknown): void {
  if (typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(prop, 'must be a finite number', value, 'give a number JSON can hold');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(`${prop}[${i}]`, v));
    return;
  }
  const plain = typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));
  if (!plain) {
    throw invalid(prop, 'must be JSON (a string, number, boolean, array or plain object)', shown(value),
      value === null || value === undefined ? 'remove the key' : 'give the value as plain JSON');
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkJson(`${prop}.${k}`, v);
}

/**
 * `spec.overrides.profilingJob`: a JobSpec whose pod template carries the profiler pod's scheduling,
 * pull secrets and the `profiler` container's env and resources. The operator merges an allowlist of
 * it into its Job (`internal/controller/profiling_job_overrides.go`): tolerations, node selector and
 * affinity replace its own, pull secrets are added to `nvcr-imagepullsecret`, env is merged by name
 * into the first container (1.0) or the one named `profiler`. The pod template needs its
 * `containers`: an empty list when only scheduling is overridden, as Dynamo's examples write it.
 * @internal
 */
export function renderProfilingJob(o: DgdrProfilingJobOptions | undefined, prop = 'profilingJob'): Record<string, unknown> | undefined {
  if (o === undefined) return undefined;
  validateTolerations(`${prop}.tolerations`, o.tolerations);
  validateLabels(`${prop}.nodeSelector`, o.nodeSelector, 'node selector');
  validateResources(`${prop}.resources`, o.resources);
  const env = Object.entries(o.env ?? {}).map(([name, value]) => {
    validateEnvName(`${prop}.env`, name);
    refuseLiteralCredential(`${prop}.env`, name, value);
    return value._toEnvVar(name);
  });
  const resources = o.resources ? resourceRequirementsJson(o.resources) : undefined;
  const container = env.length > 0 || resources !== undefined
    ? [{ name: PROFILER_CONTAINER, ...(env.length > 0 ? { env } : {}), ...(resources ? { resources } : {}) }] : [];
  return {
    template: {
      spec: {
        containers: container,
        tolerations: o.tolerations?.length ? o.tolerations.map((t) => k8s.toJson_Toleration(t)) : undefined,
        nodeSelector: o.nodeSelector && Object.keys(o.nodeSelector).length > 0 ? o.nodeSelector : undefined,
        affinity: o.affinity ? k8s.toJson_Affinity(o.affinity) : undefined,
        imagePullSecrets: o.imagePullSecrets?.length ? o.imagePullSecrets.map((s) => ({ name: s.name })) : undefined,
      },
    },
  };
}

/** The API generation of the graph the profiler of a release generates: the default generation of `graphOverride`. @internal */
export function generatedGraphApiVersion(version: DynamoVersion): DgdApiVersion {
  return dgdrHas(version, 'v1beta1GeneratedGraph') ? DgdApiVersion.V1BETA1 : DgdApiVersion.V1ALPHA1;
}

/**
 * `spec.overrides.dgd`: an embedded DynamoGraphDeployment (`apiVersion` and `kind` required). From
 * Dynamo 1.4 the profiler merges it structurally in its own API generation, v1alpha1 or v1beta1
 * (PRs #11124, #11187); before, it deep-merges the spec into its v1alpha1 graph as a dict, so only a
 * v1alpha1 spec works there. Of the metadata, every release keeps the labels and annotations (PR
 * #7109, in 1.0.0 as #7121, drops the rest; the operator copies them to the graph it creates) and
 * the operator reads the name (1.0.2+).
 * @internal
 */
export function renderGraphOverride(o: DgdrGraphOverride | undefined, version: DynamoVersion, prop = 'graphOverride'): Record<string, unknown> | undefined {
  if (o === undefined) return undefined;
  const apiVersion = o.apiVersion ?? generatedGraphApiVersion(version);
  if (apiVersion === DgdApiVersion.V1BETA1 && !dgdrHas(version, 'versionedGraphOverride')) {
    throw invalid(`${prop}.apiVersion`, `must be v1alpha1 before Dynamo ${dgdrFirstRelease('versionedGraphOverride')} (dynamoVersion is ${version.version}): the profiler generates a v1alpha1 graph and merges the override into it as it is`,
      apiVersion.apiVersion, 'use DgdApiVersion.V1ALPHA1 and a spec with services: { <name>: {...} }');
  }
  if (o.name !== undefined) {
    validateDgdName(`${prop}.name`, o.name);
    requireDgdrFact(`${prop}.name`, version, 'predictableGraphName', o.name, 'older operators name the graph <backend>-<agg|disagg>', `remove ${prop}.name`);
  }
  validateLabels(`${prop}.labels`, o.labels);
  validateAnnotations(`${prop}.annotations`, o.annotations);
  if (o.spec !== undefined) checkJson(`${prop}.spec`, o.spec);
  const metadata = o.name !== undefined || o.labels !== undefined || o.annotations !== undefined
    ? { name: o.name, labels: o.labels, annotations: o.annotations } : undefined;
  return { apiVersion: apiVersion.apiVersion, kind: 'DynamoGraphDeployment', metadata, spec: o.spec };
}
