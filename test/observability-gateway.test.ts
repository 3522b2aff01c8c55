import { Duration } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AccessFeature, AggregatedLlm, EndpointAccess, IngressController, IngressControllerBinding, IngressControllerProfile, SecretRef,
} from '../lib';
import { ComponentType } from '../lib/core/component-type';
import { RouterMode } from '../lib/core/router-mode';
import { DynamoPodMonitors } from '../lib/observability/dynamo-pod-monitors';
import { LlmAlertRules, LlmAlertRulesProps } from '../lib/observability/llm-alert-rules';
import { dashboardExpressions, LlmDashboard } from '../lib/observability/llm-dashboard';
import { ObservedDeployment, ObservedGateway } from '../lib/observability/observed-deployment';
import { Scraping } from '../lib/observability/scraping';
import { Manifest, newChart, synthValid } from './support/synth';

const GATEWAY: ObservedGateway = {
  name: 'qwen-frontend',
  namespace: 'llm',
  proxyNamespace: 'envoy-gateway-system',
  accessChecks: ['apiKeys', 'allowedSourceRanges', 'requestsPerMinute'],
  globalRateLimit: false,
};
const BASE: ObservedDeployment = {
  name: 'qwen',
  namespace: 'llm',
  dynamoNamespace: 'llm-qwen',
  servedModelName: 'Qwen/Qwen3-0.6B',
  routerMode: RouterMode.ROUND_ROBIN,
  components: [{ name: 'Frontend', type: ComponentType.FRONTEND }, { name: 'VllmWorker', type: ComponentType.WORKER }],
  nixlTelemetry: false,
};
const WITH_GATEWAY: ObservedDeployment = { ...BASE, gateway: GATEWAY };
const gatewayWith = (g: Partial<ObservedGateway>): ObservedDeployment => ({ ...BASE, gateway: { ...GATEWAY, ...g } });

const RESPONSES = 'envoy_http_downstream_rq_xx{dynamo_namespace="llm-qwen",envoy_http_conn_manager_prefix=~"https?-[0-9]+"}';
const series = (name: string) => `${name}{dynamo_namespace="llm-qwen"}`;

interface Rule { readonly alert: string; readonly expr: string; readonly for?: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> }

function alertRules(props: LlmAlertRulesProps): { construct: LlmAlertRules; alerts: Rule[] } {
  const chart = newChart();
  const construct = new LlmAlertRules(chart, 'r', props);
  const obj = synthValid(chart)[0];
  return { construct, alerts: (obj.spec.groups[1].rules as Rule[]) };
}

function gatewayAlert(d: ObservedDeployment, name: string): Rule | undefined {
  return alertRules({ deployment: d }).alerts.find((a) => a.alert === name);
}

function dashboard(d: ObservedDeployment): LlmDashboard {
  return new LlmDashboard(newChart(), 'd', { deployment: d });
}

/** A profile that claims an Envoy controller's id, with its options, so that the pattern observes a gateway. */
class FakeEnvoy extends IngressControllerProfile {
  public readonly displayName = 'FakeEnvoy';
  public readonly accessFeatures = [AccessFeature.API_KEYS, AccessFeature.JWT, AccessFeature.REQUESTS_PER_MINUTE, AccessFeature.TOKENS_PER_MINUTE];
  public constructor(public readonly id: string, public readonly options: { proxyNamespace?: string; globalRateLimit?: boolean }) { super(); }
  public bind(): IngressControllerBinding { return { objects: [] }; }
}

