import { describe, expect, test } from 'vitest';
import { DgdApiVersion, DynamoValidationError, DynamoVersion } from '../lib';
import { imageHasSemverTag, imageTag, imageTagVersion } from '../lib/core/dynamo-version';

describe('DynamoVersion', () => {
  test('LATEST is 1.4.0, the newest release in the reference', () => {
    expect(DynamoVersion.LATEST.version).toBe('1.4.0');
    expect(DynamoVersion.KNOWN_RELEASES.at(-1)).toBe('1.4.0');
    expect(DynamoVersion.LATEST.isKnownRelease).toBe(true);
  });

  test('feature gates follow the release table', () => {
    expect(DynamoVersion.V1_1_0.supports('v1beta1Api')).toBe(false);
    expect(DynamoVersion.V1_2_0.supports('v1beta1Api')).toBe(true);
    expect(DynamoVersion.V1_3_1.supports('runtimeVersionOverride')).toBe(false);
    expect(DynamoVersion.V1_4_0.supports('runtimeVersionOverride')).toBe(true);
    expect(DynamoVersion.V1_0_0.supports('plannerImage')).toBe(false);
    expect(DynamoVersion.V1_1_0.supports('plannerImage')).toBe(true);
  });

  test('of() accepts patch releases and newer releases', () => {
    expect(DynamoVersion.of('1.4.2').supports('runtimeVersionOverride')).toBe(true);
    expect(DynamoVersion.of('1.4.2').isKnownRelease).toBe(false);
    expect(DynamoVersion.of('2.0.0').isOlderThan(DynamoVersion.LATEST)).toBe(false);
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
