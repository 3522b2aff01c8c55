/**
 * The stack config of `platform`: the Dynamo platform the pattern runs on. Either
 * `platform.install`, the args of the Pulumi `DynamoPlatform` component (the program installs the
 * platform chart and the add-ons as Helm releases, and the pattern depends on them), or
 * `platform.existing`, what `DynamoPlatform.fromExisting` takes for a cluster that has a platform.
 */
import { k8s } from 'cdk8s-plus-28';
import {
  BundledChart, DynamoVersion, EfaDevicePluginOptions, ExistingDynamoPlatformOptions, GpuOperatorOptions, HelmChartOptions, KedaOptions, KubePrometheusStackOptions,
  LeaderWorkerSetOptions, NamespaceRestrictionOptions, NetworkOperatorOptions, PlatformChartOptions, PrometheusAdapterOptions, RdmaSharedDevicePluginOptions,
  SriovDevicePluginOptions,
} from '../../../lib';
import { invalid } from '../../../lib/core/errors';
import { shown } from '../../../lib/core/input-shape';
import type { DynamoPlatformArgs } from '../../../lib/pulumi';
import { rmCommand, setCommand } from './errors';
import { fabric } from './hardware';
import { imagePullSecrets } from './pods';
import { metric } from './scaling';
import { bool, choice, constantsOf, duration, Fields, json, list, num, object, Read, text } from './values';
import { dynamoVersion } from './version';

/**
 * `platform.install`: the args of the Pulumi `DynamoPlatform`, but `cloud`, which is the stack's
 * `cloud` (the pattern checks that the two are the same).
 */
export type PlatformInstallArgs = Omit<DynamoPlatformArgs, 'cloud'>;

/** `platform`: the platform to install, or the one the cluster has (exactly one of them). */
export interface PlatformConfig {
  /**
   * Install the platform with the program: the args of the Pulumi `DynamoPlatform` component.
   * @default - not installed
   */
  readonly install?: PlatformInstallArgs;
  /**
   * The platform the cluster has: `DynamoPlatform.fromExisting({ version, namespace, prometheusEndpoint, deviceResources })`.
   * @default - not declared
   */
  readonly existing?: ExistingDynamoPlatformOptions;
}

