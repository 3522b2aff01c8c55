import type * as pulumi from '@pulumi/pulumi';
import type { IDynamoPlatform } from '../platform/served-platform';

/**
 * The brand that marks the Pulumi `DynamoPlatform` component, shared by every copy of the package
 * (where `instanceof` fails).
 * @internal
 */
export const PLATFORM_COMPONENT_BRAND = Symbol.for('dynamo-constructs.pulumi.DynamoPlatform');

/**
 * What a pattern component needs of the Pulumi `DynamoPlatform` component: the resource to depend
 * on, and the cdk8s construct it built, for the pattern's construct to read.
 * @internal
 */
export type PlatformComponent = pulumi.ComponentResource & { readonly platform: IDynamoPlatform };

/** Whether `x` is the Pulumi `DynamoPlatform` component (of any copy of the package). @internal */
export function isPlatformComponent(x: unknown): x is PlatformComponent {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PLATFORM_COMPONENT_BRAND] === true;
}
