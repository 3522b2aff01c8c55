/**
 * The Pulumi program that `pulumi up` runs (Pulumi.yaml `main: stacks/pulumi`): one Dynamo LLM
 * pattern, configured by the stack config (see Pulumi.dev.yaml.example).
 *
 *   pulumi config set model Qwen/Qwen3-0.6B
 *   pulumi config set --secret hfToken hf_...
 *   pulumi up
 */
import { AggregatedLlm, DisaggregatedLlm } from '../../lib/pulumi';
import { readStackConfig } from './config';

const spec = readStackConfig();
const { prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort, workers, ...common } = spec.args;
const llm = spec.mode === 'aggregated'
  ? new AggregatedLlm(spec.name, { ...common, workers })
  : new DisaggregatedLlm(spec.name, { ...common, prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort });

export const dgdName = llm.dgdName;
export const dynamoNamespace = llm.dynamoNamespace;
export const frontendService = llm.frontendService;
export const endpoint = llm.endpoint;
export const curlCommand = llm.curlCommand;
export const portForwardCommand = llm.portForwardCommand;
export const logsCommands = llm.logsCommands;
export const endpointCard = llm.endpointCard;