describe('the gateway PodMonitor', () => {
  test('with platform scraping, <dgd>-gateway selects the Gateway\'s Envoy pods in the proxy namespace and labels them with the Dynamo namespace', () => {
    // GIVEN a deployment behind an Envoy Gateway, the platform scraping Dynamo's pods
    const chart = newChart();
    const construct = new DynamoPodMonitors(chart, 'pm', { deployment: WITH_GATEWAY });
    // WHEN
    const objs = synthValid(chart);
    // THEN only the gateway's PodMonitor is added, in the deployment's namespace
    expect(construct.podMonitorNames).toStrictEqual(['qwen-gateway']);
    expect(objs).toStrictEqual([{
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'qwen-gateway', namespace: 'llm' },
      spec: {
        namespaceSelector: { matchNames: ['envoy-gateway-system'] },
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'envoy',
            'app.kubernetes.io/component': 'proxy',
            'gateway.envoyproxy.io/owning-gateway-name': 'qwen-frontend',
            'gateway.envoyproxy.io/owning-gateway-namespace': 'llm',
          },
        },
        podMetricsEndpoints: [{
          port: 'metrics', path: '/stats/prometheus', interval: '5s',
          relabelings: [{ targetLabel: 'dynamo_namespace', replacement: 'llm-qwen', action: 'replace' }],
        }],
      },
    }]);
  });

  test('with the library\'s own scraping it comes after the Dynamo PodMonitors, with their interval and monitor labels', () => {
    // GIVEN own PodMonitors every 15 s, labels for Prometheus' selector, and a proxy namespace of its own
    const chart = newChart();
    new DynamoPodMonitors(chart, 'pm', {
      deployment: { ...gatewayWith({ proxyNamespace: 'edge' }), labels: { team: 'llm' } },
      scraping: Scraping.podMonitors({ interval: Duration.seconds(15) }),
      monitorLabels: { release: 'prometheus' },
    });
    // WHEN
    const objs = synthValid(chart);
    // THEN
    expect(objs.map((o) => o.metadata.name)).toStrictEqual(['qwen-frontend', 'qwen-workers', 'qwen-gateway']);
    const gw = objs[2];
    expect(gw.metadata.labels).toStrictEqual({ team: 'llm', release: 'prometheus' });
    expect(gw.spec.namespaceSelector).toStrictEqual({ matchNames: ['edge'] });
    expect(gw.spec.podMetricsEndpoints[0].interval).toBe('15s');
  });

  test('without a gateway, nothing changes', () => {
    const chart = newChart();
    expect(new DynamoPodMonitors(chart, 'pm', { deployment: BASE, scraping: Scraping.podMonitors() }).podMonitorNames).toStrictEqual(['qwen-frontend', 'qwen-workers']);
  });
});

describe('the Gateway dashboard row', () => {
  test('API keys, an allow list and local limits: responses by class and a panel per check, each a rate of its Envoy counter', () => {
    // GIVEN / WHEN
    const d = dashboard(WITH_GATEWAY);
    // THEN the row follows the frontend's
    expect(d.rows.map((r) => r.title)).toStrictEqual(['Frontend', 'Gateway', 'Workers', 'GPU (DCGM)']);
    expect(d.rows[1].panels).toStrictEqual(['Gateway responses/s by class', 'Refused by authentication/s', 'Refused by the source allow list/s', 'Rate limited/s']);
    const exprs = dashboardExpressions(d.json).filter((e) => e.includes('envoy_'));
    expect(exprs).toStrictEqual([
      `sum by (envoy_response_code_class) (rate(${RESPONSES}[$__rate_interval]))`,
      `sum(rate(${series('envoy_http_api_key_auth_unauthorized')}[$__rate_interval]))`,
      `sum(rate(${series('envoy_http_rbac_denied')}[$__rate_interval]))`,
      `sum(rate(${series('envoy_http_local_rate_limit_enforced')}[$__rate_interval]))`,
    ]);
  });

  test('JWT with global limits reads the JWT and global rate limit counters; no checks leaves the responses only', () => {
    // GIVEN / WHEN
    const jwt = dashboardExpressions(dashboard(gatewayWith({ accessChecks: ['jwt', 'tokensPerMinute'], globalRateLimit: true })).json).filter((e) => e.includes('envoy_'));
    const open = dashboard(gatewayWith({ accessChecks: [] }));
    // THEN
    expect(jwt).toStrictEqual([
      `sum by (envoy_response_code_class) (rate(${RESPONSES}[$__rate_interval]))`,
      `sum(rate(${series('envoy_http_jwt_authn_denied')}[$__rate_interval]))`,
      `sum(rate(${series('envoy_cluster_ratelimit_over_limit')}[$__rate_interval]))`,
    ]);
    expect(open.rows[1]).toStrictEqual({ title: 'Gateway', panels: ['Gateway responses/s by class'] });
  });

  test('without a gateway there is no Gateway row', () => {
    expect(dashboard(BASE).rows.map((r) => r.title)).not.toContain('Gateway');
  });
});

