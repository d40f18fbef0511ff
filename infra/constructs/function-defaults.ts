/**
 * What a Lambda gets when its catalogue entry does not say: the one statement of these defaults.
 *
 * Plain data, no aws-cdk-lib import: the local runtime and the benchmark can read it without
 * loading CDK, and so run each handler with the memory and timeout the deployed one has.
 */

/** Memory in MB for catalogue entries without `memoryMb`. */
export const DEFAULT_MEMORY_MB = 256;
/** Timeout in seconds for catalogue entries without `timeoutSeconds`. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
