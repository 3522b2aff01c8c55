import { k8s } from 'cdk8s-plus-28';
import { DynamoVersion } from '../core/dynamo-version';
import { BundledChart } from './bundled-chart';

/**
 * The values of the `dynamo-platform` chart that the typed props of {@link DynamoPlatform} set,
 * with their paths in the chart (ai-dynamo/dynamo `deploy/helm/charts/platform/values.yaml` and
 * `components/operator/values.yaml` at 2a6da14, 1.5.0-dev; `../shared/reference/dynamo-on-kubernetes.md` §3.2).
 * @internal
 */
export interface DynamoPlatformValuesInput {
  readonly version: DynamoVersion;
  /** `global.grove.{install,enabled}`. */
  readonly grove: BundledChart;
  /** `global.kai-scheduler.{install,enabled}`. */
  readonly kaiScheduler: BundledChart;
  /** `dynamo-operator.dynamo.metrics.prometheusEndpoint` (the operator injects it as `PROMETHEUS_ENDPOINT`). */
  readonly prometheusEndpoint?: string;
  /** `dynamo-operator.controllerManager.manager.image.{repository,tag}`. */
  readonly operatorImage?: { readonly repository: string; readonly tag?: string };
  /** `dynamo-operator.namespaceRestriction.{enabled,targetNamespace}` (and `upgradeCRD: false`, which that mode needs). */
  readonly restrictedTo?: string;
  /** `dynamo-operator.controllerManager.tolerations`, `grove.tolerations`, `kai-scheduler.global.tolerations`. */
  readonly tolerations: readonly k8s.Toleration[];
  /** `dynamo-operator.imagePullSecrets` (names). */
  readonly imagePullSecrets: readonly string[];
  /**
   * `dynamo-operator.dynamo.metrics.podMonitors.enabled: true` when the platform installs the
   * Prometheus Operator: the chart's auto-detection (`null`) reads the cluster's APIs when it is
   * rendered, which a GitOps render or a first install before the CRDs exist gets wrong (the
   * chart's `prometheus.yaml` says to set `true` for `helm template` / GitOps).
   */
  readonly podMonitors: boolean;
}

/**
 * The first release whose install docs add the KAI scheduler flag
 * `--set-string kai-scheduler.scheduler.args.default-staleness-grace-period=-1s` to the Grove +
 * KAI install (Dynamo 1.6.0 docs, `../shared/reference/dynamo-after-1.4.md` §1.1 item 9).
 */
const KAI_STALENESS_FLAG_SINCE = DynamoVersion.V1_6_0;

/** The `dynamo-platform` chart values of the typed props (empty sections left out). @internal */
export function dynamoPlatformValues(input: DynamoPlatformValuesInput): Record<string, unknown> {
  const tolerations = input.tolerations.map((t) => ({ ...t }));
  const hasTolerations = tolerations.length > 0;
  const operator: Record<string, unknown> = {};
  if (input.restrictedTo !== undefined) {
    operator.upgradeCRD = false;
    operator.namespaceRestriction = { enabled: true, targetNamespace: input.restrictedTo };
  }
  const manager = input.operatorImage === undefined ? undefined
    : { image: { repository: input.operatorImage.repository, ...(input.operatorImage.tag !== undefined ? { tag: input.operatorImage.tag } : {}) } };
  if (hasTolerations || manager) {
    operator.controllerManager = { ...(hasTolerations ? { tolerations } : {}), ...(manager ? { manager } : {}) };
  }
  if (input.imagePullSecrets.length > 0) operator.imagePullSecrets = input.imagePullSecrets.map((name) => ({ name }));
  const metrics: Record<string, unknown> = {
    ...(input.prometheusEndpoint !== undefined ? { prometheusEndpoint: input.prometheusEndpoint } : {}),
    ...(input.podMonitors ? { podMonitors: { enabled: true } } : {}),
  };
  if (Object.keys(metrics).length > 0) operator.dynamo = { metrics };

  const kaiInstalled = input.kaiScheduler.mode === 'install';
  const staleness = kaiInstalled && input.grove.available && !input.version.isOlderThan(KAI_STALENESS_FLAG_SINCE);
  const kai: Record<string, unknown> = {
    ...(kaiInstalled && hasTolerations ? { global: { tolerations } } : {}),
    ...(staleness ? { scheduler: { args: { 'default-staleness-grace-period': '-1s' } } } : {}),
  };
  return {
    global: {
      'grove': input.grove._values(),
      'kai-scheduler': input.kaiScheduler._values(),
    },
    ...(Object.keys(operator).length > 0 ? { 'dynamo-operator': operator } : {}),
    ...(input.grove.mode === 'install' && hasTolerations ? { grove: { tolerations } } : {}),
    ...(Object.keys(kai).length > 0 ? { 'kai-scheduler': kai } : {}),
  };
}
