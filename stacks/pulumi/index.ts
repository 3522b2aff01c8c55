/**
 * The Pulumi program that `pulumi up` runs (Pulumi.yaml `main: stacks/pulumi`): one Dynamo LLM
 * pattern, configured by the stack config. Every arg of the components is a config key of the same
 * name; Pulumi.dev.yaml.example shows each, and Pulumi.<cloud>.yaml.example a stack per cloud.
 *
 *   pulumi config set model Qwen/Qwen3-0.6B
 *   pulumi config set --secret hfToken hf_...
 *   pulumi up
 */
import { readStackConfig } from './config';
import { deploy } from './deploy';

const llm = deploy(readStackConfig());

export const dgdName = llm.dgdName;
export const dynamoNamespace = llm.dynamoNamespace;
export const frontendService = llm.frontendService;
export const endpoint = llm.endpoint;
export const curlCommand = llm.curlCommand;
export const portForwardCommand = llm.portForwardCommand;
export const logsCommands = llm.logsCommands;
export const endpointCard = llm.endpointCard;
