import { PLANNER_RESOURCES } from '../../lib/autoscaling/planner';
import { FRONTEND_RESOURCES } from '../../lib/patterns/graph/resource-defaults';
import { CompareContext, Delta, pathMatches, valueAt } from './compare';
import { OPERATOR_DEFAULTS } from './engine-facts';
import { ComponentFacts, GraphFacts } from './facts';

/**
 * Deliberate differences between the library's output and Dynamo's upstream manifests. A case lists
 * the ids that apply to it; the comparison subtracts every delta a listed difference covers, and
 * nothing else. Each entry says which facts it covers, why the library differs, and where the reason
 * comes from.
 */
export interface Difference {
  readonly id: string;
  /** The facts it covers, in the pattern syntax of `pathMatches` plus the condition. */
  readonly fields: string;
  readonly reason: string;
  readonly source: string;
  /** Whether a delta is this difference. */
  covers(d: Delta, c: CompareContext): boolean;
}

const WORKERS = 'aggregated|prefill|decode';

function component(g: GraphFacts, role: string): ComponentFacts | undefined {
  return g.components.find((c) => c.role === role);
}

/** `secretKeyRef <secret>/HF_TOKEN` on the library side. */
function hfTokenSecret(v: unknown): string | undefined {
  const m = typeof v === 'string' ? /^secretKeyRef (.+)\/HF_TOKEN$/.exec(v) : null;
  return m?.[1];
}