describe('the gateway alerts', () => {
  test('DynamoGatewayAuthFailuresHigh: 401s above 10 % of the gateway\'s responses for 10m, a warning', () => {
    // GIVEN API keys / WHEN
    const a = gatewayAlert(WITH_GATEWAY, 'DynamoGatewayAuthFailuresHigh')!;
    // THEN
    expect(a).toMatchObject({
      expr: `(sum(rate(${series('envoy_http_api_key_auth_unauthorized')}[5m]))) / sum(rate(${RESPONSES}[5m])) > 0.1`,
      for: '10m',
      labels: { severity: 'warning', dynamo_namespace: 'llm-qwen' },
    });
    expect(a.annotations.summary).toBe('The gateway of llm/qwen refuses {{ $value | humanizePercentage }} of requests for their credential');
    expect(a.annotations.description).toMatch(/^For 10m more than 10 % .* 401s \(API key missing or unknown\)\. Likely causes: .* Check .*owning-gateway-name=qwen-frontend/);
  });

  test('with more than one credential counter, each is summed or zero, so a missing one does not blank the alert', () => {
    const a = gatewayAlert(gatewayWith({ accessChecks: ['apiKeys', 'jwt'] }), 'DynamoGatewayAuthFailuresHigh')!;
    expect(a.expr).toBe(`((sum(rate(${series('envoy_http_api_key_auth_unauthorized')}[5m])) or vector(0)) + `
      + `(sum(rate(${series('envoy_http_jwt_authn_denied')}[5m])) or vector(0))) / sum(rate(${RESPONSES}[5m])) > 0.1`);
  });

  test('DynamoGatewayRateLimited: 429s above 5 % for 15m, info; local or global counter as configured', () => {
    // GIVEN local request limits, then token limits (always global)
    const local = gatewayAlert(WITH_GATEWAY, 'DynamoGatewayRateLimited')!;
    const global = gatewayAlert(gatewayWith({ accessChecks: ['tokensPerMinute'], globalRateLimit: true }), 'DynamoGatewayRateLimited')!;
    // THEN
    expect(local).toMatchObject({
      expr: `(sum(rate(${series('envoy_http_local_rate_limit_enforced')}[5m]))) / sum(rate(${RESPONSES}[5m])) > 0.05`,
      for: '15m',
      labels: { severity: 'info', dynamo_namespace: 'llm-qwen' },
    });
    expect(local.annotations.description).toMatch(/429s from its local rate limit.* Likely causes: .*each replica counts on its own.* Check .*x-dynamo-client-id/);
    expect(global.expr).toBe(`(sum(rate(${series('envoy_cluster_ratelimit_over_limit')}[5m]))) / sum(rate(${RESPONSES}[5m])) > 0.05`);
    expect(global.annotations.description).toContain('429s from its global rate limit');
  });

  test('each alert only where its check is configured; none without a gateway; runbook links as for the others', () => {
    const names = (d: ObservedDeployment) => alertRules({ deployment: d }).construct.alertNames.filter((n) => n.startsWith('DynamoGateway'));
    expect(names(WITH_GATEWAY)).toStrictEqual(['DynamoGatewayAuthFailuresHigh', 'DynamoGatewayRateLimited']);
    expect(names(gatewayWith({ accessChecks: ['allowedSourceRanges'] }))).toStrictEqual([]);
    expect(names(gatewayWith({ accessChecks: ['requestsPerMinute'] }))).toStrictEqual(['DynamoGatewayRateLimited']);
    expect(names(BASE)).toStrictEqual([]);
    const { alerts } = alertRules({ deployment: WITH_GATEWAY, runbookUrl: 'https://runbooks.example.com/dynamo' });
    expect(alerts.find((a) => a.alert === 'DynamoGatewayRateLimited')!.annotations.runbook_url).toBe('https://runbooks.example.com/dynamo#dynamogatewayratelimited');
  });
});

