/**
 * The seed of the registry, functions/core/data/certified-origins.json, checked against the
 * schema. Its own module so that only the functions that seed bundle the file.
 */
import seedData from '../data/certified-origins.json' with { type: 'json' };
import { OriginSeed } from '#domain/origins';

export const loadOriginSeed = (): OriginSeed => OriginSeed.parse(seedData);
