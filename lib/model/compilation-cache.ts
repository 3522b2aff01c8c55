import { invalid } from '../core/errors';
import { validateObjectName } from '../core/names';

/** Options for {@link CompilationCache.fromExistingClaim}. */
export interface CompilationCacheOptions {
  /**
   * Where to mount it.
   * @default - the operator's default for the backend
   */
  readonly mountPath?: string;
}

/**
 * A PersistentVolumeClaim the operator mounts on the workers as the engine's compilation cache
 * (torch.compile / CUDA graphs), so restarts skip recompiling.
 */
export class CompilationCache {
  /** An existing claim, ReadWriteMany when workers run on several nodes. */
  public static fromExistingClaim(claimName: string, options: CompilationCacheOptions = {}): CompilationCache {
    validateObjectName('compilationCache.claimName', claimName);
    if (options.mountPath !== undefined && !options.mountPath.startsWith('/')) {
      throw invalid('compilationCache.mountPath', 'must be an absolute path', options.mountPath, 'use an absolute path or leave it to the operator');
    }
    return new CompilationCache(claimName, options.mountPath);
  }

  private constructor(
    /** The claim name. */
    public readonly claimName: string,
    /** The mount path, when not the operator's default. */
    public readonly mountPath: string | undefined,
  ) {}
}
