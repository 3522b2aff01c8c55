import { Planner, PLANNER_RESOURCES } from '../../autoscaling/planner';
import { Backend } from '../../backends/backend';
import { WorkerRole } from '../../backends/backend-definition';
import { ComponentType } from '../../core/component-type';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { LlmCommonProps } from '../llm-props';
import { ComponentInputs } from './component-inputs';
import { PoolPlan } from './pool-plan';
import { withDefaultResources } from '../../core/container-resources';

/**
 * The SLA planner: a component of the graph that scales the pools through their adapters, with a
 * config keyed to the Dynamo release and the GPUs each engine takes, and the default requests of
 * {@link PLANNER_RESOURCES} under the user's `resources`.
 * @internal
 */
export function addPlanner(dgd: DynamoGraphDeployment, planner: Planner, props: LlmCommonProps, plans: readonly PoolPlan[], inputs: ComponentInputs): DynamoComponent {
  const backend: Backend = dgd.backend!;
  const version = dgd.dynamoVersion;
  const disaggregated = plans.some((p) => p.role !== 'aggregated');
  const gpusOf = (role: WorkerRole) => {
    const pool = plans.find((x) => x.role === role);
    return pool ? pool.layout.gpusPerNode * pool.layout.nodes : undefined;
  };
  const config = planner._config({
    backend: backend.definition.plannerBackend,
    disaggregated,
    dynamoVersion: version,
    prefillGpus: gpusOf('prefill'),
    decodeGpus: gpusOf(disaggregated ? 'decode' : 'aggregated') ?? 1,
  });
  return dgd.addComponent({
    name: planner.componentName,
    type: ComponentType.PLANNER,
    ...inputs.image(planner._image(version, props.image ?? backend.runtimeImage(version))),
    replicas: 1,
    command: ['python3', '-m', 'dynamo.planner'],
    args: ['--config', JSON.stringify(config)],
    resources: withDefaultResources(planner._resources, PLANNER_RESOURCES),
    imagePullSecrets: props.imagePullSecrets,
    podLabels: props.labels,
  });
}
