import { Duration } from 'cdk8s';
import { durationShape } from '../core/duration';
import { invalid } from '../core/errors';
import { booleanShape, checkProps, FieldsOf } from '../core/input-shape';

/** Options of {@link Scraping.platform}. */
export interface PlatformScrapingOptions {
  /**
   * Whether the platform's worker PodMonitor also scrapes the workers' NIXL telemetry port
   * (Helm `dynamo-operator.dynamo.metrics.podMonitors.nixlTelemetry=true`). When it does, the
   * library emits no PodMonitor at all.
   * @default false - the library scrapes the `nixl` port of deployments that export NIXL telemetry
   */
  readonly nixlTelemetry?: boolean;
}

/** Options of {@link Scraping.podMonitors}. */
export interface PodMonitorScrapingOptions {
  /**
   * How often Prometheus scrapes each endpoint: whole seconds between 1 and 60 (the recording
   * rules' shortest window, 5 minutes, needs several samples).
   * @default Duration.seconds(5) - as the platform's PodMonitors
   */
  readonly interval?: Duration;
}

/** The scrape interval of the Dynamo platform's PodMonitors (reference §4.1). @internal */
export const PLATFORM_SCRAPE_INTERVAL = Duration.seconds(5);

// What an untyped caller may pass to each factory.
const PLATFORM_FIELDS: FieldsOf<PlatformScrapingOptions> = { nixlTelemetry: booleanShape() };
const POD_MONITORS_FIELDS: FieldsOf<PodMonitorScrapingOptions> = { interval: durationShape('Duration.seconds(5)') };

/**
 * Who scrapes a deployment's metrics.
 *
 * The Dynamo platform chart creates its own PodMonitors for frontends, workers and planners of every
 * deployment whenever the Prometheus Operator CRDs exist (`dynamo-frontend`, `dynamo-worker`,
 * `dynamo-planner`), so by default ({@link Scraping.platform}) the library adds only what those
 * miss: the workers' NIXL telemetry port. Scraping a pod twice duplicates every series under a
 * second `job`, and every `sum` in the dashboards and alerts doubles (request rates, queue depth)
 * while quantiles still look right, so the error goes unnoticed. Use {@link Scraping.podMonitors}
 * only where the platform's PodMonitors are off (`dynamo-operator.dynamo.metrics.podMonitors.enabled=false`).
 */
export class Scraping {
  /**
   * The platform's PodMonitors scrape the frontend, workers and planner; the library emits a
   * PodMonitor only for the workers' `nixl` port (19090), when the deployment exports NIXL
   * telemetry and the platform does not scrape it.
   */
  public static platform(options: PlatformScrapingOptions = {}): Scraping {
    checkProps('scraping', options, 'PlatformScrapingOptions', PLATFORM_FIELDS);
    return new Scraping(false, options.nixlTelemetry ?? false, PLATFORM_SCRAPE_INTERVAL);
  }

  /**
   * The library emits every PodMonitor of the deployment (frontend, workers, NIXL telemetry,
   * planner), for clusters where the platform's are disabled (`podMonitors.enabled=false`).
   */
  public static podMonitors(options: PodMonitorScrapingOptions = {}): Scraping {
    checkProps('scraping', options, 'PodMonitorScrapingOptions', POD_MONITORS_FIELDS);
    const interval = options.interval ?? PLATFORM_SCRAPE_INTERVAL;
    const seconds = interval.toSeconds({ integral: false });
    if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60)) {
      throw invalid('scraping.interval', 'must be a whole number of seconds between 1 and 60', `${seconds}s`,
        'use Duration.seconds(5) as the platform does, or up to Duration.seconds(60); longer intervals leave the 5-minute rate windows with too few samples');
    }
    return new Scraping(true, false, interval);
  }

  private constructor(
    /** Whether the library emits the frontend, worker and planner PodMonitors. */
    public readonly scrapesComponents: boolean,
    /** Whether the platform's PodMonitors already scrape the workers' `nixl` port. */
    public readonly platformScrapesNixl: boolean,
    /** The scrape interval of the PodMonitors the library emits. */
    public readonly interval: Duration,
  ) {}
}
