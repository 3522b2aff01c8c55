/**
 * The Pulumi program that `pulumi up` runs (Pulumi.yaml `main: stacks/pulumi`): one Dynamo LLM
 * pattern, configured by the stack config, and, with `platform.install`, the Dynamo platform it runs
 * on. Every arg of the components is a config key of the same name; Pulumi.dev.yaml.example shows
 * each, and Pulumi.<cloud>.yaml.example a stack per cloud.
 *
 *   pulumi config set model Qwen/Qwen3-0.6B
 *   pulumi config set --secret hfToken hf_...
 *   pulumi up
 */
import { readStackConfig } from './config';
import { deployment } from './deploy';

const { llm, platform } = deployment(readStackConfig());

export const dgdName = llm.dgdName;
export const dynamoNamespace = llm.dynamoNamespace;
export const frontendService = llm.frontendService;
export const endpoint = llm.endpoint;
export const curlCommand = llm.curlCommand;
export const portForwardCommand = llm.portForwardCommand;
export const logsCommands = llm.logsCommands;
export const endpointCard = llm.endpointCard;
/** The Helm release name of each chart the program installs (`platform.install`), by release id. */
export const platformReleases = platform === undefined ? undefined : Object.fromEntries(Object.entries(platform.releases).map(([id, r]) => [id, r.name]));
