import { Backend } from '../backends/backend';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { dgdrFirstRelease, dgdrHas } from './dgdr-releases';

/** The profiler's limit on the generated graph's name plus a component's name (`_MAX_COMBINED_RESOURCE_NAME_LENGTH`). @internal */
export const MAX_GRAPH_AND_COMPONENT_NAME = 45;

/**
 * The components the profiler of a release may generate, by backend framework: its graph templates
 * (`examples/backends/<backend>/deploy/{agg,disagg}.yaml` up to 1.4, `profiler/templates/dgd/` after),
 * the planner's Kubernetes names (`planner/config/backend_components.py`: `VllmWorker` for
 * aggregated vLLM), the `Frontend` of every graph and the `Planner` the profiler adds. TRT-LLM's
 * disaggregated workers were `TRTLLMPrefillWorker`/`TRTLLMDecodeWorker` before 1.2 (PR #8563).
 * The mocker's graph (`mocker/disagg.yaml`) has `Frontend`, `decode` and `prefill`, whatever the backend.
 */
function generatedComponents(version: DynamoVersion, framework: string | undefined, mocker: boolean): string[] {
  const common = ['Frontend', 'Planner'];
  if (mocker) return [...common, 'decode', 'prefill'];
  const trtllm = dgdrHas(version, 'shortTrtllmWorkerNames') ? ['TRTLLMWorker', 'decode', 'prefill'] : ['TRTLLMWorker', 'TRTLLMDecodeWorker', 'TRTLLMPrefillWorker'];
  const byFramework: Readonly<Record<string, readonly string[]>> = {
    vllm: ['VllmDecodeWorker', 'VllmPrefillWorker', 'VllmWorker'],
    sglang: ['decode', 'prefill'],
    trtllm,
  };
  const workers = framework !== undefined && byFramework[framework] !== undefined ? byFramework[framework] : Object.values(byFramework).flat();
  return [...common, ...workers];
}

/** The longest component name the profiler may generate (over every backend for `auto`). @internal */
export function longestGeneratedComponent(version: DynamoVersion, backend: Backend | undefined, mocker: boolean): string {
  return generatedComponents(version, backend?.framework, mocker).reduce((a, b) => (b.length > a.length ? b : a));
}

/** How the generated graph got its name, for the error: the prop the user wrote, or the construct id. @internal */
export interface GraphNameSource {
  /** The generated graph's name. */
  readonly graphName: string;
  /** The prop that names the graph: `graphOverride.name` / `graphName` when set, else the request's `name`. */
  readonly prop: string;
  /** The value of that prop (the request's name when the graph is `<name>-dgd`). */
  readonly value: string;
  /** Whether the value was written, or is the construct id the name defaults to. */
  readonly written: boolean;
}

/**
 * Refuses a generated graph name the profiler would refuse once profiling has run (Dynamo >= 1.1):
 * the name plus the longest component it may generate over {@link MAX_GRAPH_AND_COMPONENT_NAME}.
 * @internal
 */
export function validateGeneratedGraphName(version: DynamoVersion, backend: Backend | undefined, mocker: boolean, source: GraphNameSource): void {
  if (!dgdrHas(version, 'graphNameLengthChecked')) return;
  const component = longestGeneratedComponent(version, backend, mocker);
  const total = source.graphName.length + component.length;
  if (total <= MAX_GRAPH_AND_COMPONENT_NAME) return;
  const cut = total - MAX_GRAPH_AND_COMPONENT_NAME;
  const most = source.value.length - cut;
  const what = backend === undefined ? 'over every backend (backend auto)' : `for ${backend.framework}`;
  const chars = `${cut} character${cut === 1 ? '' : 's'}`;
  const fix = source.written
    ? `shorten ${source.prop} by ${chars} (to at most ${most})`
    : `set ${source.prop} (it defaults to the construct id) to at most ${most} characters, or shorten the id by ${chars}`;
  throw invalid(source.prop, `gives the generated graph "${source.graphName}" (${source.graphName.length} characters), which with its longest component ${what}, `
    + `"${component}" (${component.length}), makes ${total}: over the ${MAX_GRAPH_AND_COMPONENT_NAME} of pod names, which Dynamo's profiler (>= ${dgdrFirstRelease('graphNameLengthChecked')}) `
    + 'refuses only after profiling has run', source.value, fix);
}
