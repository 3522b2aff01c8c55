/**
 * An example's pattern as data: the same props drive the cdk8s app (`cdk8s synth`) and the Pulumi
 * component (`pulumi up`), and the parity tests check that both give the same objects.
 */
import { App, Chart } from 'cdk8s';
import { AggregatedLlm, AggregatedLlmProps, DisaggregatedLlm, DisaggregatedLlmProps, LlmPattern } from '../lib';

/** One pattern as an example configures it. */
export type PatternExample =
  | { readonly pattern: 'aggregated'; readonly id: string; readonly namespace: string; readonly props: AggregatedLlmProps }
  | { readonly pattern: 'disaggregated'; readonly id: string; readonly namespace: string; readonly props: DisaggregatedLlmProps };

/** Adds the example's pattern to a chart. */
export function addPattern(chart: Chart, example: PatternExample): LlmPattern {
  return example.pattern === 'aggregated'
    ? new AggregatedLlm(chart, example.id, example.props)
    : new DisaggregatedLlm(chart, example.id, example.props);
}

/** An app with one chart (in the example's namespace) that holds only the example's pattern. */
export function patternApp(chartId: string, example: PatternExample, outdir?: string): App {
  const app = new App({ outdir });
  addPattern(new Chart(app, chartId, { namespace: example.namespace }), example);
  return app;
}
