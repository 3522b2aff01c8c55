import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { validatePrometheusUrl } from '../core/prometheus-url';
import { wholeSeconds } from '../core/duration';
import { validateSecretName } from '../core/secret-ref';
import { checkDgdScaledObjectProps } from './autoscaler-props-shape';
import { PoolAutoscalerProps, resolvePoolScaling } from './scale-range';

/** Props of {@link DgdScaledObject}. */
export interface DgdScaledObjectProps extends PoolAutoscalerProps {
  /** The Prometheus KEDA queries, e.g. `http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090`. */
  readonly prometheusServerAddress: string;
  /**
   * How often KEDA evaluates the triggers.
   * @default Duration.seconds(15)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long KEDA waits after the last active trigger before scaling to `minReplicas`.
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;
  /**
   * A KEDA `TriggerAuthentication` in the namespace, for a Prometheus that needs credentials.
   * @default - none: Prometheus is queried without authentication
   */
  readonly authenticationRef?: string;
}

/**
 * A KEDA `ScaledObject` that scales one worker pool of a DynamoGraphDeployment through its
 * DynamoGraphDeploymentScalingAdapter (`<dgd>-<component>`), with one Prometheus trigger per metric.
 * KEDA is Dynamo's recommended autoscaler. The component must have `scalingAdapter` set.
 */
export class DgdScaledObject extends Construct {
  /** The ScaledObject (named like the adapter it scales). */
  public readonly object: ApiObject;
  /** The scaling adapter it targets. */
  public readonly adapterName: string;
  /** The triggers' PromQL queries, by trigger name. */
  public readonly queries: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DgdScaledObjectProps) {
    super(scope, id);
    checkDgdScaledObjectProps(this, props);
    const target = resolvePoolScaling(props);
    validatePrometheusUrl('autoscaling.prometheusServerAddress', props.prometheusServerAddress);
    if (props.authenticationRef !== undefined) validateSecretName('autoscaling.authenticationRef', props.authenticationRef, 'TriggerAuthentication');
    const polling = wholeSeconds('autoscaling.pollingInterval', props.pollingInterval ?? Duration.seconds(15), 1, 'Duration.seconds(15)');
    const cooldown = wholeSeconds('autoscaling.cooldownPeriod', props.cooldownPeriod ?? Duration.minutes(5), 0, 'Duration.minutes(5)');
    this.adapterName = target.adapterName;
    this.queries = target.queries;
    this.object = new ApiObject(this, 'Resource', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: target.adapterName, namespace: props.deployment.namespace, labels: props.deployment.labels },
      spec: {
        scaleTargetRef: target.scaleTargetRef,
        minReplicaCount: target.minReplicas,
        maxReplicaCount: target.maxReplicas,
        pollingInterval: polling,
        cooldownPeriod: cooldown,
        triggers: target.metrics.map((r) => ({
          type: 'prometheus',
          name: r.name.replace(/_/g, '-'),
          metricType: r.targetType,
          metadata: { serverAddress: props.prometheusServerAddress, query: r.query, threshold: String(r.target) },
          ...(props.authenticationRef ? { authenticationRef: { name: props.authenticationRef } } : {}),
        })),
      },
    });
  }
}
