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
import { closest, propPath, shown } from '../../../lib/core/input-shape';
import type { DynamoPlatformArgs } from '../../../lib/pulumi';
import { rmCommand, setCommand } from './errors';
import { fabric } from './hardware';
import { imagePullSecrets, secretRef } from './pods';
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
const kubePrometheusStack = addon(object<KubePrometheusStackOptions>('KubePrometheusStackOptions', {
  ...CHART, grafana: bool, grafanaAdminSecret: secretRef, retention: duration,
}));
const keda = addon(object<KedaOptions>('KedaOptions', { ...CHART, metricsServer: bool }));
const prometheusAdapter = addon(object<PrometheusAdapterOptions>('PrometheusAdapterOptions', {
  ...CHART, prometheusUrl: text, metrics: list(metric, 'timeToFirstToken'),
}));
const leaderWorkerSet = addon(object<LeaderWorkerSetOptions>('LeaderWorkerSetOptions', { ...CHART, disaggregatedSet: bool }));
const volcano = addon(object<PlatformChartOptions>('VolcanoOptions', CHART));

/** `charts[i]`: a chart the library does not know. */
const chart = object<HelmChartOptions>('HelmChartOptions', {
  id: text, repository: text, chart: text, version: text, namespace: text, releaseName: text, values: helmValues, dependsOn: STRINGS,
  deviceResources: list(text, 'vpc.amazonaws.com/efa'),
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
  volcano,
  charts: list(chart),
  deviceResources: list(text, 'vpc.amazonaws.com/efa'),
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
 * The setting that turns kube-prometheus-stack on, and the Secret it names: the add-on needs Grafana's
 * admin Secret (`kubePrometheusStack: true` alone is refused when the platform is built).
 */
const KPS_LEAF = 'kubePrometheusStack.grafanaAdminSecret';
const GRAFANA_ADMIN_SECRET = 'grafana-admin';

/** The two forms of `platform`, each with the setting its fix sets when it is given in the wrong shape. */
const FORMS: Readonly<Record<keyof PlatformConfig, { readonly typeName: string; readonly leaf: string; readonly example: string }>> = {
  install: { typeName: 'DynamoPlatformArgs', leaf: KPS_LEAF, example: GRAFANA_ADMIN_SECRET },
  existing: { typeName: 'ExistingDynamoPlatformOptions', leaf: 'version', example: DynamoVersion.LATEST.version },
};

/**
 * The command that sets one setting under `base`: the first setting of `value` when it holds one
 * (`{ keda: true }` under `platform.install` is `platform.install.keda true`), else the form's.
 * `pulumi config set --path` sets a leaf; an object of settings is written in the stack file.
 */
function leafCommand(base: string, value: unknown, form: keyof PlatformConfig): string {
  let path = base;
  let leaf = value;
  while (isPlainObject(leaf) && Object.keys(leaf).length > 0) {
    const [k, x] = Object.entries(leaf)[0];
    path = propPath(path, k);
    leaf = x;
  }
  const scalar = typeof leaf === 'string' || typeof leaf === 'number' || typeof leaf === 'boolean';
  return path !== base && scalar ? setCommand(path, String(leaf)) : setCommand(`${base}.${FORMS[form].leaf}`, FORMS[form].example);
}

/**
 * Refuses `platform` in a shape `pulumi config set` cannot mend with the key alone: not an object
 * (`platform: true`), a form misspelt (`instal`) or not an object (`install: true`). Each fix sets a
 * leaf setting, or says to write the object in the stack file.
 */
function checkForms(v: unknown, at: string): void {
  const stackFile = 'or write the settings under it in the stack file (Pulumi.<stack>.yaml)';
  if (!isPlainObject(v)) {
    throw invalid(`config ${at}`, 'must be an object with install (the program installs the platform) or existing (the cluster has one)', shown(v),
      `run ${rmCommand(at)} && ${setCommand(`${at}.install.${KPS_LEAF}`, GRAFANA_ADMIN_SECRET)} (or ${setCommand(`${at}.existing.version`, DynamoVersion.LATEST.version)}), ${stackFile}`);
  }
  const forms = Object.keys(FORMS) as Array<keyof PlatformConfig>;
  for (const [key, value] of Object.entries(v)) {
    if (value === null || value === undefined) continue;
    const form = (forms as string[]).includes(key) ? key as keyof PlatformConfig : closest(key, forms) as keyof PlatformConfig | undefined;
    // A key that resembles neither form is refused by the reader, with the forms it takes.
    if (form === undefined) continue;
    const path = propPath(at, key);
    if (form !== key) {
      throw invalid(`config ${path}`, 'is not a setting of the platform setting', shown(value),
        `did you mean ${at}.${form}? run ${rmCommand(path)} && ${leafCommand(`${at}.${form}`, value, form)}, and the same for its other settings, ${stackFile.replace('under it', `under ${at}.${form}`)}`);
    }
    if (!isPlainObject(value)) {
      throw invalid(`config ${path}`, `must be an object of ${FORMS[form].typeName} settings${form === 'install' ? ' (an add-on is on when its key is set: keda: true)' : ''}`, shown(value),
        `run ${rmCommand(path)} && ${leafCommand(path, undefined, form)}, ${stackFile}`);
    }
  }
}

/**
 * `platform`: `{ install: { ...DynamoPlatform args } }` or `{ existing: { version, namespace,
 * prometheusEndpoint, deviceResources } }`, exactly one.
 */
export const platform: Read<PlatformConfig> = (v, at) => {
  checkForms(v, at);
  const settings = readPlatform(v, at);
  if (settings.install !== undefined && settings.existing !== undefined) {
    throw invalid(`config ${at}`, 'must set install or existing, not both: the program installs a platform or runs on the cluster\'s', 'install and existing',
      `run ${rmCommand(`${at}.existing`)} (install the platform) or ${rmCommand(`${at}.install`)} (use the cluster's)`);
  }
  if (settings.install === undefined && settings.existing === undefined) {
    throw invalid(`config ${at}`, 'must set install (the program installs the platform) or existing (the cluster has one)', shown(v),
      `run ${setCommand(`${at}.install.${KPS_LEAF}`, GRAFANA_ADMIN_SECRET)}, or ${setCommand(`${at}.existing.version`, DynamoVersion.LATEST.version)}`);
  }
  return settings;
};
