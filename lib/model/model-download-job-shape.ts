import type { IConstruct } from 'constructs';
import { durationShape } from '../core/duration';
import { invalid, locate } from '../core/errors';
import { checkProps, FieldShapes, instanceShape, Shape } from '../core/input-shape';
import { CONTAINER_RESOURCES, SECRET_REFS, STRING, STRING_MAP } from '../core/value-shapes';
import { HfToken } from './hf-token';

const HF_TOKEN_REFERENCE = instanceShape(HfToken, 'HfToken.fromSecret("hf-token-secret")');

/**
 * `hfToken`: an {@link HfToken}, a reference to the Secret that holds the token. A string is taken
 * for the token itself: it is refused without being shown, since the error may land in a log; so is
 * the reference `HfToken.fromSecret` made from a pasted token.
 * @internal
 */
export const HF_TOKEN: Shape = {
  expected: HF_TOKEN_REFERENCE.expected,
  check: (p, v) => {
    if (typeof v === 'string') {
      throw invalid(p, 'must be an HfToken (a reference to the Secret that holds the token), not the token', '<redacted>',
        'keep the token in a Secret and use HfToken.fromSecret("hf-token-secret")');
    }
    HF_TOKEN_REFERENCE.check(p, v);
    // A reference HfToken.fromSecret made from a pasted token: refused here, where the error learns the engine.
    if ((v as HfToken)._pastedToken) throw (v as HfToken)._pastedTokenError();
  },
};

/**
 * The shape of each `ModelDownloadJobProps` field (not typed with the interface, which lives in the
 * construct's file that calls this one; test/props-shape.test.ts checks the table against it).
 * @internal
 */
export const MODEL_DOWNLOAD_JOB_PROPS_FIELDS: FieldShapes = {
  model: STRING,
  revision: STRING,
  claimName: STRING,
  hfToken: HF_TOKEN,
  namePrefix: STRING,
  namespace: STRING,
  image: STRING,
  huggingfaceHubVersion: STRING,
  imagePullSecrets: SECRET_REFS,
  labels: STRING_MAP,
  activeDeadline: durationShape('Duration.hours(2)'),
  ttlAfterFinished: durationShape('Duration.days(7)'),
  resources: CONTAINER_RESOURCES,
};

/** Checks the props of a `ModelDownloadJob` from an untyped caller. @internal */
export function checkModelDownloadJobProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'ModelDownloadJobProps', MODEL_DOWNLOAD_JOB_PROPS_FIELDS, ['model', 'claimName']));
}
