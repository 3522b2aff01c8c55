/**
 * The validation errors of the components the program builds, reported on the config keys. A
 * component blames the arg path (`pulumi.InputPropertyError.propertyPath`, e.g.
 * `workers.tensorParallelSize`), which is the config key path, and ends its message with a fix for
 * code (`set workers.tensorParallelSize to 3`, `use Duration.seconds(300)`); the program keeps the
 * message, which says what is wrong and what is allowed, and adds the `pulumi config` command.
 */
import * as pulumi from '@pulumi/pulumi';
import { Backend } from '../../../lib';
import { DynamoValidationError } from '../../../lib/core/errors';
import { propPath } from '../../../lib/core/input-shape';
import type { ProgramArgs } from '../config';
import type { PlatformConfig } from './platform';
import { rmCommand, setCommand } from './errors';
import { suggestedValue } from './suggested-value';

/** The components whose image defaults to the top-level `image`. */
const IMAGE_OWNERS = ['frontend', 'workers', 'prefill', 'decode', 'planner'];

/** What a component reported: the arg path it blames and its message (which starts with the path). */
interface Reported {
  readonly prop: string;
  readonly message: string;
}

/** A component's validation error, or undefined for any other error. */
function reported(e: unknown): Reported | undefined {
  if (pulumi.InputPropertyError.isInstance(e)) return { prop: e.propertyPath, message: e.reason };
  if (DynamoValidationError.isDynamoValidationError(e) && !e.prop.startsWith('config ')) return { prop: e.prop, message: e.message };
  return undefined;
}

/** The parts of a config path: `charts[0].dependsOn` is `charts`, `0`, `dependsOn`; `labels["a b"]` is `labels`, `a b`. */
function pathParts(path: string): string[] {
  const parts: string[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) parts.push(m[1] ?? m[2] ?? (JSON.parse(m[3]) as string));
  return parts;
}

