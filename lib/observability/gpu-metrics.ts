import { invalid } from '../core/errors';
import { checkProps, FieldsOf, stringShape } from '../core/input-shape';
import { isPrometheusLabelName } from './monitoring-support';

/** Options of {@link GpuMetrics.dcgm}. */
export interface DcgmOptions {
  /**
   * The label of the DCGM exporter's series that names the workload pod using the GPU. The
   * exporter sets `pod`; when its ServiceMonitor does not honor labels, Prometheus renames it to
   * `exported_pod` (and sets `pod` to the exporter's own pod).
   * @default 'pod'
   */
  readonly podLabel?: string;
  /**
   * The label of the DCGM exporter's series that names the workload pod's namespace; `exported_namespace`
   * when the ServiceMonitor does not honor labels.
   * @default 'namespace'
   */
  readonly namespaceLabel?: string;
}

/** What an untyped caller may pass to {@link GpuMetrics.dcgm}. */
const DCGM_FIELDS: FieldsOf<DcgmOptions> = { podLabel: stringShape(), namespaceLabel: stringShape() };

/**
 * Where the dashboard reads GPU metrics from: the NVIDIA DCGM exporter (installed by the GPU Operator),
 * or nowhere (no GPU row).
 */
export class GpuMetrics {
  /** No GPU metrics: the dashboard has no GPU row. */
  public static readonly NONE = new GpuMetrics(undefined);

  /**
   * The DCGM exporter's `DCGM_FI_*` series, attributed to the deployment's pods by the given labels.
   * The exporter attributes a GPU to a pod only with its Kubernetes pod-resources mapping on
   * (`DCGM_EXPORTER_KUBERNETES=true`, the GPU Operator's default).
   */
  public static dcgm(options: DcgmOptions = {}): GpuMetrics {
    checkProps('gpuMetrics', options, 'DcgmOptions', DCGM_FIELDS);
    const podLabel = options.podLabel ?? 'pod';
    const namespaceLabel = options.namespaceLabel ?? 'namespace';
    validateLabelName('gpuMetrics.podLabel', podLabel);
    validateLabelName('gpuMetrics.namespaceLabel', namespaceLabel);
    if (podLabel === namespaceLabel) {
      throw invalid('gpuMetrics.podLabel', 'must differ from gpuMetrics.namespaceLabel', podLabel,
        'set the label naming the pod (e.g. "pod" or "exported_pod") and the one naming its namespace (e.g. "namespace" or "exported_namespace")');
    }
    return new GpuMetrics({ podLabel, namespaceLabel });
  }

  /**
   * The DCGM labels, or undefined for no GPU metrics.
   * @internal
   */
  public readonly _dcgm: { readonly podLabel: string; readonly namespaceLabel: string } | undefined;

  private constructor(dcgm: { readonly podLabel: string; readonly namespaceLabel: string } | undefined) {
    this._dcgm = dcgm;
  }

  /** Whether the dashboard shows GPU panels. */
  public get enabled(): boolean {
    return this._dcgm !== undefined;
  }

  /** `dcgm(<namespace label>, <pod label>)` or `none`, for messages. */
  public toString(): string {
    return this._dcgm ? `dcgm(${this._dcgm.namespaceLabel}, ${this._dcgm.podLabel})` : 'none';
  }
}

function validateLabelName(prop: string, name: string): void {
  if (!isPrometheusLabelName(name)) {
    throw invalid(prop, 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__")', name,
      'use the label of the DCGM exporter series that holds it, e.g. "pod" or "exported_pod"');
  }
}
