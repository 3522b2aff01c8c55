import { Construct } from 'constructs';

/**
 * Runs a step that adds objects to the pattern; when it throws, the pattern leaves its scope first,
 * so a caller that catches the error and synthesizes the chart anyway writes none of the graph's
 * objects (a half-built graph: node pools without a DGD, a DGD without its pools).
 * @internal
 */
export function withdrawnOnError<T>(pattern: Construct, build: () => T): T {
  try {
    return build();
  } catch (e) {
    pattern.node.scope?.node.tryRemoveChild(pattern.node.id);
    throw e;
  }
}
