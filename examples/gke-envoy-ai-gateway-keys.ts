/**
 * Qwen3 8B on GKE behind Envoy AI Gateway, with client API keys and per-client limits: two vLLM
 * workers, one L4 each (g2 nodes through a ComputeClass), the frontend served by an Envoy Gateway
 * `Gateway` (HTTPS for `llm.example.com`) and an `AIGatewayRoute` instead of the GKE Gateway.
 *
 * `access` is enforced by Envoy, in front of Dynamo (which has no authentication of its own):
 * a `SecurityPolicy` checks `Authorization: Bearer <key>` against the Secret `llm-api-keys` (one
 * entry per client: key = client id, value = its API key) and allows only the listed source
 * ranges; a `BackendTrafficPolicy` limits each client to 600 requests and 200,000 LLM tokens a
 * minute, the tokens read from each OpenAI response's `usage` by the AI Gateway.
 *
 * The cluster needs Envoy AI Gateway 0.6 or later on Envoy Gateway 1.7 or later (installed with
 * the AI Gateway's values, `extensionApis.enableBackend: true`, and a Redis rate limit backend for
 * the token limit), a GatewayClass `eg`, and the Secrets `llm-tls` (kubernetes.io/tls) and
 * `llm-api-keys` (docs/access.md). The host, Secret names and ranges are example values.
 */
import { App } from 'cdk8s';
import { Backend, Cloud, EndpointAccess, GpuType, HfToken, IngressController, RouterMode, SecretRef } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const gkeEnvoyAiGatewayKeys: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-8b-keys',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    cloud: Cloud.gke(),
    workers: { gpuType: GpuType.L4, gpus: 1, replicas: 2, maxModelLen: 8192 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    ingress: {
      host: 'llm.example.com',
      tlsSecret: SecretRef.fromSecretName('llm-tls'),
      controller: IngressController.envoyAiGateway(),
    },
    access: EndpointAccess.apiKeys({
      secret: SecretRef.fromSecretName('llm-api-keys'),
      requestsPerMinute: 600,
      tokensPerMinute: 200000,
      allowedSourceRanges: ['203.0.113.0/24', '198.51.100.0/24'],
    }),
  },
};

export function gkeEnvoyAiGatewayKeysApp(outdir?: string): App {
  return patternApp('gke-envoy-ai-gateway-keys', gkeEnvoyAiGatewayKeys, outdir);
}

if (require.main === module) gkeEnvoyAiGatewayKeysApp().synth();
