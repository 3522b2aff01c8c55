/**
 * The host projects `npm run test:host` installs the package into: the lowest releases the peer
 * ranges admit and the newest ones (checked on 2026-11-30 with `npm view <name> version`; the check
 * prints a notice when the registry has a newer one). `package.json`'s peer ranges are `^<lowest>` of
 * these rows, which test/package-manifest.test.ts keeps true.
 *
 * Why these floors:
 * - cdk8s 2.69.0: the first release with `Size.asString()`, which the library calls (2.68.x fails at
 *   synth with "modelCache.size must be a Size").
 * - cdk8s-plus-28 2.0.3: its first published release; the manifests are the same as with 2.5.6.
 * - constructs 10.3.0: the floor cdk8s-plus-28 itself declares (`^10.3.0`).
 * - @pulumi/pulumi 3.248.0 and @pulumi/kubernetes 4.34.2: the releases the Pulumi components are built
 *   and tested against (4.34.2 is also the newest @pulumi/kubernetes).
 */

/** One host project: the versions its package.json pins before it installs dynamo-constructs. */
export interface HostRow {
  readonly name: string;
  readonly cdk8s: string;
  readonly cdk8sPlus28: string;
  readonly constructs: string;
  /**
   * The host's Node.js release, when it is not the one running the check: @pulumi/pulumi 3.249.0 and
   * later declare `engines.node >=22`, so the newest Pulumi runs on Node.js 22 (fetched from the npm
   * registry). Node.js 20 hosts get @pulumi/pulumi 3.248.x from npm.
   * @default - the Node.js that runs the check (20, as `engines` allows)
   */
  readonly node?: string;
  /** The host's Pulumi SDK; a host without Pulumi (cdk8s only) has none. */
  readonly pulumi?: string;
  readonly pulumiKubernetes?: string;
  /**
   * The host's TypeScript. @pulumi/pulumi accepts TypeScript below 7 (`peerOptional typescript >= 3.8.3 < 7`),
   * so the Pulumi hosts use the newest 6.x and a cdk8s-only host checks the native compiler (7.x).
   */
  readonly typescript: string;
  readonly typesNode: string;
}

export const HOST_ROWS: readonly HostRow[] = [
  {
    name: 'newest',
    node: '22.23.5',
    cdk8s: '2.70.106',
    cdk8sPlus28: '2.5.6',
    constructs: '10.8.1',
    pulumi: '3.276.0',
    pulumiKubernetes: '4.34.2',
    typescript: '6.0.3',
    typesNode: '22.20.7',
  },
  {
    name: 'newest-cdk8s-only',
    cdk8s: '2.70.106',
    cdk8sPlus28: '2.5.6',
    constructs: '10.8.1',
    typescript: '7.0.2',
    typesNode: '20.19.9',
  },
  {
    name: 'lowest',
    cdk8s: '2.69.0',
    cdk8sPlus28: '2.0.3',
    constructs: '10.3.0',
    pulumi: '3.248.0',
    pulumiKubernetes: '4.34.2',
    typescript: '5.9.3',
    typesNode: '20.19.9',
  },
];

/** The package names of a row's host dependencies, in `npm install` spelling. */
export function hostDependencies(row: HostRow): string[] {
  return [
    `cdk8s@${row.cdk8s}`,
    `cdk8s-plus-28@${row.cdk8sPlus28}`,
    `constructs@${row.constructs}`,
    ...(row.pulumi ? [`@pulumi/pulumi@${row.pulumi}`] : []),
    ...(row.pulumiKubernetes ? [`@pulumi/kubernetes@${row.pulumiKubernetes}`] : []),
    `typescript@${row.typescript}`,
    `@types/node@${row.typesNode}`,
  ];
}

/** The peer dependencies whose lowest supported release is the `lowest` row's, by package name. */
export const PEER_FLOORS: Readonly<Record<string, 'cdk8s' | 'cdk8sPlus28' | 'constructs' | 'pulumi' | 'pulumiKubernetes'>> = {
  'cdk8s': 'cdk8s',
  'cdk8s-plus-28': 'cdk8sPlus28',
  'constructs': 'constructs',
  '@pulumi/pulumi': 'pulumi',
  '@pulumi/kubernetes': 'pulumiKubernetes',
};
