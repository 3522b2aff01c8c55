import { BackendDefinition } from './backend-definition';
import { SGLANG } from './sglang';
import { TRTLLM } from './trtllm';
import { VLLM } from './vllm';

/**
 * Every backend the library knows, in a stable order (the order of `Backend.all()`). Adding a
 * backend means one definition file, its tests and one entry here.
 * @internal
 */
export const BACKENDS: readonly BackendDefinition[] = [VLLM, SGLANG, TRTLLM];
