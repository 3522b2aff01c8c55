/**
 * Qwen3 8B on Amazon EKS (self-managed Karpenter) behind the ALB, which validates JWTs itself: no
 * gateway to install. Two vLLM workers on one L40S each (g6e.2xlarge); the frontend's Ingress
 * (class `alb`) serves HTTPS for `llm.example.com` with an ACM certificate the AWS Load Balancer
 * Controller discovers, and redirects HTTP to it.
 *
 * `access` becomes ALB annotations: `jwt-validation` checks each `Authorization: Bearer <JWT>`
 * against the issuer's keys, its `iss`, expiry and `aud` (AWS Load Balancer Controller v2.15.0 or
 * later; an older controller ignores the annotation and leaves the endpoint open), and
 * `inbound-cidrs` lets only the listed ranges reach the listeners. The ALB authenticates only on
 * HTTPS, so `ingress.host` is required. Per-client limits need a gateway
 * (`ingress.controller: IngressController.envoyGateway()`, see examples/eks-envoy-gateway-jwt.ts).
 *
 * The node role, discovery tags, host and identity provider are example values (docs/access.md).
 */
import { App } from 'cdk8s';
import { Backend, Cloud, EksAmi, EndpointAccess, HfToken, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const eksAlbJwt: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-8b-alb-jwt',
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
    ingress: { host: 'llm.example.com' },
    access: EndpointAccess.jwt({
      issuer: 'https://login.example.com/',
      audiences: ['llm-api'],
      jwksUri: 'https://login.example.com/.well-known/jwks.json',
      allowedSourceRanges: ['203.0.113.0/24'],
    }),
  },
};

export function eksAlbJwtApp(outdir?: string): App {
  return patternApp('eks-alb-jwt', eksAlbJwt, outdir);
}

if (require.main === module) eksAlbJwtApp().synth();