/** The value at a path of the args (`frontend.image`, `charts[0].dependsOn`), or undefined. */
function valueAt(args: object, path: string): unknown {
  let value: unknown = args;
  for (const part of pathParts(path)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The config path of an arg path the component blamed: an extra chart is named by its id
 * (`charts[cert-manager].dependsOn`), the config lists it by index (`charts[0].dependsOn`); and a
 * list whose one entry is refused (`(got "nope")`) is blamed on that entry (`dependsOn[0]`), since
 * `pulumi config set --path` sets one entry, not a list.
 */
function configPath(ownKey: string, message: string, args: object): string {
  let path = ownKey.replace(/^charts\[([^\]]+)\]/, (whole, id: string) => {
    if (/^\d+$/.test(id)) return whole;
    const charts = valueAt(args, 'charts');
    const index = Array.isArray(charts) ? charts.findIndex((c) => typeof c === 'object' && c !== null && (c as { id?: unknown }).id === id) : -1;
    return index >= 0 ? `charts[${index}]` : whole;
  });
  const list = valueAt(args, path);
  const got = /\(got ("(?:[^"\\]|\\.)*")\)/.exec(message);
  if (Array.isArray(list) && got) {
    const index = list.indexOf(JSON.parse(got[1]) as string);
    if (index >= 0) path = `${path}[${index}]`;
  }
  return path;
}

/**
 * The value to set for an extra chart's dependency (`charts[0].dependsOn[0]`): the first release
 * the message lists (`use one of cert-manager, dynamo-platform`) that is not the chart itself.
 */
function dependencyExample(path: string, message: string, args: object): string | undefined {
  const at = /^charts\[(\d+)\]\.dependsOn\[\d+\]$/.exec(path);
  const listed = /\buse one of ([^;]+)/.exec(message);
  if (!at || !listed) return undefined;
  const own = valueAt(args, `charts[${at[1]}].id`);
  return listed[1].split(/,\s*/).map((id) => id.trim()).find((id) => id !== '' && id !== own);
}

/**
 * The config key of an arg path: the same path, but for a component's image the stack config does
 * not set, which comes from the top-level `image` (the first component built, usually the frontend,
 * is blamed for it).
 */
function configKey(prop: string, args: ProgramArgs): string {
  const [owner, setting, ...rest] = prop.split('.');
  const inherited = setting === 'image' && rest.length === 0 && IMAGE_OWNERS.includes(owner) && valueAt(args, prop) === undefined;
  return inherited && args.image !== undefined ? 'image' : prop;
}

/**
 * The entry of the map at `key` the message refuses by its key (`labels` with `(got "bad key")`, a
 * key of the map), or undefined when the message is about a value.
 */
function refusedMapEntry(key: string, message: string, args: object): { readonly name: string; readonly value: unknown } | undefined {
  const got = /\(got ("(?:[^"\\]|\\.)*")\)/.exec(message);
  const map = valueAt(args, key);
  if (!got || typeof map !== 'object' || map === null || Array.isArray(map)) return undefined;
  const name = JSON.parse(got[1]) as string;
  return Object.prototype.hasOwnProperty.call(map, name) ? { name, value: (map as Record<string, unknown>)[name] } : undefined;
}

/**
 * The config commands of the platform settings a message suggests (`set efaDevicePlugin: {} on the
 * DynamoPlatform`, `(or set prometheusAdapter: {} for the default rules)`, `set prometheusEndpoint
 * (or kubePrometheusStack) on the DynamoPlatform`, `list "rdma/ib" in deviceResources of
 * DynamoPlatform.fromExisting(...)`); `existingResources` is how many
 * `platform.existing.deviceResources` the config lists. A `platform.install` command is offered only
 * for a message about the DynamoPlatform the program installs ("on the DynamoPlatform"), a
 * `platform.existing` one only for a message about `DynamoPlatform.fromExisting(...)`.
 */
function platformCommands(message: string, existingResources: number): string[] {
  const commands: string[] = [];
  const driver = /set gpuOperator: \{ driver: false, rdma: false \} on the DynamoPlatform/.exec(message);
  if (driver) {
    commands.push(`${setCommand('platform.install.gpuOperator.driver', 'false')} && ${setCommand('platform.install.gpuOperator.rdma', 'false')}`);
  }
  if (/\bset gpuOperator: \{ driver: true \} on the DynamoPlatform/.test(message)) commands.push(setCommand('platform.install.gpuOperator.driver', 'true'));
  const addon = /\bset (\w+): \{\}(?: \([^)]*\))? on the DynamoPlatform/.exec(message);
  if (addon) commands.push(setCommand(`platform.install.${addon[1]}`, 'true'));
  // An HPA metric no adapter rule serves: `... on the DynamoPlatform (or set prometheusAdapter: {} for the default rules)`.
  if (/\bset prometheusAdapter: \{\} for\b/.test(message) && /\bon the DynamoPlatform\b/.test(message) && addon?.[1] !== 'prometheusAdapter') {
    commands.push(setCommand('platform.install.prometheusAdapter', 'true'));
  }
  // A planner without a Prometheus: `set prometheusEndpoint (or kubePrometheusStack) on <the platform>`.
  if (/\bset prometheusEndpoint \(or kubePrometheusStack\) on the DynamoPlatform\b/.test(message)) {
    // kube-prometheus-stack is on with the Secret of Grafana's admin credentials, which it needs.
    commands.push(setCommand('platform.install.kubePrometheusStack.grafanaAdminSecret', 'grafana-admin'), setCommand('platform.install.prometheusEndpoint', '<url>'));
  }
  // kube-prometheus-stack's Grafana without its admin Secret: `pass grafanaAdminSecret: SecretRef.fromSecretName("grafana-admin"), or set grafana: false`.
  const grafanaAdmin = /\bpass grafanaAdminSecret: SecretRef\.fromSecretName\("([^"]+)"\), or set grafana: false\b/.exec(message);
  if (grafanaAdmin) {
    commands.push(setCommand('platform.install.kubePrometheusStack.grafanaAdminSecret', grafanaAdmin[1]), setCommand('platform.install.kubePrometheusStack.grafana', 'false'));
  }
  if (/\bset prometheusEndpoint\b[^;]* on DynamoPlatform\.fromExisting\(/.test(message)) commands.push(setCommand('platform.existing.prometheusEndpoint', '<url>'));
  // KEDA without its metrics server for a ScaledObject: `remove keda.metricsServer: false on the DynamoPlatform`.
  if (/\bremove keda\.metricsServer: false on the DynamoPlatform\b/.test(message)) commands.push(rmCommand('platform.install.keda.metricsServer'));
  const rdma = /\bset networkOperator with a device plugin whose resource is rdma\/([^\s/]+) \(rdmaSharedDevicePlugin or sriovDevicePlugin\) on the DynamoPlatform/.exec(message);
  if (rdma) commands.push(setCommand('platform.install.networkOperator.rdmaSharedDevicePlugin.resourceName', rdma[1]));
  if (/\bset grove: BundledChart\.INSTALL\b[^;]* on the DynamoPlatform/.test(message)) commands.push(setCommand('platform.install.grove', 'install'));
  const resource = /\blist "([^"]+)" in deviceResources of DynamoPlatform\.fromExisting/.exec(message);
  if (resource) commands.push(setCommand(`platform.existing.deviceResources[${existingResources}]`, resource[1]));
  return commands;
}

