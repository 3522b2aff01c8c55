/** The stack config of a container's CPU, memory and ephemeral storage (`resources`, `downloadResources`). */
import { ContainerResources, CpuResources } from 'cdk8s-plus-28';
import { cpu, object, Read, size } from './values';

/** `resources: { cpu: { request: 4 }, memory: { request: 16Gi, limit: 32Gi }, ephemeralStorage: { request: 10Gi } }`. */
export const resources: Read<ContainerResources> = object<ContainerResources>('ContainerResources', {
  cpu: object<CpuResources>('CpuResources', { request: cpu, limit: cpu }),
  memory: object('MemoryResources', { request: size, limit: size }),
  ephemeralStorage: object('EphemeralStorageResources', { request: size, limit: size }),
});
