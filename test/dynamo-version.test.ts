import { describe, expect, test } from 'vitest';
import { DgdApiVersion, DynamoValidationError, DynamoVersion } from '../lib';
import { imageHasSemverTag, imageTag, imageTagVersion } from '../lib/core/dynamo-version';

describe('DynamoVersion', () => {
  test('LATEST is 1.6.2, the newest release the sources back', () => {
    expect(DynamoVersion.LATEST.version).toBe('1.6.2');
    expect(DynamoVersion.LATEST).toBe(DynamoVersion.V1_6_2);
    expect(DynamoVersion.KNOWN_RELEASES.at(-1)).toBe('1.6.2');
    expect(DynamoVersion.LATEST.isKnownRelease).toBe(true);
  });

  test('knows the stable and patch releases from 1.0.0 to 1.6.2, oldest first, and not 1.7.0', () => {
    expect(DynamoVersion.KNOWN_RELEASES).toStrictEqual([
      '1.0.0', '1.0.1', '1.0.2', '1.1.0', '1.1.1', '1.2.0', '1.2.1', '1.3.0', '1.3.1',
      '1.4.0', '1.4.1', '1.4.2', '1.5.0', '1.5.1', '1.6.0', '1.6.1', '1.6.2',
    ]);
    expect(DynamoVersion.of('1.6.1').isKnownRelease).toBe(true);
    expect(DynamoVersion.of('1.7.0').isKnownRelease).toBe(false);
  });

  test('has a constant for the first and the newest listed patch of each minor, each a known release', () => {
    // GIVEN the constants
    const constants = [
      DynamoVersion.V1_0_0, DynamoVersion.V1_0_2, DynamoVersion.V1_1_0, DynamoVersion.V1_1_1, DynamoVersion.V1_2_0, DynamoVersion.V1_2_1,
      DynamoVersion.V1_3_0, DynamoVersion.V1_3_1, DynamoVersion.V1_4_0, DynamoVersion.V1_4_2, DynamoVersion.V1_5_0, DynamoVersion.V1_5_1,
      DynamoVersion.V1_6_0, DynamoVersion.V1_6_2,
    ];
    // WHEN each minor's releases are grouped
    const byMinor = new Map<string, string[]>();
    for (const v of DynamoVersion.KNOWN_RELEASES) {
      const minor = v.split('.').slice(0, 2).join('.');
      byMinor.set(minor, [...byMinor.get(minor) ?? [], v]);
    }
    const firstAndNewest = [...byMinor.values()].flatMap((vs) => [...new Set([vs[0], vs[vs.length - 1]])]);
    // THEN the constants are exactly those
    expect(constants.map((c) => c.version)).toStrictEqual(firstAndNewest);
    for (const c of constants) expect(c.isKnownRelease).toBe(true);
  });

  test('feature gates follow the release table', () => {
    expect(DynamoVersion.V1_1_0.supports('v1beta1Api')).toBe(false);
    expect(DynamoVersion.V1_2_0.supports('v1beta1Api')).toBe(true);
    expect(DynamoVersion.V1_3_1.supports('runtimeVersionOverride')).toBe(false);
    expect(DynamoVersion.V1_4_0.supports('runtimeVersionOverride')).toBe(true);
    expect(DynamoVersion.V1_0_0.supports('plannerImage')).toBe(false);
    expect(DynamoVersion.V1_1_0.supports('plannerImage')).toBe(true);
  });

  test.each([
    ['immutableComponentType', '1.5.0'],
    ['immutableWorkloadProvider', '1.5.0'],
    ['v1beta1AdmissionOnly', '1.5.0'],
    ['componentRoles', '1.5.0'],
    ['rolePodTemplates', '1.6.0'],
  ] as const)('%s first appears in %s', (feature, first) => {
    expect(DynamoVersion.firstReleaseWith(feature)).toBe(first);
    expect(DynamoVersion.of(first).supports(feature)).toBe(true);
    expect(DynamoVersion.V1_4_2.supports(feature)).toBe(false);
    expect(DynamoVersion.LATEST.supports(feature)).toBe(true);
  });

  test('1.5.x has the immutable fields and roles but not role pod templates, which come with 1.6.0', () => {
    expect(DynamoVersion.V1_5_1.supports('immutableComponentType')).toBe(true);
    expect(DynamoVersion.V1_5_1.supports('rolePodTemplates')).toBe(false);
    expect(DynamoVersion.V1_6_0.supports('rolePodTemplates')).toBe(true);
  });

  test('of() accepts any release from 1.0.0, listed or not', () => {
    expect(DynamoVersion.of('1.3.7').supports('runtimeVersionOverride')).toBe(false);
    expect(DynamoVersion.of('1.3.7').isKnownRelease).toBe(false);
    expect(DynamoVersion.of('1.4.2').isKnownRelease).toBe(true);
    expect(DynamoVersion.of('2.0.0').isOlderThan(DynamoVersion.LATEST)).toBe(false);
    expect(DynamoVersion.of('2.0.0').supports('rolePodTemplates')).toBe(true);
  });

  test('fails on a malformed version', () => {
    expect(() => DynamoVersion.of('1.4')).toThrow(DynamoValidationError);
    expect(() => DynamoVersion.of('1.4')).toThrow(/dynamoVersion must be a release version MAJOR.MINOR.PATCH \(got "1.4"\)/);
  });

  test('fails on a release older than 1.0.0', () => {
    expect(() => DynamoVersion.of('0.9.0')).toThrow(/dynamoVersion must be 1.0.0 or newer \(got "0.9.0"\); releases before 1.0.0 need NATS\/etcd/);
  });
});

describe('image tags', () => {
  test.each([
    ['nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0', '1.4.0', true],
    ['nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.1.1-efa-amd64', '1.1.1', true],
    ['registry:5000/team/vllm:v1.3.0', '1.3.0', true],
    ['registry:5000/team/vllm', undefined, false],
    ['nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', undefined, false],
    ['nvcr.io/nvidia/ai-dynamo/vllm-runtime@sha256:abcd', undefined, false],
  ])('%s has version %s', (image, version, semver) => {
    expect(imageTagVersion(image)).toBe(version);
    expect(imageHasSemverTag(image)).toBe(semver);
  });

  test('a registry port is not a tag', () => {
    expect(imageTag('registry:5000/team/vllm')).toBeUndefined();
  });
});

describe('DgdApiVersion', () => {
  test('renders the full apiVersion', () => {
    expect(DgdApiVersion.V1BETA1.apiVersion).toBe('nvidia.com/v1beta1');
    expect(DgdApiVersion.V1ALPHA1.toString()).toBe('nvidia.com/v1alpha1');
  });
});
