import { Construct, IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { shown } from '../core/input-shape';
import { buildTopology } from './build-topology';
import { renderMermaid } from './mermaid';
import { renderSvg } from './svg';
import { TopologyInput } from './topology-input';
import { TopologyEdge, TopologyNode } from './topology-model';

/**
 * The topology of a deployment, generated from the pattern that built it: clients and ingress →
 * the DynamoGraphDeployment (frontend and router, worker pools with their replicas, GPUs, TP/PP and
 * RDMA, the planner) → the nodes each pool runs on (machine shape, node pool, capacity type), with
 * the KV transfer between prefill and decode (NIXL plugin over the RDMA fabric, or TCP), the
 * autoscalers, observability, the model cache, and the Dynamo platform whose operator runs the
 * graph. Every fact comes from the constructs the pattern created (and the platform it was given);
 * what they do not hold is left out.
 *
 * Read it as data ({@link nodes}, {@link edges}), as Mermaid text ({@link mermaid}, which GitHub
 * and most docs tools render) or as an SVG picture ({@link svg}, drawn by a pure TypeScript layout:
 * no dependency, no network, the same bytes every time).
 *
 * @example
 * const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B' });
 * console.log(llm.topology.mermaid);
 * for (const t of Topology.of(app)) console.log(`${t.id}: ${t.svg.length} bytes of SVG`);
 */
export class Topology {
  /**
   * The topology of every pattern under `scope` (itself included), in construct tree order: each
   * construct whose `topology` property is a Topology (AggregatedLlm, DisaggregatedLlm).
   * @throws DynamoValidationError when `scope` is not a construct.
   */
  public static of(scope: IConstruct): Topology[] {
    if (!Construct.isConstruct(scope)) {
      throw invalid('scope', 'must be a construct', shown(scope),
        'pass the App, Chart or pattern the deployments are in: Topology.of(app)');
    }
    return scope.node.findAll().flatMap((c) => {
      if (!('topology' in c)) return [];
      const topology: unknown = c.topology;
      return topology instanceof Topology ? [topology] : [];
    });
  }

  /** Builds the topology of a pattern from what it created. @internal */
  public static _fromPattern(input: TopologyInput): Topology {
    const graph = buildTopology(input);
    const pools = input.pools.length;
    const mode = pools > 1 ? 'disaggregated' : 'aggregated';
    const title = `${input.dgd.name}: ${input.servedModelName}, ${mode} ${input.backend} on Dynamo ${input.dgd.dynamoVersion.version}`;
    return new Topology(input.id, input.dgd.name, title, graph.nodes, graph.edges);
  }

  private constructor(
    /** The pattern's construct id, e.g. `llama` (the file name `synth:all` gives its picture). */
    public readonly id: string,
    /** The DynamoGraphDeployment name. */
    public readonly name: string,
    /** One line that says what the picture shows: the deployment, model, serving mode, backend and Dynamo release. */
    public readonly title: string,
    /** The boxes, in drawing order: clients, ingress, the graph and its components, node pools, the pieces beside the graph, the platform. */
    public readonly nodes: readonly TopologyNode[],
    /** The arrows. */
    public readonly edges: readonly TopologyEdge[],
  ) {}

  /** A node by id, e.g. `pool_decode`. */
  public node(id: string): TopologyNode | undefined {
    return this.nodes.find((x) => x.id === id);
  }

  /** Mermaid flowchart text (`flowchart TB`), ending in a newline: paste it in a ```mermaid block. */
  public get mermaid(): string {
    return renderMermaid(this.title, this.nodes, this.edges);
  }

  /**
   * An SVG picture, 880 px wide (readable at a README's ~830 px: no text under 11 px there), as tall
   * as its content, with `role="img"`, an `aria-label`, a `<title>` and a `<desc>` of every arrow.
   */
  public get svg(): string {
    return renderSvg(this.title, this.name, this.nodes, this.edges);
  }
}
