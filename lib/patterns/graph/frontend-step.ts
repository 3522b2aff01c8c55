import { FRONTEND_FLAGS, assertNoDuplicateFlags } from '../../backends/flags';
import { ComponentType } from '../../core/component-type';
import { ComponentVolume } from '../../core/component-volume';
import { RouterMode } from '../../core/router-mode';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { LlmCommonProps } from '../llm-props';
import { ComponentInputs } from './component-inputs';

/** The pod annotation that restarts the frontend when the backend framework changes. */
export const BACKEND_FRAMEWORK_ANNOTATION = 'dynamo-constructs/backend-framework';
/** The frontend's HTTP port (the operator's `http` port). */
export const FRONTEND_PORT = 8000;

/**
 * The frontend component: `python3 -m dynamo.frontend` on port 8000 with the router mode, restarted
 * when the backend framework changes.
 * @internal
 */
export function addFrontend(dgd: DynamoGraphDeployment, props: LlmCommonProps, inputs: ComponentInputs, volumes: readonly ComponentVolume[]): DynamoComponent {
  const o = props.frontend ?? {};
  const backend = dgd.backend!;
  const routerMode = o.routerMode ?? RouterMode.ROUND_ROBIN;
  const args = ['--http-port', String(FRONTEND_PORT), ...routerMode.frontendArgs];
  assertNoDuplicateFlags('frontend.extraArgs', args, o.extraArgs ?? [], FRONTEND_FLAGS);
  return dgd.addComponent({
    name: o.componentName ?? 'Frontend',
    type: ComponentType.FRONTEND,
    ...inputs.image(o.image),
    replicas: o.replicas ?? 1,
    command: ['python3', '-m', 'dynamo.frontend'],
    args: [...args, ...(o.extraArgs ?? [])],
    env: inputs.env('frontend', {}, o.env),
    resources: o.resources,
    volumes: [...volumes],
    imagePullSecrets: props.imagePullSecrets,
    tolerations: o.tolerations,
    nodeSelector: o.nodeSelector,
    affinity: o.affinity,
    // The frontend keeps serving the old framework unless it restarts when the backend changes.
    podAnnotations: { ...o.podAnnotations, [BACKEND_FRAMEWORK_ANNOTATION]: backend.framework },
    podLabels: { ...props.labels, ...o.podLabels },
  });
}
