import { invalid } from '../core/errors';
import { checkArg, checkProps, FieldsOf, stringShape } from '../core/input-shape';
import { validateObjectName } from '../core/names';

/** Options for {@link CompilationCache.fromExistingClaim}. */
export interface CompilationCacheOptions {
  /**
   * Where to mount it.
   * @default - the operator's default for the backend
   */
  readonly mountPath?: string;
}

/** What an untyped caller may pass as {@link CompilationCache.fromExistingClaim}'s options. */
const OPTIONS_FIELDS: FieldsOf<CompilationCacheOptions> = { mountPath: stringShape() };

/**
 * A PersistentVolumeClaim the operator mounts on the workers as the engine's compilation cache
 * (torch.compile / CUDA graphs), so restarts skip recompiling.
 */
export class CompilationCache {
  /** An existing claim, ReadWriteMany when workers run on several nodes. */
  public static fromExistingClaim(claimName: string, options: CompilationCacheOptions = {}): CompilationCache {
    checkArg('compilationCache.claimName', claimName, stringShape(), { fix: 'pass the name of the PersistentVolumeClaim, e.g. CompilationCache.fromExistingClaim("compile-cache")' });
    checkProps('compilationCache', options, 'CompilationCacheOptions', OPTIONS_FIELDS);
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
