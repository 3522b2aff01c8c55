import { Construct } from 'constructs';
import { ArgoCdDeliveryOptions, ArgoCdSettings, argoCdSettings, bindArgoCd } from './delivery/argo-cd-delivery';
import type { PlatformDeliveryBinding } from './delivery/delivery-binding';
import { bindFlux, FluxDeliveryOptions, FluxSettings, fluxSettings } from './delivery/flux-delivery';
import type { PlatformRelease } from './platform-release';

/** The brand that marks a {@link PlatformDelivery}, shared by every copy of the package. */
const DELIVERY_BRAND = Symbol.for('dynamo-constructs.PlatformDelivery');

/**
 * How a cdk8s app delivers the platform's Helm charts. cdk8s cannot run Helm usefully at synth
 * (its `Helm` construct needs the helm binary, `helm template` flattens the chart's post-install
 * hooks into plain objects applied before the CRDs they need, and the charts' `lookup` checks need a
 * live cluster), so each chart becomes a
 * GitOps object that a controller in the cluster installs: `PlatformDelivery.flux()` (a Flux
 * `HelmRelease` and its source per chart, ordered with `dependsOn`) or `PlatformDelivery.argoCd()`
 * (an Argo CD `Application` per chart, ordered with sync waves).
 *
 * Write your own for another controller (Rancher Fleet, a CI job running Helmfile): a subclass
 * with an `id` and a `bind` that creates its objects for the releases under `scope` and returns
 * them by release id, with the annotations (none, say) that order a graph after the platform.
 *
 * @example
 * // LeaderWorkerSet 0.8.0 from its OCI chart (Dynamo's install guide), as an Argo CD Application
 * const delivery = PlatformDelivery.argoCd({ firstWave: -5 });
 * const binding = delivery.bind(chart, [{
 *   id: 'lws', displayName: 'LeaderWorkerSet', releaseName: 'lws', namespace: 'lws-system',
 *   source: { repository: 'oci://registry.k8s.io/lws/charts', chart: 'lws', version: '0.8.0' },
 *   values: {}, dependsOn: [], manifests: [], deviceResources: [],
 * }]);
 * // the graphs come a wave later: { 'argocd.argoproj.io/sync-wave': '-4', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' }
 * binding.graphAnnotations('nvidia.com/v1beta1', 'DynamoGraphDeployment');
 */
export abstract class PlatformDelivery {
  /**
   * Flux: a `HelmRelease` per chart, with a `HelmRepository` per https:// repository or an
   * `OCIRepository` per oci:// chart, in the Flux namespace (Flux v2.6 or newer). A release waits
   * for the releases it depends on (`dependsOn`). Flux cannot order plain objects after a
   * HelmRelease within one Kustomization, so the graphs and the releases' manifests go in
   * Kustomizations that depend on the platform's ({@link PlatformDelivery.manifestsApplySeparately}).
   */
  public static flux(options: FluxDeliveryOptions = {}): PlatformDelivery {
    return new FluxPlatformDelivery(fluxSettings(options));
  }

  /**
   * Argo CD: an `Application` per chart for an app-of-apps, ordered with sync waves; the graphs
   * the platform serves get the wave after the platform's last. The parent's Argo CD needs the
   * `argoproj.io/Application` health check for the waves to wait (see {@link ArgoCdDeliveryOptions}).
   */
  public static argoCd(options: ArgoCdDeliveryOptions = {}): PlatformDelivery {
    return new ArgoCdPlatformDelivery(argoCdSettings(options));
  }

  /** Whether `x` is a PlatformDelivery from any copy of this package (where `instanceof` fails). */
  public static isPlatformDelivery(x: unknown): x is PlatformDelivery {
    return typeof x === 'object' && x !== null && DELIVERY_BRAND in x;
  }

  /** A stable id: `flux`, `argo-cd`, or a custom delivery's. */
  public abstract readonly id: string;

  /**
   * Whether the objects of the releases' `manifests` must be applied in a later, separate step
   * than the releases' own objects, so `bind` should create them under a `manifestScope` in
   * another chart. True for Flux: a Kustomization dry-runs every object before applying any
   * (fluxcd/pkg ssa `ApplyAll`), so a custom resource whose CRD a HelmRelease of the same
   * Kustomization brings blocks the HelmRelease too, and nothing is ever applied.
   * @default false
   */
  public readonly manifestsApplySeparately: boolean = false;

  public constructor() {
    Object.defineProperty(this, DELIVERY_BRAND, { value: true });
  }

  /**
   * Creates the GitOps objects of `releases` (in dependency order) under `scope`, and the objects
   * of their `manifests` under `manifestScope`, and returns them with the annotations that order
   * the graphs after the platform.
   */
  public abstract bind(scope: Construct, releases: readonly PlatformRelease[], manifestScope?: Construct): PlatformDeliveryBinding;

  /** How the delivery was written, for messages, e.g. `PlatformDelivery.flux()`. */
  public toString(): string {
    return `PlatformDelivery(${this.id})`;
  }
}

/** `PlatformDelivery.flux()`. */
class FluxPlatformDelivery extends PlatformDelivery {
  public readonly id = 'flux';
  public override readonly manifestsApplySeparately = true;

  public constructor(private readonly settings: FluxSettings) {
    super();
  }

  public bind(scope: Construct, releases: readonly PlatformRelease[], manifestScope: Construct = scope): PlatformDeliveryBinding {
    return bindFlux(this.settings, scope, releases, manifestScope);
  }

  public override toString(): string {
    return 'PlatformDelivery.flux()';
  }
}

/** `PlatformDelivery.argoCd()`. */
class ArgoCdPlatformDelivery extends PlatformDelivery {
  public readonly id = 'argo-cd';

  public constructor(private readonly settings: ArgoCdSettings) {
    super();
  }

  public bind(scope: Construct, releases: readonly PlatformRelease[], manifestScope: Construct = scope): PlatformDeliveryBinding {
    return bindArgoCd(this.settings, scope, releases, manifestScope);
  }

  public override toString(): string {
    return 'PlatformDelivery.argoCd()';
  }
}
