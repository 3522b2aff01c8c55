import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { AggregatedLlm, DisaggregatedLlm } from '../../lib';
import type * as Engine from '../../lib/pulumi';
import { caseProps, validProps } from '../support/arbitraries';
import { installMocks, kubeObjects, plain, Registration, registrations } from '../support/pulumi';
import { assertSchemaValid } from '../support/schema';
import { newChart } from '../support/synth';

let recorded: Registration[];
let engine: typeof Engine;

beforeAll(async () => {
  recorded = installMocks();
  engine = await import('../../lib/pulumi');
});

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const byKey = (objs: Obj[]) => Object.fromEntries(objs.map((o) => [`${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o]));

describe('property: random valid props in the Pulumi engine', () => {
  test('register exactly the cdk8s objects, schema-valid, and ignore exactly the autoscaled replicas', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(validProps, async (p) => {
      // GIVEN
      const c = caseProps(p);
      const chart = newChart('llm');
      if (c.pattern === 'disaggregated') new DisaggregatedLlm(chart, 'llm', c.props);
      else new AggregatedLlm(chart, 'llm', c.props);
      const expected = Testing.synth(chart) as Obj[];
      // WHEN: a uniquely named component for the same props
      const placement = { namespace: 'llm' };
      const component = c.pattern === 'disaggregated'
        ? new engine.DisaggregatedLlm(`prop-${run++}`, { ...c.props, ...placement })
        : new engine.AggregatedLlm(`prop-${run++}`, { ...c.props, ...placement });
      const regs = kubeObjects(await registrations(recorded, component));
      // THEN
      const registered = regs.map((r) => plain(r.raw) as Obj);
      expect(byKey(registered)).toStrictEqual(byKey(expected));
      assertSchemaValid(registered as never);
      const dgd = regs.find((r) => r.type.endsWith(':DynamoGraphDeployment'))!;
      const pools = c.pattern === 'disaggregated' ? [c.props.prefill, c.props.decode] : [c.props.workers];
      expect(dgd.ignoreChanges).toHaveLength(pools.filter((o) => o?.scalingAdapter).length);
      expect(dgd.deleteBeforeReplace).toBe(false);
      expect(dgd.replaceOnChanges).toStrictEqual([]);
    }), { numRuns: 60, seed: 20261121 });
  });
});
