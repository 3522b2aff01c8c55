import { test } from 'vitest';
import { eksLlama70bEfa } from '../examples/eks-llama-70b-efa';
import { eksAutoModeAggregated } from '../examples/eks-auto-mode-aggregated';
import { addPattern } from '../examples/pattern-example';
import { newChart, synthValid } from './support/synth';
import * as fs from 'fs';

test('dump', () => {
  for (const [n, ex] of [['a', eksLlama70bEfa], ['b', eksAutoModeAggregated]] as const) {
    const chart = newChart();
    addPattern(chart, ex);
    fs.writeFileSync(`/tmp/ekst/${n}.json`, JSON.stringify(synthValid(chart), null, 1));
  }
});
