import { createHash } from 'crypto';
import { invalid } from './errors';

/*
 * Kubernetes name limits, and what the library does with every name it derives.
 *
 * Limits (k8s.io/apimachinery pkg/util/validation): a DNS-1123 label is at most 63 lowercase
 * letters, digits and '-' (object names of most kinds, namespaces, pod volume names); a DNS-1035
 * label also starts with a letter (Service names); a DNS-1123 subdomain is at most 253 characters of
 * labels joined by '.' (other object names, label key prefixes); a label or annotation key is a
 * qualified name (`[prefix/]name`, the name at most 63 characters); a label value is at most 63
 * characters; the annotations of one object total at most 256 KiB (keys and values).
 *
 * Every name the library derives, and what happens when it would be too long. A name only the
 * library refers to is SHORTENED with {@link boundedName} (unchanged when it fits); a name the
 * operator or a cloud derives from the user's names, or that is a documented node label, is
 * REFUSED with an error naming the user's prop and the budget (lib/core/operator-names.ts).
 *
 * | name                                                             | limit                        | too long  | prop named                          |
 * |------------------------------------------------------------------|------------------------------|-----------|-------------------------------------|
 * | DGD `name`                                                       | DNS-1035 label, 63           | refused   | `name`                              |
 * | Dynamo namespace `<namespace>-<name>` (operator pod label)       | label value, 63              | refused   | `name` (and `namespace`)            |
 * | Services, DCDs, scaling adapters `<dgd>-<component>` (operator)  | DNS-1035 label, 63           | refused   | `<pool>.componentName`, `frontend.componentName`, `components[X].name` |
 * | worker pod label `nvidia.com/selector` `<dgd>-<component>-<8-char hash>` (operator, without Grove) | label value, 63 | refused | same |
 * | Grove PodCliqueSet + scaling group + PodClique (operator)        | 45 combined                  | refused   | same                                |
 * | LeaderWorkerSet StatefulSets `<dgd>-<component>-<hash>-0-<group>` (graphs that opt out of Grove) | 52 (revision-hash label) | refused | same |
 * | ScaledObject / HPA `<dgd>-<component>`                           | label value, 63              | as the adapter (refused above) | |
 * | NodePool, EC2NodeClass, AKSNodeClass, ComputeClass `<namespace>-<dgd>-<pool>`, Auto Mode NodeClass `<namespace>-<dgd>-gpu` | node label value, 63 | refused | `name` |
 * | StorageClass `<namespace>-<dgd>-model-cache`, Auto Mode IngressClass `<namespace>-<dgd>-alb` | DNS subdomain, 253 | always fits | |
 * | PVC `<dgd>-model-cache`                                          | pod volume name, 63          | shortened |                                     |
 * | pod volume of a claim or ConfigMap (named after it)              | DNS-1123 label, 63           | shortened (v1beta1); the operator names v1alpha1 claim volumes and compilation cache volumes after the claim: refused | `modelCache.claimName`, `compilationCache.claimName` |
 * | ConfigMap `<dgd>-engine-config`                                  | DNS subdomain, 253           | always fits (its volume is shortened) | |
 * | Job `<dgd>-model-download-<hash>`                                | `job-name` label value, 63   | shortened (model-download-job.ts) |       |
 * | PodMonitors `<dgd>-<role>`, PrometheusRule `<dgd>-slo`, dashboard `<dgd>-dashboard` | DNS-1123 label, 63 | shortened |        |
 * | dashboard uid `dynamo-<dynamo namespace>`                        | Grafana uid, 40              | shortened |                                     |
 * | Ingress, Gateway, HTTPRoute `<dgd>-frontend`                     | DNS-1123 label, 63           | shortened |                                     |
 * | Secret `<dgd>-hf-token` (Pulumi)                                 | DNS subdomain, 253           | always fits |                                   |
 */

/** The longest DNS-1123 or DNS-1035 label Kubernetes accepts. @internal */
export const MAX_DNS_LABEL = 63;
/** The longest DNS-1123 subdomain (most object names, label key prefixes). @internal */
export const MAX_DNS_SUBDOMAIN = 253;
/** The longest label value, and the longest name part of a label or annotation key. @internal */
export const MAX_LABEL_VALUE = 63;
/** The most bytes the annotations of one object may total, keys and values (TotalAnnotationSizeLimitB). @internal */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/**
 * The namespaces Kubernetes creates itself, which the library must never own: an object of the
 * library for one (a Pulumi Namespace resource, a Flux Namespace object) would delete it with the
 * library's objects.
 * @internal
 */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Hex characters of the hash that keeps shortened names apart. */
const HASH_LENGTH = 8;

/** RFC 1035 label: what Kubernetes requires of Service names. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: what Kubernetes requires of most object names and namespaces. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: labels joined by dots. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a qualified name (label and annotation keys) and a non-empty label value. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** The DGD v1beta1 CRD's pattern for component names. */
const COMPONENT_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/;

/** Whether `s` is a DNS-1123 label (at most 63 lowercase letters, digits and '-'). @internal */
export function isDns1123Label(s: string): boolean {
  return s.length <= MAX_DNS_LABEL && DNS1123_LABEL.test(s);
}

/** Whether `s` is a DNS-1035 label (a DNS-1123 label starting with a letter). @internal */
export function isDns1035Label(s: string): boolean {
  return s.length <= MAX_DNS_LABEL && DNS1035_LABEL.test(s);
}

