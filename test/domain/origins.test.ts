/**
 * The registry's rules without I/O: a certification's status on a day, the sourcing check, the
 * offer, the reminders, designers' edits and verifications, seed updates, and the seed file itself.
 * Every rule takes `today`: the fixtures carry their own (past) dates, so no run date changes an answer.
 */
import { describe, expect, it } from 'vitest';
import { loadOriginSeed } from '#adapters/origin-seed';
import { offerFrom } from '#domain/offer';
import {
  addYears,
  certificationNotices,
  certificationStatus,
  checkSourcingOrigin,
  editOrigin,
  newOriginRecord,
  NewOrigin,
  originIdOf,
  recordVerification,
  reseeded,
  type Certification,
  type Origin,
} from '#domain/origins';

const verification = { certificateReference: 'FLO-1234', checkedOn: '2021-03-10', checkedBy: 'rosa@studio.test', validUntil: '2021-12-31' };

function origin(overrides: Partial<Origin> = {}, certification: Partial<Certification> = {}): Origin {
  return {
    id: 'mina-ejemplo-peru',
    name: 'Mina Ejemplo',
    country: 'Peru',
    source: 'test',
    certifications: [
      { scheme: 'fairtrade', metals: ['gold'], certifier: 'FLOCERT', firstCertified: '2011-05', source: 'test', verification, ...certification },
    ],
    addedBy: 'seed',
    addedAt: '2020-01-01T00:00:00.000Z',
    seedVersion: 2,
    version: 1,
    ...overrides,
  };
}
const status = (o: Origin, today: string) => certificationStatus(o, o.certifications[0]!, today).status;

describe('the status of a certification on a day', () => {
  it('is verified from the day it was checked through the certificate’s last day', () => {
    expect(status(origin(), '2021-03-10')).toBe('verified');
    expect(status(origin(), '2021-12-31')).toBe('verified');
    expect(certificationStatus(origin(), origin().certifications[0]!, '2022-01-01')).toEqual({
      status: 'unverified',
      reason: 'Certificate FLO-1234 was valid until 2021-12-31',
    });
  });

  it('is unverified once the check is 12 months old, whatever the certificate says', () => {
    const longCertificate = origin({}, { verification: { ...verification, validUntil: '2023-12-31' } });
    expect(status(longCertificate, '2022-03-09')).toBe('verified');
    expect(certificationStatus(longCertificate, longCertificate.certifications[0]!, '2022-03-10')).toMatchObject({
      status: 'unverified',
      reason: expect.stringMatching(/Last checked on 2021-03-10, 12 months ago or more/),
    });
  });

  it('is unverified when never checked, or checked after the day asked about', () => {
    expect(certificationStatus(origin({}, { verification: null }), origin({}, { verification: null }).certifications[0]!, '2021-06-01')).toEqual({
      status: 'unverified',
      reason: 'Never verified against a current certificate',
    });
    expect(status(origin(), '2021-03-09')).toBe('unverified');
  });

  it('is lapsed when the certifier ended it, even with a verification typed in', () => {
    const ended = origin({}, { ended: { on: '2020-03-31', source: 'fairmined.org' } });
    expect(certificationStatus(ended, ended.certifications[0]!, '2021-06-01')).toEqual({
      status: 'lapsed',
      reason: 'The certifier ended it on 2020-03-31 (fairmined.org)',
    });
  });

  it('is retired when the origin is, before anything else', () => {
    const retired = origin({ retired: { on: '2021-04-01T10:00:00.000Z', by: 'rosa@studio.test', note: 'Closed' } }, { ended: { on: '2020', source: 'x' } });
    expect(certificationStatus(retired, retired.certifications[0]!, '2021-06-01')).toEqual({ status: 'retired', reason: 'The origin was retired on 2021-04-01: Closed' });
  });

  it('counts 12 months by the calendar, 29 February included', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2021-03-10', 1)).toBe('2022-03-10');
  });
});

