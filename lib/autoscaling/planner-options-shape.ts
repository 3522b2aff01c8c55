import { durationShape } from '../core/duration';
import { anyNumberShape, booleanShape, FieldShapes, instanceShape, stringShape } from '../core/input-shape';
import { CONTAINER_RESOURCES } from '../core/value-shapes';
import { LoadPredictor } from './load-predictor';

const NUMBER = anyNumberShape();

/**
 * What an untyped caller may pass to `Planner.sla(options)`; the planner's rules then check the
 * values (`planner.<option>`). Not typed with `SlaPlannerOptions` here (planner.ts imports this file): `Planner.sla`
 * checks it `satisfies FieldsOf<SlaPlannerOptions>`, and test/factory-inputs.test.ts that it has no
 * other key.
 * @internal
 */
export const SLA_PLANNER_FIELDS = {
  ttftMs: NUMBER,
  itlMs: NUMBER,
  maxGpus: NUMBER,
  minGpus: NUMBER,
  minReplicas: NUMBER,
  adjustmentInterval: durationShape('Duration.minutes(3)'),
  loadScaling: booleanShape(),
  loadPredictor: instanceShape(LoadPredictor, 'LoadPredictor.ARIMA, LoadPredictor.PROPHET or LoadPredictor.KALMAN'),
  prometheusEndpoint: stringShape(),
  advisory: booleanShape(),
  image: stringShape(),
  resources: CONTAINER_RESOURCES,
  componentName: stringShape(),
} as const satisfies FieldShapes;
