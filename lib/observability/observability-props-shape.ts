import type { IConstruct } from 'constructs';
import { locate } from '../core/errors';
import { arrayShape, checkProps, FieldsOf, FieldShapes, instanceShape, objectShape, Shape } from '../core/input-shape';
import { BOOLEAN, COMPONENT_TYPE, NUMBER, ROUTER_MODE, STRING, STRING_MAP } from '../core/value-shapes';
import { DashboardDelivery } from './dashboard-delivery';
import { GpuMetrics } from './gpu-metrics';
import { ObservabilityOptions } from './observability-options';
import { ObservedComponent, ObservedDeployment, ObservedGateway } from './observed-deployment';
import { Scraping } from './scraping';
import { SloOptions } from './slo';

/**
 * The shapes of the observability props (the pattern's `observability`, and the props of the
 * dashboard, pod monitor and alert rule constructs used alone), as an untyped caller must pass them.
 * @internal
 */


/** @internal */
export const SLO_OPTIONS_FIELDS: FieldsOf<SloOptions> = {
  ttftMs: NUMBER,
  itlMs: NUMBER,
  latencyPercentile: NUMBER,
  availability: NUMBER,
  kvCacheUsageWarning: NUMBER,
  queueDepthWarning: NUMBER,
  minKvTransferGBps: NUMBER,
};
const SLO = objectShape('SloOptions', SLO_OPTIONS_FIELDS);

const DASHBOARD_DELIVERY = instanceShape(DashboardDelivery, 'DashboardDelivery.configMap() or DashboardDelivery.grafanaOperator({ instanceSelector: {...} })');
const GPU_METRICS = instanceShape(GpuMetrics, 'GpuMetrics.dcgm() or GpuMetrics.NONE');
const SCRAPING = instanceShape(Scraping, 'Scraping.podMonitors() or Scraping.platform()');

/** @internal */
export const OBSERVABILITY_OPTIONS_FIELDS: FieldsOf<ObservabilityOptions> = {
  slo: SLO,
  dashboard: BOOLEAN,
  dashboardDelivery: DASHBOARD_DELIVERY,
  gpuMetrics: GPU_METRICS,
  scraping: SCRAPING,
  alerts: BOOLEAN,
  monitorLabels: STRING_MAP,
  alertLabels: STRING_MAP,
  runbookUrl: STRING,
};
/** The pattern's `observability`. @internal */
export const OBSERVABILITY_OPTIONS = objectShape('ObservabilityOptions', OBSERVABILITY_OPTIONS_FIELDS);

/** @internal */
export const OBSERVED_COMPONENT_FIELDS: FieldsOf<ObservedComponent> = { name: STRING, type: COMPONENT_TYPE };

/** @internal */
export const OBSERVED_GATEWAY_FIELDS: FieldsOf<ObservedGateway> = {
  name: STRING,
  namespace: STRING,
  proxyNamespace: STRING,
  accessChecks: arrayShape(STRING, '["apiKeys", "requestsPerMinute"]'),
  globalRateLimit: BOOLEAN,
};

/** @internal */
export const OBSERVED_DEPLOYMENT_FIELDS: FieldsOf<ObservedDeployment> = {
  name: STRING,
  namespace: STRING,
  dynamoNamespace: STRING,
  servedModelName: STRING,
  routerMode: ROUTER_MODE,
  components: arrayShape(objectShape('ObservedComponent', OBSERVED_COMPONENT_FIELDS, ['name', 'type']), '[{ name: "Frontend", type: ComponentType.FRONTEND }]'),
  nixlTelemetry: BOOLEAN,
  gateway: objectShape('ObservedGateway', OBSERVED_GATEWAY_FIELDS, ['name', 'namespace', 'proxyNamespace', 'accessChecks', 'globalRateLimit']),
  labels: STRING_MAP,
};

/** `deployment`: what the constructs observe, usually a pattern's `observedDeployment`. @internal */
export const OBSERVED_DEPLOYMENT: Shape = objectShape('ObservedDeployment', OBSERVED_DEPLOYMENT_FIELDS,
  ['name', 'namespace', 'dynamoNamespace', 'servedModelName', 'routerMode', 'components', 'nixlTelemetry']);

// The construct props tables are not typed with their interfaces, which live in the construct
// files that call these checks; test/props-shape.test.ts checks each table against its interface.

/** @internal */
export const LLM_DASHBOARD_PROPS_FIELDS: FieldShapes = {
  deployment: OBSERVED_DEPLOYMENT,
  slo: SLO,
  delivery: DASHBOARD_DELIVERY,
  gpuMetrics: GPU_METRICS,
  title: STRING,
  uid: STRING,
};

/** @internal */
export const DYNAMO_POD_MONITORS_PROPS_FIELDS: FieldShapes = {
  deployment: OBSERVED_DEPLOYMENT,
  scraping: SCRAPING,
  monitorLabels: STRING_MAP,
};

/** @internal */
export const LLM_ALERT_RULES_PROPS_FIELDS: FieldShapes = {
  deployment: OBSERVED_DEPLOYMENT,
  slo: SLO,
  ruleLabels: STRING_MAP,
  alertLabels: STRING_MAP,
  runbookUrl: STRING,
};

/** Checks the props of an `LlmDashboard` from an untyped caller. @internal */
export function checkLlmDashboardProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'LlmDashboardProps', LLM_DASHBOARD_PROPS_FIELDS, ['deployment']));
}

/** Checks the props of a `DynamoPodMonitors` from an untyped caller. @internal */
export function checkDynamoPodMonitorsProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'DynamoPodMonitorsProps', DYNAMO_POD_MONITORS_PROPS_FIELDS, ['deployment']));
}

/** Checks the props of an `LlmAlertRules` from an untyped caller. @internal */
export function checkLlmAlertRulesProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'LlmAlertRulesProps', LLM_ALERT_RULES_PROPS_FIELDS, ['deployment']));
}
