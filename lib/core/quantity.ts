import { Size } from 'cdk8s';

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