/** The config commands for the code the message suggests: a generic cloud's RDMA fabric, TCP KV transfer, the NIXL transfer. */
function translatedCommands(message: string): string[] {
  const commands: string[] = [];
  const rdma = /Cloud\.generic\(\{ rdma: \{ fabric: RdmaFabric\.([A-Z0-9_]+)(?:, resourceName: '([^']+)')? \} \}\)/.exec(message);
  if (rdma) {
    commands.push([setCommand('cloud.provider', 'generic'), setCommand('cloud.rdma.fabric', rdma[1].toLowerCase().replace(/_/g, '-')),
      ...(rdma[2] !== undefined ? [setCommand('cloud.rdma.resourceName', rdma[2])] : [])].join(' && '));
  }
  if (/\bkvTransfer: KvTransfer\.nixl\(\)/.test(message)) commands.push(setCommand('kvTransfer', 'nixl'));
  if (/\ballowTcpKvTransfer: true\b/.test(message)) commands.push(setCommand('allowTcpKvTransfer', 'true'));
  return commands;
}

/**
 * The config command of the gateway a message about `access` names as the one that enforces it
 * (`it is enforced by IngressController.envoyAiGateway() (set ingress.controller)`, `set ingress
 * (... ingress: { controller: IngressController.envoyGateway() })`): the first one named.
 */
function accessCommands(message: string): string[] {
  const fixText = message.slice(Math.max(0, message.indexOf('(got ')));
  const named = /IngressController\.(envoyGateway|envoyAiGateway)\(\)/.exec(fixText);
  return named ? [setCommand('ingress.controller', named[1])] : [];
}

/**
 * The commands that go with removing an ingress option the ingress does not apply: for
 * `ingress.certificateArn` (ACM, which an Envoy controller cannot use), the TLS Secret Envoy
 * terminates HTTPS with (and the host it is for, when none is set), unless one is set.
 */
function unappliedCommands(key: string, args: object): string[] {
  if (key !== 'ingress.certificateArn' || valueAt(args, 'ingress.tlsSecret') !== undefined) return [];
  return [...(valueAt(args, 'ingress.host') === undefined ? [setCommand('ingress.host', 'llm.example.com')] : []), setCommand('ingress.tlsSecret', 'llm-tls')];
}

/**
 * The commands that select GKE's global external GatewayClass for a Cloud Armor policy the
 * frontend's class does not enforce (`the GKE Gateway (gke-l7-rilb) of Cloud.gke() does not
 * enforce`): remove `ingress.className` and `ingress.internal`, whichever are set.
 */
function externalClassCommands(message: string, args: object): string[] {
  if (!/\(gke-l7-[\w-]+\) of Cloud\.gke\(\) does not enforce\b/.test(message)) return [];
  return (['ingress.className', 'ingress.internal'] as const).filter((k) => valueAt(args, k) !== undefined && valueAt(args, k) !== false).map((k) => rmCommand(k));
}

/**
 * The `pulumi config` fix of a component's error on `key` (`prop`, the path it blamed; `ownKey`, the
 * key under the `args` given, which is `key` but for a component of a config object such as `platform.install`).
 */
function configFix(key: string, ownKey: string, { prop, message }: Reported, args: object, example0?: string): string {
  if (key === 'hfToken') return 'change it with pulumi config set --secret hfToken <token>';
  // An ingress option the ingress does not apply (`ingress.internal is not applied by IngressController.envoyGateway()`).
  if (/^is not applied by\b/.test(message.slice(prop.length + 1))) return `remove it with ${[rmCommand(key), ...unappliedCommands(key, args)].join(' && ')}`;
  if (/^(must not be set|is not supported)\b/.test(message.slice(prop.length + 1))) return `remove it with ${rmCommand(key)}`;
  // A setting whose fix is to remove it (`efaDevicePlugin ... (got "gke"); remove efaDevicePlugin: ...`,
  // `dynamoVersion must be the platform's ...; remove dynamoVersion (the graph takes the platform's)`).
  if (new RegExp(`\\); remove ${prop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b(?![.\\[])`).test(message)) return `remove it with ${rmCommand(key)}`;
  const entry = refusedMapEntry(ownKey, message, args);
  if (entry !== undefined) {
    const name = suggestedValue(message, prop);
    const to = name !== undefined ? propPath(key, name) : `${key}.<key>`;
    return `move the entry with ${rmCommand(propPath(key, entry.name))} && ${setCommand(to, typeof entry.value === 'string' ? entry.value : '<value>')}`;
  }
  // The transfer engines of the backend, by their config names (`nixl`, `mooncake`, `ucx`), first the one every backend takes.
  const backend = (args as Partial<ProgramArgs>).backend;
  const example = example0 ?? (key === 'kvTransfer' ? (backend ?? Backend.vllm()).definition.kvTransfers[0] : suggestedValue(message, prop));
  const listed = valueAt(args, 'platform.existing.deviceResources');
  const translated = [...translatedCommands(message), ...platformCommands(message, Array.isArray(listed) ? listed.length : 0)];
  // An `access` feature the ingress does not enforce: the gateway that does, or without it (`access`
  // takes no value of its own, and another value of a feature is not enforced either); Cloud Armor
  // refused by GKE's internal or regional class, also the global external class.
  const onAccess = key === 'access' || key.startsWith('access.');
  const gateway = onAccess ? accessCommands(message) : [];
  if (key === 'access' || gateway.length > 0 || (onAccess && /\bdoes not enforce\b/.test(message))) {
    const external = key === 'access.cloudArmorPolicy' ? externalClassCommands(message, args) : [];
    return `${gateway.length > 0 ? `change it with ${gateway.join(', or ')}, or ` : ''}remove it with ${rmCommand(key)}`
      + `${external.length > 0 ? `, or use the global external class with ${external.join(' && ')}` : ''}`;
  }
  // Without a value to set, a command that sets a setting of the key (`cloud.rdma.fabric` for `cloud`)
  // replaces `set <key> <value>`, and so does any other command when the message's fix does not
  // offer the key itself (`add the metric to prometheusAdapter.metrics ... (or set prometheusAdapter:
  // {} ...)` for `decode.autoscaling.metrics`; but `..., or planner.prometheusEndpoint` keeps it).
  const fixText = message.slice(Math.max(0, message.indexOf('(got ')));
  const offersKey = new RegExp(`(?<![\\w.])${prop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(fixText.replace(/^\(got [^)]*\)/, ''));
  const replaced = translated.some((c) => c.includes(`'${key}.`)) || (translated.length > 0 && !offersKey);
  const own = example === undefined && replaced ? [] : [setCommand(key, example ?? '<value>')];
  return `change it with ${[...own, ...translated].join(', or ')}`;
}

/**
 * Builds the component (`build`) and reports a validation error it raises on the config key:
 * `config <key> <the component's message>; change it with pulumi config set ...` (or `remove it with
 * pulumi config rm ...` for a setting that must not be set). Other errors pass through unchanged.
 *
 * Only errors raised while the component is built are reported here. The one arg that resolves later
 * is the token (an Output), which the component checks when its Secret is registered: the program
 * checks the `hfToken` key when it reads the config instead (see secrets.ts).
 */
export function onConfigKeys<T>(args: ProgramArgs & { readonly platform?: PlatformConfig }, build: () => T): T;
/**
 * Builds the component of a config object (`prefix`, e.g. `platform.install`, whose settings are
 * `args`) and reports a validation error it raises on `<prefix>.<arg path>`.
 */
export function onConfigKeys<T>(args: object, build: () => T, prefix: string): T;
export function onConfigKeys<T>(args: object, build: () => T, prefix?: string): T {
  try {
    return build();
  } catch (e) {
    const error = reported(e);
    if (error === undefined) throw e;
    const ownKey = configPath(prefix === undefined ? configKey(error.prop, args as ProgramArgs) : error.prop, error.message, args);
    const key = prefix === undefined ? ownKey : ownKey === '' ? prefix : `${prefix}.${ownKey}`;
    const message = error.message.startsWith(error.prop) ? key + error.message.slice(error.prop.length) : error.message;
    const onKey = new DynamoValidationError(`config ${key}`, `config ${message}; ${configFix(key, ownKey, error, args, dependencyExample(ownKey, error.message, args))}`);
    Object.defineProperty(onKey, 'cause', { value: e, enumerable: false, writable: true, configurable: true });
    throw onKey;
  }
}
