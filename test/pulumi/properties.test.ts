import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, DisaggregatedLlm } from '../../lib';
import { caseProps, validProps } from '../support/arbitraries';
import { byObjectKey as byKey, mockedEngine, KubeObj as Obj, kubeObjects, plain, registrations } from '../support/pulumi';
import { assertSchemaValid } from '../support/schema';
import { newChart } from '../support/synth';

const mocked = mockedEngine();


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
        ? new mocked.engine.DisaggregatedLlm(`prop-${run++}`, { ...c.props, ...placement })
        : new mocked.engine.AggregatedLlm(`prop-${run++}`, { ...c.props, ...placement });
      const regs = kubeObjects(await registrations(mocked.recorded, component));
      // THEN
      const registered = regs.map((r) => plain(r.raw) as Obj);
      expect(byKey(registered)).toStrictEqual(byKey(expected));
      assertSchemaValid(registered as never);
      const dgd = regs.find((r) => r.type.endsWith(':DynamoGraphDeployment'))!;
      const pools = c.pattern === 'disaggregated' ? [c.props.prefill, c.props.decode] : [c.props.workers];
      // Replicas owned by an adapter (explicit, autoscaling, or the planner) are Pulumi's to ignore.
      expect(dgd.ignoreChanges).toHaveLength(pools.filter((o) => o?.scalingAdapter || o?.autoscaling || c.props.planner).length);
      expect(dgd.deleteBeforeReplace).toBe(false);
      expect(dgd.replaceOnChanges).toStrictEqual([]);
    }), { numRuns: 60, seed: 20261121 });
  });
});
