/**
 * Qwen3 8B on Amazon EKS (self-managed Karpenter) behind Envoy Gateway, with JWTs from an identity
 * provider: two vLLM workers on one L40S each (g6e.2xlarge), the frontend served by an Envoy
 * Gateway `Gateway` (HTTPS for `llm.example.com`, as a bearer token over plain HTTP can be read on
 * the way) and an `HTTPRoute` instead of an ALB.
 *
 * `access` is enforced by Envoy: a `SecurityPolicy` checks each `Authorization: Bearer <JWT>`
 * against the issuer's keys (`jwksUri`), its `iss`, `aud` and expiry, and a `BackendTrafficPolicy`
 * limits each client (the token's `sub`; a token without it, per source IP) to 300 requests a
 * minute, counted by each Envoy replica (`IngressController.envoyGateway({ globalRateLimit: true })`
 * shares one count, with Redis).
 *
 * The cluster needs Envoy Gateway 1.7 or later (1.5 for the policies; 1.7 applies `ingress.timeout`
 * to the route), a GatewayClass `eg` and the `kubernetes.io/tls`
 * Secret `llm-tls` (docs/access.md). With the AWS Load Balancer Controller, Envoy's
 * `LoadBalancer` Service becomes an internal NLB unless annotated
 * `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing`, set on an `EnvoyProxy`
 * referenced by the GatewayClass (docs/access.md, Caveats, "Envoy's own load balancer"). The node
 * role, discovery tags, host and identity provider are example values.
 */
import { App } from 'cdk8s';
import { Backend, Cloud, EksAmi, EndpointAccess, HfToken, IngressController, RouterMode, SecretRef } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const eksEnvoyGatewayJwt: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-8b-jwt',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    cloud: Cloud.eks({
      ami: EksAmi.al2023('v20250821'),
      nodeRole: 'KarpenterNodeRole-inference',
      subnetTags: { 'karpenter.sh/discovery': 'inference' },
      securityGroupTags: { 'karpenter.sh/discovery': 'inference' },
    }),
    workers: { machineType: 'g6e.2xlarge', gpus: 1, replicas: 2, maxModelLen: 32768 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    ingress: { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls'), controller: IngressController.envoyGateway() },
    access: EndpointAccess.jwt({
      issuer: 'https://login.example.com/',
      audiences: ['llm-api'],
      jwksUri: 'https://login.example.com/.well-known/jwks.json',
      requestsPerMinute: 300,
    }),
  },
};

export function eksEnvoyGatewayJwtApp(outdir?: string): App {
  return patternApp('eks-envoy-gateway-jwt', eksEnvoyGatewayJwt, outdir);
}

if (require.main === module) eksEnvoyGatewayJwtApp().synth();
