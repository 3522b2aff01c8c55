import { Size } from 'cdk8s';
import { methodsShape, Shape } from './input-shape';

/**
 * A Kubernetes quantity string for a size (`200Gi`, `512Mi`).
 * @internal
 */
export function sizeQuantity(size: Size): string {
  return size.asString();
}

/**
 * Whether a size is zero (`Size.gibibytes(0)`).
 * @internal
 */
export function isZeroSize(size: Size): boolean {
  return Number.parseFloat(size.asString()) === 0;
}

/**
 * A cdk8s `Size`, as an untyped caller must pass it (not `"200Gi"` or `200`), recognised by its
 * methods so a Size from another copy of cdk8s passes.
 * @internal
 */
export function sizeShape(example = 'Size.gibibytes(200)'): Shape {
  return methodsShape('Size', ['asString', 'toGibibytes'], `a cdk8s Size such as ${example}`);
}
