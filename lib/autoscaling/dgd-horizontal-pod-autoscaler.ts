import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { checkDgdHorizontalPodAutoscalerProps } from './autoscaler-props-shape';
import { PoolAutoscalerProps, quantityOf, resolvePoolScaling } from './scale-range';

/** Props of {@link DgdHorizontalPodAutoscaler}. */
export interface DgdHorizontalPodAutoscalerProps extends PoolAutoscalerProps {
  /**
   * How long the HPA waits for lower recommendations to hold before removing workers. Workers take
   * minutes to load a model, so flapping is expensive.
   * @default Duration.minutes(5) (Kubernetes' default)
   */
  readonly scaleDownStabilization?: Duration;
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler on one worker pool's DynamoGraphDeploymentScalingAdapter
 * (`<dgd>-<component>`), scaling on External metrics selected by `dynamo_namespace`. A metrics
 * adapter (prometheus-adapter) must serve those metrics: {@link externalMetricQueries} holds the
 * query of each, for its `rules.external`.
 */
export class DgdHorizontalPodAutoscaler extends Construct {
  /** The HorizontalPodAutoscaler (named like the adapter it scales). */
  public readonly object: ApiObject;
  /** The scaling adapter it targets. */
  public readonly adapterName: string;
  /** The PromQL behind each External metric, by metric name, for the metrics adapter's rules. */
  public readonly externalMetricQueries: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DgdHorizontalPodAutoscalerProps) {
    super(scope, id);
    checkDgdHorizontalPodAutoscalerProps(this, props);
    const target = resolvePoolScaling(props);
    const stabilization = (props.scaleDownStabilization ?? Duration.minutes(5)).toSeconds({ integral: false });
    if (!Number.isInteger(stabilization) || stabilization < 0 || stabilization > 3600) {
      throw invalid('autoscaling.scaleDownStabilization', 'must be whole seconds between 0 and 3600 (the HPA limit)', `${stabilization}s`, 'use e.g. Duration.minutes(5)');
    }
    this.adapterName = target.adapterName;
    this.externalMetricQueries = target.queries;
    this.object = new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: target.adapterName, namespace: props.deployment.namespace, labels: props.deployment.labels },
      spec: {
        scaleTargetRef: target.scaleTargetRef,
        minReplicas: target.minReplicas,
        maxReplicas: target.maxReplicas,
        metrics: target.metrics.map((r) => ({
          type: 'External',
          external: {
            metric: { name: r.name, selector: { matchLabels: { dynamo_namespace: props.deployment.dynamoNamespace } } },
            target: r.targetType === 'Value'
              ? { type: 'Value', value: quantityOf(r.target) }
              : { type: 'AverageValue', averageValue: quantityOf(r.target) },
          },
        })),
        behavior: { scaleDown: { stabilizationWindowSeconds: stabilization } },
      },
    });
  }
}