describe('checking a sourcing against the registry', () => {
  const today = '2021-06-01';

  it('accepts an origin verified today for the scheme and metal, found by id or by name and country in any spelling', () => {
    expect(checkSourcingOrigin([origin()], { id: 'mina-ejemplo-peru' }, 'fairtrade', 'gold', today)).toMatchObject({ ok: true, origin: { name: 'Mina Ejemplo' } });
    expect(checkSourcingOrigin([origin()], { name: ' MINA éjemplo', country: 'perú' }, 'fairtrade', 'gold', today)).toMatchObject({ ok: true });
  });

  it('refuses an unknown origin, the wrong country, a scheme or metal not held, and an unverified one: origin_not_verified', () => {
    const cases: [Parameters<typeof checkSourcingOrigin>, RegExp][] = [
      [[[origin()], { id: 'unknown' }, 'fairtrade', 'gold', today], /"unknown" is not in the registry/],
      [[[origin()], { name: 'Mina Ejemplo', country: 'Bolivia' }, 'fairtrade', 'gold', today], /not in the registry/],
      [[[origin()], { id: 'mina-ejemplo-peru' }, 'fairmined', 'gold', today], /not certified for Fairmined gold \(it holds: Fairtrade gold\)/],
      [[[origin()], { id: 'mina-ejemplo-peru' }, 'fairtrade', 'silver', today], /not certified for Fairtrade silver/],
      [[[origin()], { id: 'mina-ejemplo-peru' }, 'fairtrade', 'gold', '2022-01-01'], /not verified today: Certificate FLO-1234 was valid until 2021-12-31/],
      [[[origin({}, { verification: null })], { id: 'mina-ejemplo-peru' }, 'fairtrade', 'gold', today], /Never verified/],
      [[[origin({ retired: { on: '2021-04-01', by: 'x', note: 'n' } })], { id: 'mina-ejemplo-peru' }, 'fairtrade', 'gold', today], /retired/],
    ];
    for (const [args, message] of cases) {
      expect(checkSourcingOrigin(...args), String(message)).toEqual({ ok: false, code: 'origin_not_verified', message: expect.stringMatching(message) });
    }
  });

  it('refuses a certification the certifier ended as certification_lapsed, though verified', () => {
    const ended = origin({}, { ended: { on: '2020-03-31', source: 'fairmined.org' } });
    expect(checkSourcingOrigin([ended], { id: ended.id }, 'fairtrade', 'gold', today)).toMatchObject({ ok: false, code: 'certification_lapsed' });
  });
});

describe('the offer', () => {
  const today = '2021-06-01';

  it('lists each certified pair some origin holds (verified or not) and recycled / customer-own in those metals only', () => {
    const offer = offerFrom([origin({}, { verification: null, metals: ['gold', 'silver'] })], today);
    expect(offer.items).toEqual([
      { scheme: 'fairtrade', metal: 'gold', finenesses: ['9ct', '14ct', '18ct', '22ct'] },
      { scheme: 'fairtrade', metal: 'silver', finenesses: ['925'] },
      { scheme: 'recycled', metal: 'gold', finenesses: ['9ct', '14ct', '18ct', '22ct'] },
      { scheme: 'recycled', metal: 'silver', finenesses: ['925'] },
      { scheme: 'customer-own', metal: 'gold', finenesses: ['9ct', '14ct', '18ct', '22ct'] },
      { scheme: 'customer-own', metal: 'silver', finenesses: ['925'] },
    ]);
  });

  it('leaves out lapsed and retired certifications', () => {
    const ended = origin({}, { metals: ['platinum'], ended: { on: '2013', source: 'x' } });
    const retired = origin({ id: 'r', retired: { on: '2021-01-01', by: 'x', note: 'n' } }, { metals: ['platinum'] });
    expect(offerFrom([ended, retired], today).items).toEqual([]);
  });

  it('holds no platinum with the seed: no seeded origin is certified for it', () => {
    const seeded = loadOriginSeed().origins.map((o) => newOriginRecord(o, 'seed', '2021-01-01T00:00:00.000Z', 2));
    const items = offerFrom(seeded, today).items;
    expect(items.map((i) => i.metal)).not.toContain('platinum');
    expect(items).toContainEqual(expect.objectContaining({ scheme: 'fairtrade', metal: 'gold' }));
    expect(items).toContainEqual(expect.objectContaining({ scheme: 'fairmined', metal: 'silver' }));
    expect(items).toContainEqual(expect.objectContaining({ scheme: 'fairmined-ecological', metal: 'gold' }));
  });
});

