import { DgdApiVersion } from './api-version';
import { ComponentType } from './component-type';
import { ComponentVolume } from './component-volume';
import { credentialEnvFixes, literalCredentialReason } from './credential-env';
import { DynamoVersion } from './dynamo-version';
import { EnvValue } from './env-value';
import { invalid, invalidForEngine } from './errors';
import {
  arrayShape, booleanShape, guardShape, instanceShape, jsonObjectShape, numberShape, objectShape, propPath, recordShape, Shape, stringShape,
} from './input-shape';
import { KvTransfer } from './kv-transfer';
import { NixlBackend } from './nixl-backend';
import { sizeShape } from './quantity';
import { RouterMode } from './router-mode';
import { secretRefShape } from './secret-ref';

// The shapes of the values that several props tables share: the library's engine-free value
// classes, the cdk8s-plus types props carry (`Cpu`, `ContainerResources`; `Size` and `Duration`
// are quantity.ts's and duration.ts's), Kubernetes JSON passed through, and maps and lists of strings.

/** Whether `v` is a non-null object (not an array) whose `key` is a string. */
function hasString(v: unknown, key: string): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>)[key] === 'string';
}

/** @internal */
export const STRING = stringShape();
/** A finite number (the prop's own rule checks its range). @internal */
export const NUMBER = numberShape();
/** A boolean. @internal */
export const BOOLEAN = booleanShape();
/** `labels`, `annotations`, `nodeSelector`, `extraResources`. @internal */
export const STRING_MAP = recordShape(stringShape());
/** `extraArgs`, `command`, `args`. @internal */
export const STRING_LIST = arrayShape(stringShape(), '["--flag", "value"]');

/** A cdk8s-plus `Cpu`: the library reads its `amount`. @internal */
export const CPU = guardShape('a Cpu', (v) => hasString(v, 'amount'), 'use Cpu.units(2) or Cpu.millis(500) (from cdk8s-plus), not a string or a number');

/** `imagePullSecrets`, `envFromSecrets`. @internal */
export const SECRET_REFS = arrayShape(secretRefShape(), '[SecretRef.fromSecretName("my-secret")]');

/** cdk8s-plus `CpuResources`. @internal */
export const CPU_RESOURCES_FIELDS = { request: CPU, limit: CPU } as const;
/** cdk8s-plus `MemoryResources`. @internal */
export const MEMORY_RESOURCES_FIELDS = { request: sizeShape('Size.gibibytes(8)'), limit: sizeShape('Size.gibibytes(8)') } as const;
/** cdk8s-plus `EphemeralStorageResources`. @internal */
export const EPHEMERAL_STORAGE_RESOURCES_FIELDS = { request: sizeShape('Size.gibibytes(2)'), limit: sizeShape('Size.gibibytes(2)') } as const;
/** cdk8s-plus `ContainerResources`. @internal */
export const CONTAINER_RESOURCES_FIELDS = {
  cpu: objectShape('CpuResources', CPU_RESOURCES_FIELDS),
  memory: objectShape('MemoryResources', MEMORY_RESOURCES_FIELDS),
  ephemeralStorage: objectShape('EphemeralStorageResources', EPHEMERAL_STORAGE_RESOURCES_FIELDS),
} as const;
/** `resources`: `{ cpu: { request: Cpu.units(2) }, memory: { limit: Size.gibibytes(8) } }`. @internal */
export const CONTAINER_RESOURCES = objectShape('ContainerResources', CONTAINER_RESOURCES_FIELDS);

/** `tolerations`: Kubernetes Toleration objects. @internal */
export const TOLERATIONS = arrayShape(jsonObjectShape('Toleration'), '[{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]');
/** @internal */
export const AFFINITY = jsonObjectShape('Affinity');
/** @internal */
export const SECURITY_CONTEXT = jsonObjectShape('SecurityContext');

const ENV_VALUES = recordShape(instanceShape(EnvValue, 'EnvValue.fromValue("..."), EnvValue.fromSecret(...), EnvValue.fromConfigMap(...) or EnvValue.fromFieldPath(...)'));

/**
 * `env`: an object of EnvValues. A plain string gets the call that wraps it, except under a name
 * that marks a credential or when it is a Hugging Face token: that value is never shown (and must
 * come from a Secret).
 * @internal
 */
export const ENV: Shape = {
  expected: ENV_VALUES.expected,
  check: (p, v) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x !== 'string') continue;
        if (literalCredentialReason(k, x) !== undefined) {
          throw invalidForEngine(propPath(p, k), 'must be an EnvValue', '<redacted>', credentialEnvFixes(k));
        }
        throw invalid(propPath(p, k), 'must be an EnvValue', x, `use EnvValue.fromValue(${JSON.stringify(x)})`);
      }
    }
    ENV_VALUES.check(p, v);
  },
};

/** @internal */
export const DYNAMO_VERSION = instanceShape(DynamoVersion,
  (v) => `DynamoVersion.of('${typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v) ? v : DynamoVersion.LATEST.version}') or DynamoVersion.LATEST`);
/** @internal */
export const DGD_API_VERSION = instanceShape(DgdApiVersion, 'DgdApiVersion.V1BETA1 or DgdApiVersion.V1ALPHA1');
/** @internal */
export const ROUTER_MODE = instanceShape(RouterMode, 'RouterMode.KV or RouterMode.of("kv")');
/** @internal */
export const KV_TRANSFER = instanceShape(KvTransfer, 'KvTransfer.nixl(), KvTransfer.mooncake() or KvTransfer.ucxTransceiver()');
/** @internal */
export const NIXL_BACKEND = instanceShape(NixlBackend, () => 'kvTransfer: KvTransfer.nixl(NixlBackend.UCX) or KvTransfer.nixl(NixlBackend.LIBFABRIC)');
/** @internal */
export const COMPONENT_TYPE = instanceShape(ComponentType, 'ComponentType.FRONTEND, WORKER, PREFILL, DECODE or PLANNER');
/** @internal */
export const COMPONENT_VOLUMES = arrayShape(instanceShape(ComponentVolume,
  'ComponentVolume.fromPersistentVolumeClaim(...), fromConfigMap(...), fromEmptyDir(...) or fromHostPath(...)'), '[ComponentVolume.fromEmptyDir("scratch", "/scratch")]');
