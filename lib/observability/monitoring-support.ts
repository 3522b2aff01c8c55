import { AccessFeature } from '../access/access-feature';
import { invalid } from '../core/errors';
import { validateLabels } from '../core/metadata';
import { boundedName, isLabelValue as isK8sLabelValue, isQualifiedName, validateDgdName, validateNamespace } from '../core/names';
import { ObservedDeployment, ObservedGateway } from './observed-deployment';

/**
 * Label validation and naming shared by the observability objects (PodMonitors, PrometheusRule,
 * dashboard delivery, GPU metric labels).
 * @internal
 */

/** A Prometheus label name (classic charset); `__` names are reserved for Prometheus itself. */
const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Validates the names of an observed deployment that end up in object names and selectors. @internal */
export function validateObservedNames(prop: string, d: ObservedDeployment): void {
  validateDgdName(`${prop}.name`, d.name);
  validateNamespace(`${prop}.namespace`, d.namespace);
  if (d.labels) validateKubernetesLabels(`${prop}.labels`, d.labels);
  if (d.gateway) validateObservedGateway(`${prop}.gateway`, d.gateway);
}

/** A Kubernetes object name that is also a label value: what the `owning-gateway-name` pod label holds. */
const GATEWAY_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Validates the gateway of an observed deployment: the names its PodMonitor selects by, and the access check ids. @internal */
export function validateObservedGateway(prop: string, g: ObservedGateway): void {
  if (!GATEWAY_NAME.test(g.name) || !isK8sLabelValue(g.name)) {
    throw invalid(`${prop}.name`, 'must be a Gateway name that fits a label value (lowercase letters, digits, \'-\' and \'.\', at most 63 characters)', g.name,
      'pass the name of the Gateway in front of the deployment; Envoy Gateway labels its Envoy pods with it');
  }
  validateNamespace(`${prop}.namespace`, g.namespace);
  validateNamespace(`${prop}.proxyNamespace`, g.proxyNamespace);
  const known = AccessFeature.all().map((f) => f.id);
  for (const id of g.accessChecks) {
    if (!known.includes(id)) {
      throw invalid(`${prop}.accessChecks`, `must list AccessFeature ids (${known.join(', ')})`, id,
        'use the ids of the access features the gateway enforces, e.g. access.features.map((f) => f.id)');
    }
  }
}

/** Whether a key is a Kubernetes label or annotation key: `[DNS-subdomain prefix/]name`, the name at most 63 characters. @internal */
export function isLabelKey(key: string): boolean {
  return isQualifiedName(key);
}

/** Whether a value is a Kubernetes label value (at most 63 characters). @internal */
export function isLabelValue(value: unknown): boolean {
  return isK8sLabelValue(value);
}

/** Whether a name is a Prometheus label name that is not reserved (`__*`). @internal */
export function isPrometheusLabelName(name: string): boolean {
  return PROMETHEUS_LABEL.test(name) && !name.startsWith('__');
}

/** Validates Kubernetes metadata labels (qualified keys, 63-character values). @internal */
export function validateKubernetesLabels(prop: string, labels: Record<string, string>): void {
  validateLabels(prop, labels);
}

/**
 * Validates Prometheus labels added to alerts: names of letters, digits and `_`, not reserved
 * (`__*`) and not one of `owned` (labels the library sets and routing depends on); values non-empty.
 * @internal
 */
export function validatePrometheusLabels(prop: string, labels: Record<string, string>, owned: readonly string[]): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isPrometheusLabelName(key)) {
      throw invalid(prop, 'must have Prometheus label names (letters, digits and "_", not starting with a digit or "__")', key,
        'use a name such as "team" or "service_tier"');
    }
    if (owned.includes(key)) {
      throw invalid(prop, `must not set ${owned.map((o) => `"${o}"`).join(' or ')}, which the library sets on every alert`, key,
        'remove it; severity comes from the alert and dynamo_namespace from the deployment');
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw invalid(`${prop}.${key}`, 'must be a non-empty string (Prometheus drops labels with empty values)', value, 'set a value or remove the label');
    }
  }
}

/**
 * `<dgd>-<suffix>`, at most 63 characters: a long DGD name is cut and a hash of it keeps names of
 * different deployments apart.
 * @internal
 */
export function monitoringObjectName(dgd: string, suffix: string): string {
  return boundedName(dgd, suffix);
}
