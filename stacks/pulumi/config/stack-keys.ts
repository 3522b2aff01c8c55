/**
 * Top-level keys of the stack config that are refused with the keys to use: keys of earlier
 * versions of the program, and keys of the other mode.
 */
import { invalid } from '../../../lib/core/errors';
import { shown } from '../../../lib/core/input-shape';
import { rmCommand } from './errors';

/** Keys of earlier versions of the program: what replaces each, and the commands that move a value. */
const MOVED: Readonly<Record<string, { readonly to: string; readonly set: (value: string) => string }>> = {
  nixlBackend: { to: 'kvTransfer', set: (v) => `pulumi config set kvTransfer nixl-${v.toLowerCase()}` },
  routerMode: { to: 'frontend.routerMode', set: (v) => `pulumi config set --path 'frontend.routerMode' ${v}` },
  frontendReplicas: { to: 'frontend.replicas', set: (v) => `pulumi config set --path 'frontend.replicas' ${v}` },
  rdma: { to: 'cloud.rdma (with cloud.provider generic)', set: () => "pulumi config set --path 'cloud.provider' generic && pulumi config set --path 'cloud.rdma.fabric' <fabric>" },
};

/** Refuses a key of an earlier version of the program, with the commands that move its value. */
export function refuseMovedKeys(values: Readonly<Record<string, unknown>>): void {
  for (const [key, moved] of Object.entries(MOVED)) {
    const value = values[key];
    if (value === undefined) continue;
    throw invalid(`config ${key}`, `is replaced by ${moved.to}`, shown(value), `run ${rmCommand(key)} && ${moved.set(typeof value === 'string' ? value : '<value>')}`);
  }
}

/** The keys only one mode reads. */
const MODE_KEYS: Readonly<Record<'aggregated' | 'disaggregated', readonly string[]>> = {
  aggregated: ['workers'],
  disaggregated: ['prefill', 'decode', 'kvTransfer', 'allowTcpKvTransfer', 'disaggregationBootstrapPort'],
};

/** Refuses a key of the other mode (`prefill` in aggregated mode): the program would ignore it. */
export function refuseOtherModeKeys(mode: 'aggregated' | 'disaggregated', values: Readonly<Record<string, unknown>>): void {
  const other = mode === 'aggregated' ? 'disaggregated' : 'aggregated';
  for (const key of MODE_KEYS[other]) {
    if (values[key] === undefined) continue;
    throw invalid(`config ${key}`, `is read in mode ${other} only (the stack's mode is ${mode})`, shown(values[key]),
      `run pulumi config set mode ${other}, or ${rmCommand(key)}`);
  }
}