describe('notices to the studio', () => {
  it('come 60 days before the certificate runs out and before the check turns 12 months old, while verified', () => {
    const o = origin({}, { verification: { ...verification, validUntil: '2021-12-31' } });
    expect(certificationNotices([o], '2021-11-01')).toEqual([]);
    expect(certificationNotices([o], '2021-11-02').map((n) => [n.reason, n.due])).toEqual([['certificate-expiry', '2022-01-01']]);
    const long = origin({}, { verification: { ...verification, validUntil: '2023-12-31' } });
    expect(certificationNotices([long], '2022-01-08')).toEqual([]);
    expect(certificationNotices([long], '2022-01-09').map((n) => [n.reason, n.due])).toEqual([['check-age', '2022-03-10']]);
    // No longer verified: nothing to warn about (the console shows it unverified).
    expect(certificationNotices([o], '2022-01-01')).toEqual([]);
    expect(certificationNotices([origin({}, { verification: null })], '2021-11-02')).toEqual([]);
  });
});

describe('designers’ changes', () => {
  const now = '2021-06-01T09:00:00.000Z';
  const today = '2021-06-01';

  it('record a verification (idempotently), refusing an unheld scheme, a future check and a certificate already out', () => {
    const unverified = origin({}, { verification: null });
    const request = { scheme: 'fairtrade' as const, certificateReference: 'FLO-9', checkedOn: '2021-05-30', validUntil: '2022-05-29' };
    const first = recordVerification(unverified, request, 'rosa@studio.test', now, today);
    expect(first).toMatchObject({ ok: true, changed: true, origin: { version: 2, editedBy: 'rosa@studio.test', certifications: [{ verification: { certificateReference: 'FLO-9', checkedOn: '2021-05-30', validUntil: '2022-05-29', checkedBy: 'rosa@studio.test' } }] } });
    if (!first.ok) throw new Error('unreachable');
    expect(recordVerification(first.origin, request, 'ana@studio.test', now, today)).toMatchObject({ ok: true, changed: false, origin: { version: 2 } });
    expect(recordVerification(unverified, { ...request, scheme: 'fairmined' }, 'r', now, today)).toMatchObject({ ok: false, status: 400, path: 'scheme' });
    expect(recordVerification(unverified, { ...request, checkedOn: '2021-06-02' }, 'r', now, today)).toMatchObject({ ok: false, path: 'checkedOn' });
    expect(recordVerification(unverified, { ...request, validUntil: '2021-05-01' }, 'r', now, today)).toMatchObject({ ok: false, path: 'validUntil' });
    expect(recordVerification(unverified, { ...request, checkedOn: '2021-01-01', validUntil: '2021-05-31' }, 'r', now, today)).toMatchObject({ ok: false, path: 'validUntil' });
  });

  it('edit and retire, and a retired origin takes no further change', () => {
    const edited = editOrigin(origin(), { region: 'Ayacucho' }, 'rosa@studio.test', now);
    expect(edited).toMatchObject({ ok: true, origin: { region: 'Ayacucho', editedBy: 'rosa@studio.test', version: 2 } });
    const retired = editOrigin(origin(), { retired: true, note: 'Lost its certificate' }, 'rosa@studio.test', now);
    expect(retired).toMatchObject({ ok: true, origin: { retired: { on: now, note: 'Lost its certificate' } } });
    if (!retired.ok) throw new Error('unreachable');
    expect(editOrigin(retired.origin, { region: 'x' }, 'r', now)).toMatchObject({ ok: false, code: 'origin_retired' });
    expect(recordVerification(retired.origin, { scheme: 'fairtrade', certificateReference: 'x', checkedOn: today, validUntil: today }, 'r', now, today)).toMatchObject({
      ok: false,
      status: 409,
      code: 'origin_retired',
    });
  });

  it('keep verifications of certifications whose scheme stays, on an edit and on a seed update', () => {
    const { scheme, metals, certifier, firstCertified, source } = origin().certifications[0]!;
    const withoutVerification = { scheme, metals, certifier, firstCertified, source };
    const edit = editOrigin(origin(), { certifications: [{ ...withoutVerification, metals: ['gold', 'silver'] }] }, 'r', now);
    expect(edit).toMatchObject({ ok: true, origin: { certifications: [{ metals: ['gold', 'silver'], verification }] } });
    const seeded = { ...NewOrigin.parse({ name: 'Mina Ejemplo', country: 'Peru', source: 'corrected', certifications: [withoutVerification, { ...withoutVerification, scheme: 'fairmined' }] }), id: 'mina-ejemplo-peru' };
    expect(reseeded(origin({ seedVersion: 1 }), seeded, 2)).toMatchObject({
      source: 'corrected',
      seedVersion: 2,
      version: 2,
      certifications: [{ scheme: 'fairtrade', verification }, { scheme: 'fairmined', verification: null }],
    });
  });
});