describe('validation of deployment.gateway', () => {
  test('names, namespaces and access check ids are checked by each construct', () => {
    const make = (g: Partial<ObservedGateway>) => [
      () => new DynamoPodMonitors(newChart(), 'pm', { deployment: gatewayWith(g) }),
      () => new LlmAlertRules(newChart(), 'r', { deployment: gatewayWith(g) }),
      () => new LlmDashboard(newChart(), 'd', { deployment: gatewayWith(g) }),
    ];
    for (const f of make({ name: 'Bad_Name' })) {
      expect(f).toThrow(/^deployment\.gateway\.name must be a Gateway name that fits a label value .*\(got "Bad_Name"\); pass the name of the Gateway/);
    }
    for (const f of make({ proxyNamespace: 'Envoy' })) expect(f).toThrow(/^deployment\.gateway\.proxyNamespace must be a DNS label .*\(got "Envoy"\)/);
    for (const f of make({ namespace: '' })) expect(f).toThrow(/^deployment\.gateway\.namespace must be a DNS label/);
    for (const f of make({ accessChecks: ['apikeys'] })) {
      expect(f).toThrow(/^deployment\.gateway\.accessChecks must list AccessFeature ids \(apiKeys, jwt, .*\) \(got "apikeys"\)/);
    }
    expect(() => new DynamoPodMonitors(newChart(), 'pm', { deployment: gatewayWith({ name: 'a'.repeat(64) }) })).toThrow(/gateway\.name must be/);
  });

  test('an untyped caller gets a named error for a missing or mistyped field', () => {
    const { globalRateLimit: _omitted, ...partial } = GATEWAY;
    void _omitted;
    const deployment = { ...BASE, gateway: partial } as unknown as ObservedDeployment;
    expect(() => new DynamoPodMonitors(newChart(), 'pm', { deployment })).toThrow(/deployment\.gateway\.globalRateLimit is required/);
    const mistyped = { ...BASE, gateway: { ...GATEWAY, accessChecks: 'apiKeys' } } as unknown as ObservedDeployment;
    expect(() => new LlmAlertRules(newChart(), 'r', { deployment: mistyped })).toThrow(/deployment\.gateway\.accessChecks must be/);
  });
});

describe('a pattern behind an Envoy Gateway controller', () => {
  const pattern = (controller: IngressController, access?: EndpointAccess) => {
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', ingress: { controller }, access, observability: {} });
    return { llm, objs: synthValid(chart) };
  };
  const kinds = (objs: Manifest[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`).sort();

  test('observes the Gateway <dgd>-frontend, the proxy namespace, the access checks and where requests are counted', () => {
    // GIVEN a controller with the Envoy Gateway id, its own proxy namespace, API keys and a request limit
    const keys = EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys'), requestsPerMinute: 600 });
    // WHEN
    const { llm, objs } = pattern(IngressController.custom(new FakeEnvoy('envoy-gateway', { proxyNamespace: 'edge' })), keys);
    // THEN
    expect(llm.observedDeployment.gateway).toStrictEqual({
      name: 'qwen-frontend', namespace: 'llm', proxyNamespace: 'edge', accessChecks: ['apiKeys', 'requestsPerMinute'], globalRateLimit: false,
    });
    expect(kinds(objs)).toStrictEqual(['ConfigMap/qwen-dashboard', 'DynamoGraphDeployment/qwen', 'PodMonitor/qwen-gateway', 'PrometheusRule/qwen-slo']);
    expect(llm.dashboard?.rows.map((r) => r.title)).toContain('Gateway');
  });

  test('the AI Gateway id too; token limits and globalRateLimit count globally; the default proxy namespace', () => {
    // GIVEN token limits on the AI Gateway id, and globalRateLimit with and without a request limit
    const tokens = EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys'), tokensPerMinute: 100_000 });
    const requests = EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys'), requestsPerMinute: 600 });
    const globally = new FakeEnvoy('envoy-gateway', { globalRateLimit: true });
    // WHEN / THEN token limits count globally
    const ai = pattern(IngressController.custom(new FakeEnvoy('envoy-ai-gateway', {})), tokens).llm.observedDeployment.gateway;
    expect([ai?.proxyNamespace, ai?.globalRateLimit, ai?.accessChecks]).toStrictEqual(['envoy-gateway-system', true, ['apiKeys', 'tokensPerMinute']]);
    // AND globalRateLimit counts a request limit globally, as the BackendTrafficPolicy does; without a limit nothing is counted
    const global = pattern(IngressController.custom(globally), requests).llm.observedDeployment.gateway;
    expect([global?.globalRateLimit, global?.accessChecks]).toStrictEqual([true, ['apiKeys', 'requestsPerMinute']]);
    const unlimited = pattern(IngressController.custom(globally)).llm.observedDeployment.gateway;
    expect([unlimited?.globalRateLimit, unlimited?.accessChecks]).toStrictEqual([false, []]);
  });

  test('another controller is not observed as a gateway, and adds no gateway objects', () => {
    const { llm, objs } = pattern(IngressController.custom(new FakeEnvoy('nginx', { proxyNamespace: 'edge' })));
    expect(llm.observedDeployment.gateway).toBeUndefined();
    expect('gateway' in llm.observedDeployment).toBe(false);
    expect(kinds(objs)).toStrictEqual(['ConfigMap/qwen-dashboard', 'DynamoGraphDeployment/qwen', 'PrometheusRule/qwen-slo']);
  });
});
