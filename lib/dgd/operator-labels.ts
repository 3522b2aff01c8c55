/**
 * Pod labels the Dynamo operator puts on every pod of a DynamoGraphDeployment (both API
 * generations). Used to select a component's pods, e.g. in `kubectl logs -l`.
 */
export const OperatorLabels = {
  /** The DynamoGraphDeployment name. */
  GRAPH_DEPLOYMENT_NAME: 'nvidia.com/dynamo-graph-deployment-name',
  /** The component (service) name, e.g. `VllmPrefillWorker`. */
  COMPONENT: 'nvidia.com/dynamo-component',
  /** The component type: frontend, worker, prefill, decode, planner. */
  COMPONENT_TYPE: 'nvidia.com/dynamo-component-type',
  /** The Dynamo namespace, `<namespace>-<dgd>`. */
  DYNAMO_NAMESPACE: 'nvidia.com/dynamo-namespace',
} as const;

/** The container the operator runs Dynamo in, in every component's pods. */
export const MAIN_CONTAINER = 'main';
