import { tableName } from '#edge/config';
import { httpHandler, json } from '#edge/http';
import { StudioLicenceStore } from '#adapters/studio-licences';
import { yearlyFairtradeWeight } from '#domain/licences';
import { documentClient } from '#adapters/dynamo';

const store = new StudioLicenceStore(documentClient(), tableName());

/**
 * GET /studio/licences — the licences and, for a Fairtrade registered goldsmith, this calendar
 * year's sourced Fairtrade weight per metal against the Goldsmiths Registration Scheme's cap.
 */
export const handler = httpHandler({ auth: 'designer' }, async () => {
  const licences = await store.get();
  if (licences.fairtrade?.kind !== 'registered-goldsmith') return json(200, { licences });
  const year = new Date().getUTCFullYear();
  return json(200, { licences, fairtradeThisYear: yearlyFairtradeWeight(await store.fairtradeLots(year), year) });
});
