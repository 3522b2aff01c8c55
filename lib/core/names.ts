import { invalid } from './errors';

/** RFC 1035 label: what Kubernetes requires of Service names. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: what Kubernetes requires of most object names and namespaces. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The DGD v1beta1 CRD's pattern for component names. */
const COMPONENT_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/;

/** The longest DNS label Kubernetes accepts. @internal */
export const MAX_DNS_LABEL = 63;

/**
 * Validates a DynamoGraphDeployment name. The operator names Services `<dgd>-<component>` and the
 * pods carry the DGD name as a label value, so it must be an RFC 1035 label.
 * @internal
 */
export function validateDgdName(prop: string, name: string): void {
  if (name.length > MAX_DNS_LABEL || !DNS1035_LABEL.test(name)) {
    throw invalid(prop, `must be a DNS label (lowercase letters, digits and '-', starting with a letter, at most ${MAX_DNS_LABEL} characters)`, name,
      'the operator derives Service names from it; choose a name such as "llama-70b"');
  }
}

/**
 * Validates a Kubernetes namespace name.
 * @internal
 */
export function validateNamespace(prop: string, name: string): void {
  if (name.length > MAX_DNS_LABEL || !DNS1123_LABEL.test(name)) {
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
  if (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw invalid(prop, 'must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters)', name,
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
