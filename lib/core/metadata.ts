import { invalid } from './errors';
import { propPath } from './input-shape';
import { isLabelValue, isQualifiedName, MAX_ANNOTATIONS_BYTES, MAX_LABEL_VALUE } from './names';

/**
 * Kubernetes metadata rules (k8s.io/apimachinery pkg/api/validation ValidateLabels,
 * ValidateAnnotations): label, annotation and node selector keys are qualified names; label and
 * node selector values are label values; an object's annotations total at most 256 KiB.
 */

const KEY_SYNTAX = `[prefix/]name, the name at most ${MAX_LABEL_VALUE} letters, digits, "-", "_" or "."`;
const VALUE_SYNTAX = `at most ${MAX_LABEL_VALUE} letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;

/** What a map of labels is for, in messages: `label` (labels, podLabels) or `node selector`. */
type LabelMapKind = 'label' | 'node selector';

/**
 * Validates a map of labels (or a node selector): keys are label keys, values label values.
 * @param prop the user's prop, e.g. `decode.podLabels`; a bad value is named `decode.podLabels["app"]`
 * @internal
 */
export function validateLabels(prop: string, labels: Readonly<Record<string, unknown>> | undefined, kind: LabelMapKind = 'label'): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isQualifiedName(key)) {
      throw invalid(prop, `must have Kubernetes label keys (${KEY_SYNTAX})`, key,
        kind === 'label' ? 'use a key such as "release" or "example.com/team"' : 'use the node label key, such as "node.kubernetes.io/instance-type"');
    }
    if (!isLabelValue(value)) {
      throw invalid(propPath(prop, key), `must be a Kubernetes label value (${VALUE_SYNTAX})`, value,
        kind === 'label' ? 'use a value such as "prometheus"' : 'use the node label value, such as "p5.48xlarge"');
    }
  }
}

/**
 * Validates annotations: keys are qualified names, values strings, and the keys and values
 * together at most 256 KiB.
 * @internal
 */
export function validateAnnotations(prop: string, annotations: Readonly<Record<string, unknown>> | undefined): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!isQualifiedName(key)) {
      throw invalid(prop, `must have Kubernetes annotation keys (${KEY_SYNTAX})`, key, 'use a key such as "example.com/owner"');
    }
    if (typeof value !== 'string') {
      throw invalid(propPath(prop, key), 'must be a string', value, `quote it, e.g. "${String(value)}"`);
    }
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    throw invalid(prop, `must total at most ${MAX_ANNOTATIONS_BYTES} bytes (256 KiB, keys and values), the API server's limit`, `${bytes} bytes`,
      'keep large data in a ConfigMap and reference it');
  }
}