export const DIFFERENCES: readonly Difference[] = [
  {
    id: 'hf-token-secret-key-ref',
    fields: '<role> envFrom secret/<s> (upstream only) and <role> env HF_TOKEN = secretKeyRef <s>/HF_TOKEN (library only), on a component where upstream takes the Secret whole',
    reason: 'upstream `envFrom: secretRef` exposes every key of the Secret and starts anonymously when the key is missing; '
      + 'the library sets only HF_TOKEN through a secretKeyRef, so a Secret without the key stops the pod instead of downloading anonymously',
    source: 'lib/model/hf-token.ts; Kubernetes EnvFromSource vs EnvVarSource.secretKeyRef semantics',
    covers(d, c) {
      const role = d.path[0];
      if (pathMatches(d.path, '* envFrom *') && d.upstream === true && d.library === undefined) {
        const secret = d.path[2].replace(/^secret\//, '');
        return hfTokenSecret(valueAt(c.library, [role, 'env', 'HF_TOKEN'])) === secret;
      }
      if (pathMatches(d.path, '* env HF_TOKEN') && d.upstream === undefined) {
        const secret = hfTokenSecret(d.library);
        return secret !== undefined && valueAt(c.upstream, [role, 'envFrom', `secret/${secret}`]) === true;
      }
      return false;
    },
  },
  {
    id: 'worker-resource-requests',
    fields: `${WORKERS} resources requests ephemeral-storage = 2Gi (library only); ${WORKERS} resources requests <extended resource> (library only, equal to the limit both sides set)`,
    reason: 'the library requests 2Gi of ephemeral storage on every worker (Dynamo\'s examples do on some), and writes each extended resource\'s request '
      + '(GPUs, EFA devices) next to its limit; Kubernetes defaults the request of an extended resource to its limit, so scheduling is the same',
    source: 'examples/backends/*/deploy/agg.yaml (ai-dynamo/dynamo) request ephemeral-storage 2Gi; Kubernetes docs, "Extended resources": requests default to limits',
    covers(d, c) {
      if (d.upstream !== undefined) return false;
      if (pathMatches(d.path, `${WORKERS} resources requests ephemeral-storage`)) return d.library === '2Gi';
      if (pathMatches(d.path, `${WORKERS} resources requests *`) && d.path[3].includes('/')) {
        return d.library === valueAt(c.library, [d.path[0], 'resources', 'limits', d.path[3]])
          && valueAt(c.upstream, [d.path[0], 'resources', 'limits', d.path[3]]) === d.library;
      }
      return false;
    },
  },
  {
    id: 'safe-default-resources',
    fields: `frontend|planner resources requests cpu|memory and limits memory (library only, equal to the library's defaults); `
      + `${WORKERS} resources requests cpu|memory (library only)`,
    reason: 'the library requests CPU and memory for every container it runs (the kube-linter / Polaris safe defaults), where most upstream examples '
      + 'request none: the frontend 1 CPU and 2Gi (16Gi limit), the planner 512m and 1Gi (4Gi limit), each worker its share of the machine or 2 CPU and 8Gi; '
      + 'a value the user sets is compared as usual',
    source: 'lib/patterns/graph/resource-defaults.ts, lib/patterns/graph/worker-resources.ts, lib/autoscaling/planner.ts (each cites its upstream source)',
    covers(d) {
      if (d.upstream !== undefined) return false;
      const defaults = d.path[0] === 'frontend' ? FRONTEND_RESOURCES : d.path[0] === 'planner' ? PLANNER_RESOURCES : undefined;
      if (defaults) {
        if (pathMatches(d.path, '* resources requests cpu')) return d.library === defaults.cpu?.request?.amount;
        if (pathMatches(d.path, '* resources requests memory')) return d.library === defaults.memory?.request?.asString();
        return pathMatches(d.path, '* resources limits memory') && d.library === defaults.memory?.limit?.asString();
      }
      return pathMatches(d.path, `${WORKERS} resources requests cpu|memory`) && d.library !== undefined;
    },
  },
  {
    id: 'backend-shared-memory',
    fields: `${WORKERS} sharedMemory: upstream unset (the operator's 8Gi), library the backend's size (16Gi vLLM and SGLang, 80Gi TensorRT-LLM)`,
    reason: 'the library sizes /dev/shm from the backend instead of relying on the operator\'s 8Gi default (NCCL and the engines\' IPC use it)',
    source: 'lib/backends/{vllm,sglang,trtllm}.ts defaultSharedMemory; deploy/operator/internal/consts/consts.go DefaultSharedMemorySize (ai-dynamo/dynamo)',
    covers(d, c) {
      if (!pathMatches(d.path, `${WORKERS} sharedMemory`) || d.upstream !== OPERATOR_DEFAULTS.sharedMemory.value) return false;
      const upstreamUnset = component(c.upstreamFacts, d.path[0])?.sharedMemory === null;
      const launcher = component(c.libraryFacts, d.path[0])?.launcher[2];
      const backendSize = launcher === 'dynamo.trtllm' ? '80Gi' : '16Gi';
      return upstreamUnset && d.library === backendSize;
    },
  },
  {
    id: 'frontend-router-flags',
    fields: 'frontend flags --http-port = 8000, frontend flags --router-mode, frontend env DYN_ROUTER_MODE, while frontend routerMode and frontend httpPort (the effective values) are equal',
    reason: 'the library passes `--http-port 8000 --router-mode <mode>` to `python3 -m dynamo.frontend`; upstream sets DYN_ROUTER_MODE or relies on the defaults; '
      + 'the effective router mode and port are compared instead of the spelling',
    source: 'components/src/dynamo/frontend/frontend_args.py and common/configuration/groups/router_args.py (ai-dynamo/dynamo): --router-mode reads DYN_ROUTER_MODE, --http-port DYN_HTTP_PORT',
    covers(d, c) {
      const same = (field: string) => valueAt(c.upstream, ['frontend', field]) === valueAt(c.library, ['frontend', field]);
      if (!same('routerMode') || !same('httpPort')) return false;
      if (pathMatches(d.path, 'frontend flags --http-port')) return (d.upstream ?? '8000') === '8000' && (d.library ?? '8000') === '8000';
      return pathMatches(d.path, 'frontend flags --router-mode') || pathMatches(d.path, 'frontend env DYN_ROUTER_MODE');
    },
  },
  {
    id: 'runtime-version-override',
    fields: '<role> runtimeVersionOverride (library only), where the image tag is not the Dynamo release (upstream\'s `my-tag` placeholders)',
    reason: 'the library pins the Dynamo version of a component whose image tag is not a release version; '
      + 'Dynamo\'s admission rejects a non-semver image tag without runtimeVersionOverride',
    source: 'lib/patterns/graph/component-inputs.ts; ai-dynamo/dynamo PR #10494 (non-semver image tags need runtimeVersionOverride at admission)',
    covers(d) {
      return pathMatches(d.path, '* runtimeVersionOverride') && d.upstream === undefined && d.library !== undefined;
    },
  },
  {
    id: 'trtllm-engine-config-configmap',
    fields: `${WORKERS} engineConfigSource (the engine config's volume is its source, not a compared volume); `
      + `${WORKERS} engine cache_transceiver_config backend: upstream DEFAULT, library NIXL`,
    reason: 'the library writes the TensorRT-LLM engine config into a generated ConfigMap mounted at /opt/dynamo/engine-config instead of a file baked into the image; '
      + 'it names the NIXL cache transceiver instead of DEFAULT, whose meaning depends on the TensorRT-LLM version and env (UCX before TensorRT-LLM 1.3.0rc22), '
      + 'so that a transfer never silently falls back to TCP',
    source: 'lib/patterns/graph/worker-step.ts ENGINE_CONFIG_DIR; lib/backends/trtllm.ts; NVIDIA/TensorRT-LLM CacheTransceiverConfig backend DEFAULT',
    covers(d) {
      if (pathMatches(d.path, `${WORKERS} engineConfigSource`)) return true;
      return pathMatches(d.path, `${WORKERS} engine cache_transceiver_config backend`) && d.upstream === 'DEFAULT' && d.library === 'NIXL';
    },
  },
  {
    id: 'component-names',
    fields: '<role> name',
    reason: 'components are matched by role; the library names them after Dynamo\'s most common example names (e.g. SGLang\'s aggregated `worker`, where upstream\'s example says `decode`); componentName sets any name',
    source: 'lib/backends/*.ts componentNames; lib/patterns/llm-props.ts componentName',
    covers(d) {
      return pathMatches(d.path, '* name');
    },
  },
  {
    id: 'vllm-engine-id',
    fields: 'prefill|decode flags --kv-transfer-config engine_id: present on both sides, distinct per pool on the library side; the value differs',
    reason: 'upstream writes a literal engine id (`<dgd>-<pool>-engine-0abc123`); the library derives `<dgd>-<component>`; what matters is that each multi-node pool has one, distinct from the other pool\'s',
    source: 'examples/backends/vllm/deploy/disagg-multinode.yaml (ai-dynamo/dynamo); lib/backends/vllm.ts',
    covers(d, c) {
      if (!pathMatches(d.path, 'prefill|decode flags --kv-transfer-config engine_id') || d.upstream === undefined || d.library === undefined) return false;
      const other = d.path[0] === 'prefill' ? 'decode' : 'prefill';
      const otherId = valueAt(c.library, [other, 'flags', '--kv-transfer-config', 'engine_id']);
      return otherId === undefined || otherId !== d.library;
    },
  },
  {
    id: 'sglang-skip-tokenizer-init',
    fields: `${WORKERS} flags --skip-tokenizer-init (library only, SGLang)`,
    reason: 'the Dynamo frontend tokenizes, so the library always passes --skip-tokenizer-init to SGLang workers, as Dynamo\'s deploy examples do; the DeepSeek-R1 recipe does not',
    source: 'examples/backends/sglang/deploy/*.yaml (ai-dynamo/dynamo); lib/backends/sglang.ts',
    covers(d, c) {
      return pathMatches(d.path, `${WORKERS} flags --skip-tokenizer-init`) && d.upstream === undefined && d.library === true
        && component(c.libraryFacts, d.path[0])?.launcher[2] === 'dynamo.sglang';
    },
  },
  {
    id: 'sglang-explicit-mooncake',
    fields: 'prefill|decode flags --disaggregation-transfer-backend: upstream unset (SGLang\'s default), library mooncake',
    reason: 'the library always names the transfer backend; SGLang\'s default is mooncake, which the recipe relies on',
    source: 'sgl-project/sglang python/sglang/srt/server_args.py disaggregation_transfer_backend = "mooncake"',
    covers(d) {
      return pathMatches(d.path, 'prefill|decode flags --disaggregation-transfer-backend') && d.upstream === undefined && d.library === 'mooncake';
    },
  },
  {
    id: 'rdma-wiring',
    fields: 'prefill|decode resources requests|limits <RDMA device resource> and env UCX_* | NIXL_* | DYN_KVBM_NIXL_BACKEND_* (library only), on pools wired for a declared fabric',
    reason: 'where upstream leaves RDMA to the cluster, the library requests the fabric\'s device-plugin resource on the KV pools and sets the fabric\'s UCX and NIXL '
      + 'settings (transport list, GPUDirect RDMA, timeouts, NIXL telemetry, and on EFA the KVBM NIXL backend); what a pod does not use (the UCX and NIXL '
      + 'settings under Mooncake, KVBM\'s without KVBM) is ignored',
    source: 'lib/cloud/rdma-wiring.ts; Dynamo docs, disaggregated multinode prerequisites (an RDMA device plugin exposing rdma/ib)',
    covers(d) {
      if (d.upstream !== undefined || !['prefill', 'decode'].includes(d.path[0])) return false;
      if (d.path[1] === 'env') return /^(UCX_|NIXL_|DYN_KVBM_NIXL_BACKEND_)/.test(d.path[2]);
      return d.path[1] === 'resources' && /^rdma\//.test(d.path[3] ?? '');
    },
  },
  {
    id: 'frontend-hf-token',
    fields: 'frontend env HF_TOKEN (library only, where upstream gives the frontend no token)',
    reason: 'the frontend fetches the tokenizer and model config from the Hub, so a gated model needs the token there too; '
      + 'upstream is inconsistent (vllm/agg gives its frontend the Secret, the other examples do not)',
    source: 'examples/backends/vllm/deploy/agg.yaml vs disagg.yaml (ai-dynamo/dynamo); lib/model/hf-token.ts',
    covers(d, c) {
      return pathMatches(d.path, 'frontend env HF_TOKEN') && d.upstream === undefined
        && ![...c.upstream.values()].some((e) => e.path[0] === 'frontend' && e.path[1] === 'envFrom');
    },
  },
  {
    id: 'sglang-page-size-16',
    fields: `${WORKERS} flags --page-size = 16 (library only)`,
    reason: 'the library passes Dynamo\'s examples\' --page-size 16 to every SGLang pool (kvBlockSize), since the worker registers the page size as the KV router\'s block size '
      + 'and SGLang\'s own default (1) makes the router hash every token; the multi-node example and the DeepSeek-R1 recipe pass none '
      + '(attention backends that need another page size, e.g. FlashMLA\'s 64, override it in SGLang)',
    source: 'examples/backends/sglang/deploy/{agg,disagg}.yaml; components/src/dynamo/sglang/register.py kv_event_block_size (ai-dynamo/dynamo)',
    covers(d) {
      return pathMatches(d.path, `${WORKERS} flags --page-size`) && d.upstream === undefined && d.library === '16';
    },
  },
  {
    id: 'multinode-env-on-workers-only',
    fields: 'frontend env GLOO_SOCKET_IFNAME | OMPI_ALLOW_RUN_AS_ROOT | OMPI_ALLOW_RUN_AS_ROOT_CONFIRM (upstream only)',
    reason: 'upstream sets them in the graph env, so the frontend gets them too; the library sets them only on the multi-node workers that run gloo or mpirun',
    source: 'examples/backends/{sglang,trtllm}/deploy/disagg-multinode.yaml (ai-dynamo/dynamo)',
    covers(d) {
      return pathMatches(d.path, 'frontend env GLOO_SOCKET_IFNAME|OMPI_ALLOW_RUN_AS_ROOT|OMPI_ALLOW_RUN_AS_ROOT_CONFIRM') && d.library === undefined;
    },
  },
  {
    id: 'upstream-recipe-decode-mode',
    fields: 'decode flags --disaggregation-mode = decode (library only)',
    reason: 'upstream inconsistency: the llama-3-70b recipe\'s decode worker passes no --disaggregation-mode, so dynamo.vllm would run it in its default aggregated mode; '
      + 'the examples and the library pass decode',
    source: 'recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml vs examples/backends/vllm/deploy/disagg.yaml (ai-dynamo/dynamo)',
    covers(d) {
      return pathMatches(d.path, 'decode flags --disaggregation-mode') && d.upstream === undefined && d.library === 'decode';
    },
  },
  {
    id: 'planner-owns-replicas',
    fields: 'prefill|decode replicas (upstream a number, library unset) and prefill|decode scalingAdapter (library only)',
    reason: 'with a planner the pools get a DynamoGraphDeploymentScalingAdapter that owns their replicas, so the manifest sets none '
      + '(a count in the manifest would be reset by the planner and fought by every apply); the planner starts from one worker per pool '
      + 'and scales through the adapter instead of patching the graph',
    source: 'components/src/dynamo/planner/connectors/clients/kubernetes_api.py (ai-dynamo/dynamo); lib/patterns/graph/replica-ownership.ts',
    covers(d) {
      return (pathMatches(d.path, 'prefill|decode replicas') && d.library === null && typeof d.upstream === 'number')
        || (pathMatches(d.path, 'prefill|decode scalingAdapter') && d.upstream === undefined && d.library === true);
    },
  },
  {
    id: 'planner-no-hf-token',
    fields: 'planner envFrom * (upstream only)',
    reason: 'the planner loads no weights, so the library gives it no token (upstream gives it the whole Secret)',
    source: 'examples/backends/sglang/deploy/disagg_planner.yaml (ai-dynamo/dynamo); lib/patterns/graph/planner-step.ts',
    covers(d) {
      return pathMatches(d.path, 'planner envFrom *') && d.upstream === true && d.library === undefined;
    },
  },
  {
    id: 'planner-sweeping-default',
    fields: 'planner flags --config pre_deployment_sweeping_mode (upstream "none", library unset)',
    reason: 'the library keeps the planner\'s own default ("rapid": AI Configurator estimates when available, else live regression, with a warning); '
      + 'upstream\'s examples turn the bootstrap off; both converge on the live model',
    source: 'components/src/dynamo/planner/config/planner_config.py PlannerConfig.pre_deployment_sweeping_mode (ai-dynamo/dynamo)',
    covers(d) {
      return pathMatches(d.path, 'planner flags --config pre_deployment_sweeping_mode') && d.upstream === 'none' && d.library === undefined;
    },
  },
  {
    id: 'model-cache-on-frontend',
    fields: 'frontend env HF_HOME and frontend volumes * (library only)',
    reason: 'the library mounts the model cache (and HF_HOME) on every component, the frontend too, which reads the tokenizer and config from it '
      + 'instead of the Hub, as upstream\'s llama-3-70b and DeepSeek-R1 recipes do; the nemotron recipe mounts it on the workers only',
    source: 'recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml, recipes/nemotron-3-super-fp8/trtllm/disagg/deploy.yaml (ai-dynamo/dynamo)',
    covers(d) {
      return (pathMatches(d.path, 'frontend env HF_HOME') || pathMatches(d.path, 'frontend volumes *')) && d.upstream === undefined;
    },
  },
  {
    id: 'upstream-router-without-worker-events',
    fields: 'aggregated|prefill flags --kv-events-config (library only) where upstream runs the KV router with events but its workers publish none',
    reason: 'upstream inconsistency: the frontend routes with KV events (--router-mode kv) but the workers pass no --kv-events-config, and dynamo.vllm '
      + 'creates none itself, so the router never receives an event; the library publishes them from the aggregated and prefill workers, as RouterMode.KV '
      + 'does everywhere (RouterMode.KV_APPROXIMATE routes without events)',
    source: 'recipes/gpt-oss-120b/vllm/disagg-h200-agentic/deploy.yaml; components/src/dynamo/vllm/args.py create_kv_events_config (ai-dynamo/dynamo)',
    covers(d, c) {
      // Only where the upstream worker has no events config at all, and only for dynamo.vllm (which creates none itself).
      return pathMatches(d.path, 'aggregated|prefill flags --kv-events-config *') && d.upstream === undefined
        && ![...c.upstream.values()].some((e) => e.path[0] === d.path[0] && e.path[1] === 'flags' && e.path[2] === '--kv-events-config')
        && component(c.libraryFacts, d.path[0])?.launcher.includes('dynamo.vllm') === true
        && valueAt(c.upstream, ['frontend', 'routerMode']) === 'kv' && valueAt(c.upstream, ['frontend', 'flags', '--router-kv-events']) === undefined;
    },
  },
  {
    id: 'upstream-shm-emptydir',
    fields: `${WORKERS} sharedMemory: upstream the operator's 8Gi (its own /dev/shm emptyDir is replaced), library the recipe's intended size`,
    reason: 'upstream inconsistency: the recipes size /dev/shm with their own emptyDir at /dev/shm and leave sharedMemory unset, but the operator replaces any '
      + 'main-container mount at /dev/shm with its own of the sharedMemory size (8Gi when unset), so upstream runs with 8Gi; the library states the size '
      + 'with sharedMemorySize',
    source: 'deploy/operator/internal/dynamo/shared_memory.go (ai-dynamo/dynamo)',
    covers(d, c) {
      // The library must state exactly the size the recipe's own emptyDir asked for.
      const u = component(c.upstreamFacts, d.path[0]);
      return pathMatches(d.path, `${WORKERS} sharedMemory`) && d.upstream === OPERATOR_DEFAULTS.sharedMemory.value && u?.sharedMemory === null
        && u.volumes['/dev/shm'] === `emptyDir/${String(d.library)}`;
    },
  },
  {
    id: 'hf-home-on-cache',
    fields: 'prefill|decode env HF_HOME (library only) where upstream mounts the same claim at the same path and serves a local path',
    reason: 'the library sets HF_HOME on the model cache for every component; a recipe that serves a local path from the same claim sets none, '
      + 'which changes only where Hugging Face would cache (nothing here)',
    source: 'recipes/deepseek-r1/vllm/disagg/deploy_hopper_16gpu.yaml (ai-dynamo/dynamo); lib/model/model-cache.ts',
    covers(d, c) {
      return pathMatches(d.path, 'prefill|decode env HF_HOME') && d.upstream === undefined && typeof d.library === 'string'
        && valueAt(c.upstream, [d.path[0], 'volumes', d.library]) !== undefined;
    },
  },
  {
    id: 'sglang-multinode-gloo',
    fields: `${WORKERS} env GLOO_SOCKET_IFNAME = eth0 (library only), on multi-node SGLang pools`,
    reason: 'the library pins gloo to the pod interface on every multi-node SGLang pool, as Dynamo\'s SGLang disagg-multinode example does; '
      + 'a recipe that leaves it unset lets gloo pick (eth0 either way in a pod)',
    source: 'examples/backends/sglang/deploy/disagg-multinode.yaml (ai-dynamo/dynamo); lib/backends/sglang.ts',
    covers(d, c) {
      const lib = component(c.libraryFacts, d.path[0]);
      return pathMatches(d.path, `${WORKERS} env GLOO_SOCKET_IFNAME`) && d.upstream === undefined && d.library === 'eth0'
        && (lib?.nodeCount ?? 1) > 1 && lib?.launcher.includes('dynamo.sglang') === true;
    },
  },
  {
    id: 'trtllm-multinode-ompi',
    fields: `${WORKERS} env OMPI_ALLOW_RUN_AS_ROOT | OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = 1 (library only), on multi-node TensorRT-LLM pools`,
    reason: 'the library lets mpirun run as root on multi-node TensorRT-LLM pools, as Dynamo\'s disagg-multinode example does; a recipe that leaves it '
      + 'to the operator\'s mpirun line (--allow-run-as-root) behaves the same',
    source: 'examples/backends/trtllm/deploy/disagg-multinode.yaml; deploy/operator/internal/dynamo/backend_trtllm.go (ai-dynamo/dynamo)',
    covers(d, c) {
      const lib = component(c.libraryFacts, d.path[0]);
      return pathMatches(d.path, `${WORKERS} env OMPI_ALLOW_RUN_AS_ROOT|OMPI_ALLOW_RUN_AS_ROOT_CONFIRM`) && d.upstream === undefined
        && d.library === '1' && (lib?.nodeCount ?? 1) > 1 && lib?.launcher.includes('dynamo.trtllm') === true;
    },
  },
  {
    id: 'upstream-legacy-main-type',
    fields: 'prefill|decode type: upstream "main", library the role',
    reason: 'upstream inconsistency: the recipe declares its prefill and decode workers as v1alpha1 componentType "main" without subComponentType, which the '
      + 'operator does not treat as a worker and v1beta1\'s type enum rejects; the library writes prefill and decode',
    source: 'recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml; deploy/operator/internal/dynamo (IsWorkerComponent) (ai-dynamo/dynamo)',
    covers(d) {
      return pathMatches(d.path, 'prefill|decode type') && d.upstream === 'main' && d.library === d.path[0];
    },
  },
  {
    id: 'upstream-frontend-block-size',
    fields: 'frontend flags --kv-cache-block-size (upstream only), where no worker states a block size on either side',
    reason: 'upstream inconsistency, harmless: the frontend passes a block size its TensorRT-LLM workers do not use (they run and register their default 32); '
      + 'the KV router takes the block size each worker registers, so the flag changes nothing; the library writes the frontend\'s block size only from '
      + 'the pools\' common kvBlockSize, which sets the workers\' too',
    source: 'examples/backends/trtllm/deploy/disagg_planner.yaml; lib/llm/src/discovery/watcher.rs card.kv_cache_block_size; components/src/dynamo/trtllm/backend_args.py --kv-block-size (ai-dynamo/dynamo)',
    covers(d, c) {
      const workerBlockSize = [...c.upstream.values(), ...c.library.values()].some((e) => ['prefill', 'decode', 'aggregated'].includes(e.path[0])
        && ((e.path[1] === 'flags' && e.path[2] === '--kv-block-size') || (e.path[1] === 'engine' && e.path[3] === 'tokens_per_block')));
      return pathMatches(d.path, 'frontend flags --kv-cache-block-size') && d.upstream !== undefined && d.library === undefined
        && d.upstream !== '32' && !workerBlockSize && valueAt(c.upstream, ['frontend', 'routerMode']) === 'kv';
    },
  },
];

/** A difference by id; throws for an unknown id. */
export function difference(id: string): Difference {
  const d = DIFFERENCES.find((x) => x.id === id);
  if (!d) throw new Error(`unknown difference ${id}`);
  return d;
}
