/**
 * Reading the Pulumi program's stack config in tests without mocks: each call sets the process-wide
 * config map under a project namespace of its own, and a file that uses it puts back what was
 * there when it ends (other test files share the worker).
 */
import * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeAll } from 'vitest';
import { readStackConfig, StackSpec } from '../../stacks/pulumi/config';
import { isSecretKey } from '../../stacks/pulumi/config/secrets';

/**
 * A reader of stack config for one test file: `read(values, secretKeys)` reads `values` (objects as
 * Pulumi stores them: JSON) under a fresh project `<prefix><n>`. Registers the save/restore of the
 * config map around the file.
 */
export function stackConfigReader(prefix: string): (values: Record<string, unknown>, secretKeys?: string[]) => StackSpec {
  let projects = 0;
  let before: { config: Record<string, string>; secretKeys: string[] } | undefined;
  beforeAll(() => {
    const config = pulumi.runtime.allConfig();
    before = { config, secretKeys: Object.keys(config).filter(isSecretKey) };
  });
  afterAll(() => { if (before) pulumi.runtime.setAllConfig(before.config, before.secretKeys); });
  return (values, secretKeys = []) => {
    const project = `${prefix}${++projects}`;
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${project}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)])),
      secretKeys.map((k) => `${project}:${k}`));
    return readStackConfig(new pulumi.Config(project));
  };
}
