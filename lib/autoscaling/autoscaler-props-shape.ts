import type { IConstruct } from 'constructs';
import { locate } from '../core/errors';
import { arrayShape, checkProps, FieldsOf, FieldShapes, instanceShape, numberShape } from '../core/input-shape';
import { durationShape } from '../core/duration';
import { STRING } from '../core/value-shapes';
import { OBSERVED_DEPLOYMENT } from '../observability/observability-props-shape';
import { PoolAutoscalerProps } from './scale-range';
import { ScalingMetric } from './scaling-metric';

/**
 * The shapes of the props of the KEDA and HPA constructs used alone, as an untyped caller must
 * pass them.
 * @internal
 */

const METRICS = arrayShape(instanceShape(ScalingMetric,
  'ScalingMetric.queueDepth({...}), ScalingMetric.kvCacheUsage({...}), ScalingMetric.timeToFirstToken({...}), ScalingMetric.interTokenLatency({...}) or ScalingMetric.promql({...})'),
'[ScalingMetric.queueDepth({ targetPerReplica: 4 })]');

/** @internal */
export const POOL_AUTOSCALER_PROPS_FIELDS: FieldsOf<PoolAutoscalerProps> = {
  deployment: OBSERVED_DEPLOYMENT,
  component: STRING,
  minReplicas: numberShape(),
  maxReplicas: numberShape(),
  metrics: METRICS,
};
const POOL_AUTOSCALER_REQUIRED = ['deployment', 'component', 'maxReplicas', 'metrics'];

// The construct props tables are not typed with their interfaces, which live in the construct
// files that call these checks; test/props-shape.test.ts checks each table against its interface.

/** @internal */
export const DGD_SCALED_OBJECT_PROPS_FIELDS: FieldShapes = {
  ...POOL_AUTOSCALER_PROPS_FIELDS,
  prometheusServerAddress: STRING,
  pollingInterval: durationShape('Duration.seconds(30)'),
  cooldownPeriod: durationShape('Duration.minutes(5)'),
  authenticationRef: STRING,
};

/** @internal */
export const DGD_HORIZONTAL_POD_AUTOSCALER_PROPS_FIELDS: FieldShapes = {
  ...POOL_AUTOSCALER_PROPS_FIELDS,
  scaleDownStabilization: durationShape('Duration.minutes(5)'),
};

/** Checks the props of a `DgdScaledObject` from an untyped caller. @internal */
export function checkDgdScaledObjectProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'DgdScaledObjectProps', DGD_SCALED_OBJECT_PROPS_FIELDS, [...POOL_AUTOSCALER_REQUIRED, 'prometheusServerAddress']));
}

/** Checks the props of a `DgdHorizontalPodAutoscaler` from an untyped caller. @internal */
export function checkDgdHorizontalPodAutoscalerProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'DgdHorizontalPodAutoscalerProps', DGD_HORIZONTAL_POD_AUTOSCALER_PROPS_FIELDS, POOL_AUTOSCALER_REQUIRED));
}
