/**
 * The stack config of hardware the cloud profiles describe: machine shapes (`extraShapes`) and RDMA
 * fabrics, by the library's names or as custom values.
 */
import { CustomRdmaFabricOptions, MachineShape, NixlBackend, RdmaFabric } from '../../../lib';
import { fromLibrary } from './errors';
import { gpuType } from './pods';
import { choice, constantsOf, list, num, object, Read, text } from './values';

/**
 * `fabric`: a built-in fabric by id (`efa`, `infiniband`, `roce`, `none`, ...), or
 * `{ id, displayName, nixlBackend: ucx | libfabric }` for a fabric the library lacks.
 */
export const fabric: Read<RdmaFabric> = (v, at) => {
  if (typeof v === 'string') return choice(constantsOf(RdmaFabric))(v, at);
  const options = object<CustomRdmaFabricOptions>('a custom RDMA fabric', {
    id: text, displayName: text, nixlBackend: choice(constantsOf(NixlBackend)),
  }, ['id', 'displayName'])(v, at);
  return fromLibrary({ fabric: at }, () => RdmaFabric.custom(options));
};

/** One machine shape the catalog lacks: `{ name, gpuType, gpuCount, gpuMemoryMiB, fabric, rdmaDevices, ... }`. */
const machineShape: Read<MachineShape> = object<MachineShape>('MachineShape', {
  name: text,
  gpuType,
  gpuCount: num,
  gpuMemoryMiB: num,
  fabric,
  rdmaDevices: num,
  vcpus: num,
  memoryMiB: num,
  localNvmeGiB: num,
  arch: choice({ amd64: 'amd64', arm64: 'arm64' }),
  family: text,
  networkCards: num,
  acceleratorLabel: text,
}, ['name', 'gpuType', 'gpuCount', 'gpuMemoryMiB', 'fabric', 'rdmaDevices']);

/** `extraShapes`: machine shapes to add to the profile's catalog. */
export const extraShapes: Read<MachineShape[]> = list(machineShape, '{name: p5e.48xlarge, ...}');