describe('the seed file', () => {
  const seed = loadOriginSeed();
  const byId = (id: string) => seed.origins.find((o) => o.id === id)!;

  it('gives every origin a stable id, and every fact a source', () => {
    expect(seed.seedVersion).toBeGreaterThanOrEqual(2);
    for (const o of seed.origins) {
      expect(o.id, o.name).toMatch(/^[a-z0-9-]+$/);
      expect(o.source, o.name).toMatch(/\S/);
      for (const c of o.certifications) expect(c.source, o.name).toMatch(/\S/);
    }
    expect(new Set(seed.origins.map((o) => o.id)).size).toBe(seed.origins.length);
  });

  it('invents no end date and never names ARM as the certifier', () => {
    for (const o of seed.origins) {
      for (const c of o.certifications) {
        expect(Object.keys(c)).not.toContain('validUntil');
        expect(c.certifier).not.toMatch(/^(ARM|Alliance for Responsible Mining)/);
        if (c.scheme === 'fairtrade') expect(c.certifier).toBe('FLOCERT');
        // Ended only where a certifier ended it, with its source.
        if (c.ended) expect(o.id).toBe('san-luis-peru');
      }
    }
    expect(JSON.stringify(seed)).not.toMatch(/2027|review-by|placeholder/i);
  });

  it('says what is unknown for every certification still reported as current', () => {
    for (const o of seed.origins) {
      for (const c of o.certifications) if (!c.ended) expect(c.uncertain, `${o.name} ${c.scheme}`).toMatch(/\S/);
    }
  });

  it('carries the corrected facts', () => {
    expect(byId('san-luis-peru').certifications[0]).toMatchObject({ scheme: 'fairmined', firstCertified: '2018-12', ended: { on: '2020-03-31' } });
    expect(byId('shijir-khishig-mongolia')).toMatchObject({ region: 'Selenge province', certifications: [{ scheme: 'fairmined-ecological', firstCertified: '2018' }] });
    expect(byId('mina-chede-colombia')).toMatchObject({ region: 'El Tambo, Cauca', certifications: [{ scheme: 'fairmined', firstCertified: '2018-12' }] });
    expect(byId('macdesa-peru')).toMatchObject({ region: 'Caravelí, Arequipa', certifications: [{ scheme: 'fairtrade', firstCertified: '2015' }, { scheme: 'fairmined' }] });
    expect(byId('sotrami-peru').certifications).toMatchObject([
      { scheme: 'fairtrade', certifier: 'FLOCERT', firstCertified: '2011-05', uncertain: expect.stringMatching(/unconfirmed/) },
      { scheme: 'fairmined', source: expect.stringMatching(/SOTRAMI recertifies/) },
    ]);
    expect(byId('xamodx-mongolia').certifications[0]!.certifier).toMatch(/IMO Swiss AG/);
    expect(byId('aurelsa-peru').certifications).toMatchObject([
      { scheme: 'fairmined', metals: ['gold', 'silver'], firstCertified: '2012-05' },
      { scheme: 'fairtrade', uncertain: expect.stringMatching(/reported/) },
    ]);
    expect(seed.origins.map((o) => o.name)).not.toContain('Oro Verde');
  });

  it('holds no date that could run out: every date in it is in the past', () => {
    // A seeded date in the future would be a claim about the future no source makes, and a date
    // on which the product would change its answers with no code change.
    const today = new Date().toISOString().slice(0, 10);
    const dates = JSON.stringify(seed).match(/\b\d{4}(-\d{2}){0,2}\b/g) ?? [];
    expect(dates.length).toBeGreaterThan(10);
    for (const date of dates) expect(date.slice(0, 4) < '2000' || date <= today, date).toBe(true);
  });

  it('keeps the keys of the first seed (name and country), so deployed registries update in place', () => {
    for (const o of seed.origins) expect(originIdOf(o.name, o.country), o.name).toBe(o.id);
  });
});
