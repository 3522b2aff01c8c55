import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { OperatorLabels } from '../../dgd/operator-labels';

/**
 * Keeping a replicated frontend up through node drains: a PodDisruptionBudget and a spread over
 * nodes, for a frontend of 2 replicas or more (one replica cannot be kept up through a drain).
 *
 * Both select the frontend's pods by the labels the Dynamo operator puts on every pod of a graph:
 * `nvidia.com/dynamo-graph-deployment-name` (the DGD) and `nvidia.com/dynamo-component` (the
 * component name). The operator converts between the API generations and labels pods from one
 * internal type, so both apply to v1alpha1 and v1beta1 graphs, on both launch paths: the
 * DynamoComponentDeployment's Deployment (`deploy/operator/internal/controller/
 * dynamocomponentdeployment_controller.go` / `_renderer.go`, from the DCD's labels set in
 * `internal/dynamo/graph.go`) and Grove's PodCliques (`generateLabels` in `internal/dynamo/graph.go`,
 * which re-applies them after the user's labels, so pod labels cannot override them). Both keys are
 * in every release since 1.0.0 (the DGD-name label since Dynamo PR #2729, August 2025; the component
 * label since the CRD rename, PR #795, April 2025).
 * @internal
 */
export function frontendPodSelector(dgdName: string, componentName: string): Record<string, string> {
  return { [OperatorLabels.GRAPH_DEPLOYMENT_NAME]: dgdName, [OperatorLabels.COMPONENT]: componentName };
}

/** Whether a frontend of this many replicas gets a disruption budget and a spread. @internal */
export function isReplicatedFrontend(replicas: number): boolean {
  return replicas >= 2;
}

/**
 * Preferred pod anti-affinity on `kubernetes.io/hostname` against the frontend's own pods: the
 * scheduler places replicas on different nodes where it can, and still schedules them on a
 * single-node cluster (required anti-affinity would leave replicas pending there). Affinity, not
 * `topologySpreadConstraints`, because the graph's components carry affinity in both API
 * generations; the pattern merges it with the user's `frontend.affinity` (pod terms are added to
 * the user's, never replace them).
 * @internal
 */
export function frontendSpread(dgdName: string, componentName: string): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: frontendPodSelector(dgdName, componentName) } },
      }],
    },
  };
}

/** Where the frontend's disruption budget goes. @internal */
export interface FrontendBudgetProps {
  /** The budget's name: the frontend Service's, `<dgd>-<component>`. */
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly dgdName: string;
  readonly componentName: string;
  readonly replicas: number;
}

/**
 * A `policy/v1` PodDisruptionBudget over the frontend's pods with `minAvailable: replicas - 1`: a
 * drain evicts one frontend pod at a time, and waits for its replacement to be ready before the
 * next. An integer `minAvailable` rather than `maxUnavailable`, because the frontend's pods may be
 * owned by a Grove PodClique rather than a Deployment, and Kubernetes honours `maxUnavailable` (and
 * percentages) only for controllers it can read a scale from ("Arbitrary workloads and selectors",
 * kubernetes.io/docs/tasks/run-application/configure-pdb); the library fixes the frontend's
 * replicas, so the number is exact. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain evict a
 * frontend pod that is not ready (crash-looping), which the budget would otherwise protect (the
 * policy Kubernetes recommends; beta and on by default since 1.27).
 * @internal
 */
export function addFrontendDisruptionBudget(scope: Construct, props: FrontendBudgetProps): ApiObject {
  return new k8s.KubePodDisruptionBudget(scope, 'FrontendDisruptionBudget', {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      minAvailable: k8s.IntOrString.fromNumber(props.replicas - 1),
      selector: { matchLabels: frontendPodSelector(props.dgdName, props.componentName) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
