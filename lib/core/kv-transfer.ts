import { invalid } from './errors';
import { shown } from './input-shape';
import { NixlBackend } from './nixl-backend';

/** The transfer engines a disaggregated deployment can move the KV cache with. */
export type KvTransferKind = 'nixl' | 'mooncake' | 'ucx';

/**
 * How prefill workers hand the KV cache to decode workers. Each backend accepts its own set (the
 * error lists them):
 *
 * | | vLLM | SGLang | TensorRT-LLM |
 * |---|---|---|---|
 * | `KvTransfer.nixl()` | `NixlConnector` | `--disaggregation-transfer-backend nixl` | `cache_transceiver_config.backend: NIXL` |
 * | `KvTransfer.mooncake()` | - | `--disaggregation-transfer-backend mooncake` | - |
 * | `KvTransfer.ucxTransceiver()` | - | - | `cache_transceiver_config.backend: UCX` |
 *
 * The pools' RDMA fabric decides whether the transfer runs at RDMA speed: NIXL over any fabric with
 * a NIXL plugin (UCX on InfiniBand and RoCE, LIBFABRIC on EFA), Mooncake and TensorRT-LLM's UCX
 * transceiver over InfiniBand and RoCE (verbs). NIXL and UCX otherwise fall back to TCP, which the
 * deployment must accept with `allowTcpKvTransfer`; Mooncake has no TCP fallback and needs RDMA.
 *
 * @example
 * KvTransfer.nixl()                      // the default: NIXL with the fabric's plugin
 * KvTransfer.nixl(NixlBackend.UCX)       // NIXL with an explicit plugin
 * KvTransfer.mooncake()                  // SGLang's Mooncake transfer engine
 */
export class KvTransfer {
  /**
   * NIXL, Dynamo's transfer library, on every backend.
   * @param plugin the NIXL plugin; by default the pools' fabric's (LIBFABRIC on EFA, else UCX)
   */
  public static nixl(plugin?: NixlBackend): KvTransfer {
    if (plugin !== undefined && !(plugin instanceof NixlBackend)) {
      throw invalid('kvTransfer', 'must be given a NixlBackend as its NIXL plugin', shown(plugin), 'use KvTransfer.nixl(), KvTransfer.nixl(NixlBackend.UCX) or KvTransfer.nixl(NixlBackend.LIBFABRIC)');
    }
    return plugin === undefined ? KvTransfer.#NIXL : plugin === NixlBackend.UCX ? KvTransfer.#NIXL_UCX : KvTransfer.#NIXL_LIBFABRIC;
  }

  /**
   * SGLang's Mooncake transfer engine, SGLang's own default (`--disaggregation-transfer-backend
   * mooncake`), used by Dynamo's DeepSeek-R1 SGLang recipes. RDMA over InfiniBand and RoCE only:
   * SGLang starts it over RDMA, so without such a fabric it is an error, whatever `allowTcpKvTransfer`.
   */
  public static mooncake(): KvTransfer {
    return KvTransfer.#MOONCAKE;
  }

  /**
   * TensorRT-LLM's UCX cache transceiver (`cache_transceiver_config.backend: UCX`), UCX without
   * NIXL. RDMA over InfiniBand and RoCE. (NIXL over UCX is `KvTransfer.nixl(NixlBackend.UCX)`.)
   */
  public static ucxTransceiver(): KvTransfer {
    return KvTransfer.#UCX;
  }

  // ES private (`#`), not TypeScript `private`: no error message may suggest them to an untyped caller.
  static readonly #NIXL = new KvTransfer('nixl', undefined);
  static readonly #NIXL_UCX = new KvTransfer('nixl', NixlBackend.UCX);
  static readonly #NIXL_LIBFABRIC = new KvTransfer('nixl', NixlBackend.LIBFABRIC);
  static readonly #MOONCAKE = new KvTransfer('mooncake', undefined);
  static readonly #UCX = new KvTransfer('ucx', undefined);

  private constructor(
    /** The transfer engine. */
    public readonly kind: KvTransferKind,
    /** The NIXL plugin, for `nixl`: the one asked for, or (once resolved) the fabric's. */
    public readonly nixlPlugin: NixlBackend | undefined,
  ) {}

  /** A human-readable name: `NIXL (LIBFABRIC)`, `NIXL`, `Mooncake`, `UCX transceiver`. */
  public get displayName(): string {
    if (this.kind === 'nixl') return this.nixlPlugin ? `NIXL (${this.nixlPlugin.name})` : 'NIXL';
    return this.kind === 'mooncake' ? 'Mooncake' : 'UCX transceiver';
  }

  /**
   * The NIXL plugin when an engine must be told it: a NIXL transfer whose plugin is not UCX, which
   * every engine selects by default. Undefined otherwise.
   * @internal
   */
  public get nonDefaultNixlPlugin(): NixlBackend | undefined {
    return this.kind === 'nixl' && this.nixlPlugin !== undefined && !this.nixlPlugin.isDefault ? this.nixlPlugin : undefined;
  }

  /** How it is written in code, for messages: `KvTransfer.nixl(NixlBackend.UCX)`. @internal */
  public get factory(): string {
    if (this.kind === 'nixl' && this.nixlPlugin) return `KvTransfer.nixl(NixlBackend.${this.nixlPlugin.name})`;
    return kvTransferFactory(this.kind);
  }

  /** The human-readable name, e.g. `NIXL (LIBFABRIC)`. */
  public toString(): string {
    return this.displayName;
  }
}


/** How a transfer engine is written in code, for messages: `KvTransfer.ucxTransceiver()`. @internal */
export function kvTransferFactory(kind: KvTransferKind): string {
  return `KvTransfer.${FACTORIES[kind]}()`;
}

const FACTORIES: Readonly<Record<KvTransferKind, string>> = { nixl: 'nixl', mooncake: 'mooncake', ucx: 'ucxTransceiver' };