const STRINGS = list(text);
const TOLERATIONS = list(json<k8s.Toleration>('Toleration'), '{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A chart's `values`: an object of chart values, passed through as it is. */
const helmValues: Read<Record<string, unknown>> = (v, at) => {
  if (!isPlainObject(v)) {
    throw invalid(`config ${at}`, 'must be an object of chart values', shown(v),
      `write it as a YAML object in the stack file, or set one value with ${setCommand(`${at}.<key>`, '<value>')}`);
  }
  return v;
};

/** The settings every add-on chart takes. */
const CHART: Fields<PlatformChartOptions> = { version: text, namespace: text, releaseName: text, values: helmValues };

/**
 * An add-on: `true` for its defaults (`pulumi config set --path 'platform.install.keda' true`), or
 * an object of its settings. An add-on is off when its key is not set.
 */
function addon<T extends object>(read: Read<T>): Read<T> {
  return (v, at) => {
    if (v === true || v === 'true') return {} as T;
    if (v === false || v === 'false') {
      throw invalid(`config ${at}`, 'must be true or an object of the add-on\'s settings: an add-on is off when its key is not set', shown(v), `run ${rmCommand(at)}`);
    }
    return read(v, at);
  };
}

const LINK_SELECTORS = { vendors: STRINGS, linkTypes: STRINGS };

const gpuOperator = addon(object<GpuOperatorOptions>('GpuOperatorOptions', { ...CHART, driver: bool, rdma: bool, useHostMofed: bool, gdrcopy: bool }));
const networkOperator = addon(object<NetworkOperatorOptions>('NetworkOperatorOptions', {
  ...CHART,
  fabric,
  ofedDriver: bool,
  ofedDriverVersion: text,
  rdmaSharedDevicePlugin: object<RdmaSharedDevicePluginOptions>('RdmaSharedDevicePluginOptions', { resourceName: text, rdmaHcaMax: num, ...LINK_SELECTORS }),
  sriovDevicePlugin: object<SriovDevicePluginOptions>('SriovDevicePluginOptions', { resourcePrefix: text, resourceName: text, ...LINK_SELECTORS }),
}));
const efaDevicePlugin = addon(object<EfaDevicePluginOptions>('EfaDevicePluginOptions', CHART));
const kubePrometheusStack = addon(object<KubePrometheusStackOptions>('KubePrometheusStackOptions', { ...CHART, grafana: bool, retention: duration }));
const keda = addon(object<KedaOptions>('KedaOptions', { ...CHART, metricsServer: bool }));
const prometheusAdapter = addon(object<PrometheusAdapterOptions>('PrometheusAdapterOptions', {
  ...CHART, prometheusUrl: text, metrics: list(metric, 'timeToFirstToken'),
}));
const leaderWorkerSet = addon(object<LeaderWorkerSetOptions>('LeaderWorkerSetOptions', { ...CHART, disaggregatedSet: bool }));

/** `charts[i]`: a chart the library does not know. */
const chart = object<HelmChartOptions>('HelmChartOptions', {
  id: text, repository: text, chart: text, version: text, namespace: text, releaseName: text, values: helmValues, dependsOn: STRINGS,
}, ['id', 'repository', 'chart', 'version', 'namespace'], {
  id: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager',
});

/** `grove`, `kaiScheduler`: `install`, `external` or `off`. */
const bundled = choice(constantsOf(BundledChart));

/** `platform.install`: every arg of the Pulumi DynamoPlatform but `cloud` (the stack's). */
const INSTALL: Fields<PlatformInstallArgs> = {
  version: dynamoVersion,
  namespace: text,
  releaseName: text,
  grove: bundled,
  kaiScheduler: bundled,
  prometheusEndpoint: text,
  operatorImage: text,
  namespaceRestriction: object<NamespaceRestrictionOptions>('NamespaceRestrictionOptions', { targetNamespace: text }),
  tolerations: TOLERATIONS,
  imagePullSecrets,
  values: helmValues,
  gpuOperator,
  networkOperator,
  efaDevicePlugin,
  kubePrometheusStack,
  keda,
  prometheusAdapter,
  leaderWorkerSet,
  charts: list(chart),
  timeout: text,
};

/** `platform.existing`: what `DynamoPlatform.fromExisting` takes. */
const EXISTING: Fields<ExistingDynamoPlatformOptions> = {
  version: dynamoVersion,
  namespace: text,
  prometheusEndpoint: text,
  deviceResources: list(text, 'vpc.amazonaws.com/efa'),
};

const readPlatform = object<PlatformConfig>('the platform setting', {
  install: object<PlatformInstallArgs>('DynamoPlatformArgs', INSTALL),
  existing: object<ExistingDynamoPlatformOptions>('ExistingDynamoPlatformOptions', EXISTING, ['version'], { version: DynamoVersion.LATEST.version }),
});

/**
 * `platform`: `{ install: { ...DynamoPlatform args } }` or `{ existing: { version, namespace,
 * prometheusEndpoint, deviceResources } }`, exactly one.
 */
export const platform: Read<PlatformConfig> = (v, at) => {
  const settings = readPlatform(v, at);
  if (settings.install !== undefined && settings.existing !== undefined) {
    throw invalid(`config ${at}`, 'must set install or existing, not both: the program installs a platform or runs on the cluster\'s', 'install and existing',
      `run ${rmCommand(`${at}.existing`)} (install the platform) or ${rmCommand(`${at}.install`)} (use the cluster's)`);
  }
  if (settings.install === undefined && settings.existing === undefined) {
    throw invalid(`config ${at}`, 'must set install (the program installs the platform) or existing (the cluster has one)', shown(v),
      `run ${setCommand(`${at}.install.kubePrometheusStack`, 'true')}, or ${setCommand(`${at}.existing.version`, DynamoVersion.LATEST.version)}`);
  }
  return settings;
};