/** Whether `s` is a DNS-1123 subdomain (at most 253 characters). @internal */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= MAX_DNS_SUBDOMAIN && DNS1123_SUBDOMAIN.test(s);
}

/**
 * Whether `key` is a qualified name, the syntax of label and annotation keys: an optional DNS-1123
 * subdomain prefix and `/`, then a name of at most 63 letters, digits, '-', '_' or '.', starting
 * and ending with a letter or digit (IsQualifiedName).
 * @internal
 */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || isDns1123Subdomain(parts[0]);
  return prefixOk && name.length <= MAX_LABEL_VALUE && QUALIFIED_NAME_PART.test(name);
}

/** Whether `value` is a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. @internal */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_LABEL_VALUE && (value === '' || QUALIFIED_NAME_PART.test(value));
}

/**
 * `<base>-<suffix>` (or `base` when the suffix is empty) when it fits in `max` characters; else the
 * base cut short, a hash of `hashSource` (8 hex characters) and the suffix:
 * `<base prefix>-<hash>-<suffix>`. Deterministic, so the name is stable across synths, and names of
 * different bases stay apart. For names only the library refers to (see the table above).
 * @internal
 */
export function boundedName(base: string, suffix: string, max: number = MAX_DNS_LABEL, hashSource: string = base): string {
  const tail = suffix === '' ? '' : `-${suffix}`;
  const full = `${base}${tail}`;
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(hashSource).digest('hex').slice(0, HASH_LENGTH);
  const keep = max - tail.length - hash.length - 1;
  if (keep < 1) throw new Error(`internal: suffix "${suffix}" leaves no room for a name of ${max} characters`);
  return `${base.slice(0, keep).replace(/[-.]+$/, '')}-${hash}${tail}`;
}

/**
 * A DNS-1123 label for a pod volume named after an object (a claim or ConfigMap name may be a
 * 253-character subdomain): the name itself when it is a label, else a shortened form with its
 * dots turned into '-'.
 * @internal
 */
export function dnsLabelFrom(name: string): string {
  if (isDns1123Label(name)) return name;
  return boundedName(name.replace(/\./g, '-'), '', MAX_DNS_LABEL, name);
}

/**
 * Validates a DynamoGraphDeployment name. The operator names Services `<dgd>-<component>` and the
 * pods carry the DGD name as a label value, so it must be an RFC 1035 label.
 * @internal
 */
export function validateDgdName(prop: string, name: string): void {
  if (!isDns1035Label(name)) {
    throw invalid(prop, `must be a DNS label (lowercase letters, digits and '-', starting with a letter, at most ${MAX_DNS_LABEL} characters)`, name,
      'the operator derives Service names from it; choose a name such as "llama-70b"');
  }
}

/**
 * Validates a Kubernetes namespace name.
 * @internal
 */
export function validateNamespace(prop: string, name: string): void {
  if (!isDns1123Label(name)) {
    throw invalid(prop, `must be a DNS label (lowercase letters, digits and '-', at most ${MAX_DNS_LABEL} characters)`, name,
      'use an existing Kubernetes namespace name such as "dynamo"');
  }
}

/**
 * Validates a DGD component name against the CRD and the operator's derived names
 * (`<dgd>-<lowercase component>` must be a DNS label of at most 63 characters).
 * @internal
 */
export function validateComponentName(prop: string, dgdName: string, component: string): void {
  if (component.length === 0 || component.length > MAX_DNS_LABEL || !COMPONENT_NAME.test(component)) {
    throw invalid(prop, "must be 1-63 letters, digits or '-', starting and ending with a letter or digit", component,
      'choose a component name such as "Frontend" or "VllmDecodeWorker"');
  }
  const serviceName = `${dgdName}-${component.toLowerCase()}`;
  if (serviceName.length > MAX_DNS_LABEL) {
    throw invalid(prop, `gives the operator-derived name "${serviceName}" of ${serviceName.length} characters, over the ${MAX_DNS_LABEL} a DNS label allows`,
      component, `shorten the DGD name "${dgdName}" or the component name so that <dgd>-<component> fits in ${MAX_DNS_LABEL} characters`);
  }
}

/**
 * Validates a generic Kubernetes object name (PVC, Job, Secret, ConfigMap references).
 * @internal
 */
export function validateObjectName(prop: string, name: string): void {
  if (!isDns1123Subdomain(name)) {
    throw invalid(prop, `must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most ${MAX_DNS_SUBDOMAIN} characters)`, name,
      'pass the metadata.name of the existing object');
  }
}

/**
 * Validates an environment variable name as Kubernetes accepts it.
 * @internal
 */
export function validateEnvName(prop: string, name: string): void {
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
    throw invalid(prop, 'must be a valid environment variable name', name, 'use letters, digits, "_", "-" or ".", not starting with a digit');
  }
}

/**
 * Validates a Hugging Face revision (commit sha, branch or tag); it reaches a shell in the download Job.
 * @internal
 */
export function validateRevision(prop: string, revision: string): void {
  if (!/^[A-Za-z0-9._/-]+$/.test(revision)) {
    throw invalid(prop, 'must be a commit sha, branch or tag', revision, 'use the 40-character commit sha from the model page on huggingface.co');
  }
}
