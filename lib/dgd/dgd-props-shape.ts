import type { IConstruct } from 'constructs';
import { locate } from '../core/errors';
import { Backend } from '../backends/backend';
import { arrayShape, booleanShape, checkProps, FieldsOf, FieldShapes, instanceShape, numberShape, objectShape } from '../core/input-shape';
import { sizeShape } from '../core/quantity';
import {
  AFFINITY, COMPONENT_TYPE, COMPONENT_VOLUMES, CONTAINER_RESOURCES, DGD_API_VERSION, DYNAMO_VERSION, ENV, SECRET_REFS, SECURITY_CONTEXT, STRING,
  STRING_LIST, STRING_MAP, TOLERATIONS,
} from '../core/value-shapes';
import type { CompilationCacheMount, DynamoComponentOptions } from './dynamo-component';

/**
 * The shapes of the DynamoGraphDeployment's props and of the options of its components, as an
 * untyped caller must pass them.
 * @internal
 */

/** `backend`. @internal */
export const BACKEND = instanceShape(Backend, 'Backend.vllm(), Backend.sglang(), Backend.trtllm() or Backend.fromFramework("vllm")');

/** @internal */
export const COMPILATION_CACHE_MOUNT_FIELDS: FieldsOf<CompilationCacheMount> = { claimName: STRING, mountPath: STRING };

/** @internal */
export const DYNAMO_COMPONENT_OPTIONS_FIELDS: FieldsOf<DynamoComponentOptions> = {
  name: STRING,
  type: COMPONENT_TYPE,
  image: STRING,
  replicas: numberShape(),
  command: STRING_LIST,
  args: STRING_LIST,
  workingDir: STRING,
  env: ENV,
  envFromSecrets: SECRET_REFS,
  gpus: numberShape(),
  resources: CONTAINER_RESOURCES,
  extraResources: STRING_MAP,
  volumes: COMPONENT_VOLUMES,
  sharedMemorySize: sizeShape('Size.gibibytes(16)'),
  nodeCount: numberShape(),
  tolerations: TOLERATIONS,
  nodeSelector: STRING_MAP,
  affinity: AFFINITY,
  podAnnotations: STRING_MAP,
  podLabels: STRING_MAP,
  imagePullSecrets: SECRET_REFS,
  securityContext: SECURITY_CONTEXT,
  scalingAdapter: booleanShape(),
  runtimeVersionOverride: STRING,
  compilationCache: objectShape('CompilationCacheMount', COMPILATION_CACHE_MOUNT_FIELDS, ['claimName']),
};

const COMPONENT_REQUIRED = ['name', 'type', 'image'];

/**
 * The shape of each `DynamoGraphDeploymentProps` field (not typed with the interface, which lives
 * in the construct's file that calls this one; test/props-shape.test.ts checks the table against it).
 * @internal
 */
export const DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS: FieldShapes = {
  name: STRING,
  namespace: STRING,
  dynamoVersion: DYNAMO_VERSION,
  apiVersion: DGD_API_VERSION,
  backend: BACKEND,
  env: ENV,
  components: arrayShape(objectShape('DynamoComponentOptions', DYNAMO_COMPONENT_OPTIONS_FIELDS, COMPONENT_REQUIRED),
    '[{ name: "Frontend", type: ComponentType.FRONTEND, image: "..." }]'),
  labels: STRING_MAP,
  annotations: STRING_MAP,
  restartId: STRING,
};

/** Checks the props of a `DynamoGraphDeployment` from an untyped caller. @internal */
export function checkDynamoGraphDeploymentProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'DynamoGraphDeploymentProps', DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS));
}

/**
 * Checks the options `addComponent` received, as `components[<name>]` (`components[<index>]` while
 * the name is not a string).
 * @internal
 */
export function checkComponentOptions(scope: IConstruct, options: unknown, index: number): void {
  const name = typeof options === 'object' && options !== null ? (options as { name?: unknown }).name : undefined;
  locate(scope, () => checkProps(`components[${typeof name === 'string' ? name : index}]`, options, 'DynamoComponentOptions',
    DYNAMO_COMPONENT_OPTIONS_FIELDS, COMPONENT_REQUIRED));
}
