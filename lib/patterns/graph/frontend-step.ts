import { FRONTEND_FLAGS, assertNoDuplicateFlags } from '../../backends/flags';
import { ComponentType } from '../../core/component-type';
import { ComponentVolume } from '../../core/component-volume';
import { RouterMode } from '../../core/router-mode';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { LlmCommonProps } from '../llm-props';
import { ComponentInputs } from './component-inputs';
import { addFrontendDisruptionBudget, frontendSpread, isReplicatedFrontend } from './frontend-availability';
import { mergeAffinity } from './pod-merge';
import { withDefaultResources } from '../../core/container-resources';
import { refuseTokenInArgs } from '../../core/credential-env';
import { FRONTEND_RESOURCES } from './resource-defaults';

/** The pod annotation that restarts the frontend when the backend framework changes. */
export const BACKEND_FRAMEWORK_ANNOTATION = 'dynamo-constructs/backend-framework';
/** The frontend's HTTP port (the operator's `http` port). */
export const FRONTEND_PORT = 8000;

/**
 * The frontend's flags: the port and router mode, and the KV router's block size when every pool
 * sets the same `kvBlockSize` (the router hashes prompts in blocks of the workers' size; upstream
 * recipes pass both, e.g. recipes/gpt-oss-120b/vllm/disagg-h200-agentic). The frontend's own
 * `--trust-remote-code` (for tokenizers with custom code) is not derived from `trustRemoteCode`:
 * Dynamo's examples give it to the workers only; pass it in `frontend.extraArgs` where needed.
 */
function frontendArgs(routerMode: RouterMode, kvBlockSize: number | undefined): string[] {
  return [
    '--http-port', String(FRONTEND_PORT),
    ...routerMode.frontendArgs,
    ...(routerMode.isKvAware && kvBlockSize !== undefined ? ['--kv-cache-block-size', String(kvBlockSize)] : []),
  ];
}

/**
 * The frontend component: `python3 -m dynamo.frontend` on port 8000 with the router mode, restarted
 * when the backend framework changes, with the default requests of {@link FRONTEND_RESOURCES}
 * under the user's. With 2 replicas or more, its pods spread over nodes and a PodDisruptionBudget
 * (added next to the graph) keeps all but one up through a drain. `kvBlockSize` is the pools'
 * common block size, if they share one.
 * @internal
 */
export function addFrontend(dgd: DynamoGraphDeployment, props: LlmCommonProps, inputs: ComponentInputs, volumes: readonly ComponentVolume[],
  kvBlockSize?: number): DynamoComponent {
  const o = props.frontend ?? {};
  const backend = dgd.backend!;
  const routerMode = o.routerMode ?? RouterMode.ROUND_ROBIN;
  const args = frontendArgs(routerMode, kvBlockSize);
  refuseTokenInArgs('frontend.extraArgs', o.extraArgs ?? []);
  assertNoDuplicateFlags('frontend.extraArgs', args, o.extraArgs ?? [], FRONTEND_FLAGS);
  const name = o.componentName ?? 'Frontend';
  const replicas = o.replicas ?? 1;
  const replicated = isReplicatedFrontend(replicas);
  const component = dgd.addComponent({
    name,
    type: ComponentType.FRONTEND,
    ...inputs.image(o.image),
    replicas,
    command: ['python3', '-m', 'dynamo.frontend'],
    args: [...args, ...(o.extraArgs ?? [])],
    env: inputs.env('frontend', {}, o.env),
    resources: withDefaultResources(o.resources, FRONTEND_RESOURCES),
    volumes: [...volumes],
    imagePullSecrets: props.imagePullSecrets,
    tolerations: o.tolerations,
    nodeSelector: o.nodeSelector,
    affinity: replicated ? mergeAffinity(frontendSpread(dgd.name, name), o.affinity) : o.affinity,
    // The frontend keeps serving the old framework unless it restarts when the backend changes.
    podAnnotations: { ...o.podAnnotations, [BACKEND_FRAMEWORK_ANNOTATION]: backend.framework },
    podLabels: { ...props.labels, ...o.podLabels },
  });
  // After addComponent, which validated the name and replicas.
  if (replicated && dgd.node.scope) {
    addFrontendDisruptionBudget(dgd.node.scope, {
      name: dgd.serviceName(name), namespace: props.namespace, labels: props.labels, dgdName: dgd.name, componentName: name, replicas,
    });
  }
  return component;
}
