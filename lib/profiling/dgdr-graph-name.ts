import { Backend } from '../backends/backend';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { GENERATED_WORKERS, generatedWorkers } from './dgdr-generated-components';
import { dgdrFirstRelease, dgdrHas } from './dgdr-releases';

/** The profiler's limit on the generated graph's name plus a component's name (`_MAX_COMBINED_RESOURCE_NAME_LENGTH`). @internal */
export const MAX_GRAPH_AND_COMPONENT_NAME = 45;

/**
 * The components the profiler of a release may generate: the workers of {@link GENERATED_WORKERS}
 * for the backend (the mocker's whatever the backend), the `Frontend` of every graph and the
 * `Planner` the profiler adds.
 */
function generatedComponents(version: DynamoVersion, framework: string | undefined, mocker: boolean): string[] {
  return ['Frontend', 'Planner', ...generatedWorkers(version, framework, mocker)];
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
