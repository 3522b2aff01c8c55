/** The stack config of a Dynamo release (`dynamoVersion`, `platform.install.version`, `platform.existing.version`). */
import { DynamoVersion } from '../../../lib';
import { fromLibrary } from './errors';
import { Read, text } from './values';

/** A Dynamo release such as `1.6.2`, as `DynamoVersion.of` takes it. */
export const dynamoVersion: Read<DynamoVersion> = (v, at) => fromLibrary({ dynamoVersion: at }, () => DynamoVersion.of(text(v, at)), DynamoVersion.LATEST.version);
