import { Backend } from '../backends/backend';
import { invalid } from '../core/errors';
import { checkJson } from './dgdr-overrides';

/**
 * `spec.features`: the planner's PlannerConfig, passed through as JSON (the operator does not check
 * it; the planner does at start-up), with its `backend` set to the request's (the planner assumes
 * vLLM when it names none), and the mocker. The profiler refuses a mocker with a planner that
 * sweeps nothing before deployment (`dgdr_validate.py`: "pre_deployment_sweeping_mode cannot be
 * 'none' when mocker is enabled").
 * @internal
 */
export function renderFeatures(planner: Record<string, unknown> | undefined, mocker: boolean | undefined, backend: Backend | undefined,
  prop = 'planner'): Record<string, unknown> | undefined {
  let config: Record<string, unknown> | undefined;
  if (planner !== undefined) {
    checkJson(prop, planner);
    const named = planner.backend;
    if (named !== undefined && backend !== undefined && named !== backend.definition.plannerBackend) {
      throw invalid(`${prop}.backend`, `must be the request's backend (${backend.definition.plannerBackend}): the planner scales the workers the profiler generates for it`, named,
        `remove ${prop}.backend, or set it to "${backend.definition.plannerBackend}"`);
    }
    config = backend !== undefined && named === undefined ? { ...planner, backend: backend.definition.plannerBackend } : planner;
    if (mocker === true && config.pre_deployment_sweeping_mode === 'none') {
      throw invalid(`${prop}.pre_deployment_sweeping_mode`, 'must not be "none" with the mocker: simulated workers need the profiles a sweep makes',
        config.pre_deployment_sweeping_mode, 'remove pre_deployment_sweeping_mode (the planner\'s default is "rapid"), or turn the mocker off');
    }
  }
  if (config === undefined && mocker === undefined) return undefined;
  return { planner: config, mocker: mocker === undefined ? undefined : { enabled: mocker } };
}
