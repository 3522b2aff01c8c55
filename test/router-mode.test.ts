import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Backend, DisaggregatedLlm, DisaggregatedLlmProps, EnvValue, RouterMode } from '../lib';
import { main, Manifest, newChart, only, synthValid, validationError } from './support/synth';

function agg(backend: Backend, routerMode: RouterMode, frontendArgs?: string[]): Manifest {
  const chart = newChart();
  new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', backend, frontend: { routerMode, extraArgs: frontendArgs } });
  return only(synthValid(chart), 'DynamoGraphDeployment');
}

describe('RouterMode: approximate KV routing', () => {
  test('the values: same --router-mode, no events, its own name', () => {
    expect([RouterMode.KV_APPROXIMATE.mode, RouterMode.KV_APPROXIMATE.needsKvEvents, RouterMode.KV_APPROXIMATE.isKvAware, `${RouterMode.KV_APPROXIMATE}`])
      .toStrictEqual(['kv', false, true, 'kv-approximate']);
    expect([RouterMode.KV.needsKvEvents, RouterMode.KV.isKvAware, `${RouterMode.KV}`, RouterMode.ROUND_ROBIN.isKvAware]).toStrictEqual([true, true, 'kv', false]);
    expect(RouterMode.of('kv')).toBe(RouterMode.KV);
  });

  test('the frontend routes with the KV router and no events; the workers publish none', () => {
    // GIVEN / WHEN an aggregated vLLM deployment with approximate KV routing (Dynamo's agg_router_kv_approx.yaml)
    const dgd = agg(Backend.vllm(), RouterMode.KV_APPROXIMATE);
    // THEN
    expect(main(dgd, 'Frontend').args).toStrictEqual(['--http-port', '8000', '--router-mode', 'kv', '--no-router-kv-events']);
    expect(main(dgd, 'VllmDecodeWorker').args).not.toContain('--kv-events-config');
  });

  test.each(Backend.all().map((b) => [b.displayName, b] as const))('%s workers publish no KV events', (_, backend) => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', backend, allowTcpKvTransfer: true, frontend: { routerMode: RouterMode.KV_APPROXIMATE } });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    const workerArgs = (dgd.spec.components as Manifest[]).filter((c) => c.type !== 'frontend').flatMap((c) => c.podTemplate.spec.containers[0].args as string[]);
    expect(workerArgs.filter((a) => a === '--kv-events-config' || a === '--publish-events-and-metrics')).toStrictEqual([]);
  });

  test('the endpoint card names the mode', () => {
    const llm = new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', frontend: { routerMode: RouterMode.KV_APPROXIMATE } });
    expect(llm.endpointCard.routerMode).toBe('kv-approximate');
  });

  test.each(['--no-kv-events', '--no-router-kv-events', '--router-kv-events', '--kv-events'])('frontend.extraArgs may not switch KV events with %s', (flag) => {
    const e = validationError(() => agg(Backend.vllm(), RouterMode.KV, [flag]));
    expect([e.prop, e.message]).toStrictEqual(['frontend.extraArgs',
      `frontend.extraArgs must not pass ${flag}, a setting the library owns through frontend.routerMode (got "${flag}"); set it through frontend.routerMode`]);
  });

  test('the dashboard keeps its KV-router row for approximate routing, without the KV-events panel', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', frontend: { routerMode: RouterMode.KV_APPROXIMATE }, observability: { dashboard: true } });
    const json = JSON.stringify(synthValid(chart).filter((o) => o.kind === 'ConfigMap'));
    expect([json.includes('Routing (KV router)'), json.includes('KV hit rate'), json.includes('KV events applied/s')]).toStrictEqual([true, true, false]);
  });
});

describe('RouterMode: one owner for the router settings', () => {
  test('of() takes the names the card shows, and lists them', () => {
    expect([RouterMode.of('kv-approximate'), RouterMode.of('round-robin')]).toStrictEqual([RouterMode.KV_APPROXIMATE, RouterMode.ROUND_ROBIN]);
    expect(() => RouterMode.of('fastest')).toThrow(/^frontend\.routerMode must be one of kv, kv-approximate, round-robin, /);
  });

  test.each([
    ['frontend', 'DYN_ROUTER_MODE', 'frontend.routerMode'],
    ['frontend', 'DYN_ROUTER_USE_KV_EVENTS', 'frontend.routerMode (RouterMode.KV or RouterMode.KV_APPROXIMATE)'],
    ['workers', 'DYN_USE_KV_EVENTS', 'frontend.routerMode (RouterMode.KV or RouterMode.KV_APPROXIMATE)'],
  ])('%s.env may not set %s', (where, name, owner) => {
    const env = { [name]: EnvValue.fromValue('false') };
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', ...(where === 'frontend' ? { frontend: { env } } : { workers: { env } }) }));
    expect([e.prop, e.message]).toStrictEqual([`${where}.env`, `${where}.env must not set ${name}, which ${owner} owns (got "${name}"); remove ${name} and set ${owner}`]);
  });

  test.each(Backend.all().map((b) => [b.displayName, b] as const))('%s workers may not switch the router\'s KV events', (_, backend) => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', backend, workers: { extraArgs: ['--no-router-kv-events'] } }));
    expect(e.message).toBe('workers.extraArgs must not pass --no-router-kv-events, a setting the library owns through frontend.routerMode (got "--no-router-kv-events"); set it through frontend.routerMode');
  });
});

describe('the KV router block size', () => {
  const frontendArgs = (props: Partial<DisaggregatedLlmProps>) => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', allowTcpKvTransfer: true, ...props });
    return main(only(synthValid(chart), 'DynamoGraphDeployment'), 'Frontend').args as string[];
  };

  test('the frontend gets the pools\' common kvBlockSize with KV routing', () => {
    expect(frontendArgs({ frontend: { routerMode: RouterMode.KV }, prefill: { kvBlockSize: 64 }, decode: { kvBlockSize: 64 } }))
      .toStrictEqual(['--http-port', '8000', '--router-mode', 'kv', '--kv-cache-block-size', '64']);
  });

  test('not without KV routing, nor when the pools differ or leave it to the engine', () => {
    expect(frontendArgs({ prefill: { kvBlockSize: 64 }, decode: { kvBlockSize: 64 } })).not.toContain('--kv-cache-block-size');
    expect(frontendArgs({ frontend: { routerMode: RouterMode.KV }, prefill: { kvBlockSize: 32 }, decode: { kvBlockSize: 64 } })).not.toContain('--kv-cache-block-size');
    expect(frontendArgs({ frontend: { routerMode: RouterMode.KV }, prefill: { kvBlockSize: 64 } })).not.toContain('--kv-cache-block-size');
  });

  test('frontend.extraArgs may not set it: it must be the workers\'', () => {
    expect(() => frontendArgs({ frontend: { extraArgs: ['--kv-cache-block-size', '64'] } })).toThrow(
      'frontend.extraArgs must not pass --kv-cache-block-size, a setting the library owns through kvBlockSize (got "--kv-cache-block-size"); set it through kvBlockSize');
  });
});
