import { describe, expect, it } from 'vitest';
import { customerStageEmail, proposalEmail } from '#email/customer-emails';
import { headerSafe, html } from '#email/render';
import { studioAwaitingEmail, studioCustomerSilentEmail } from '#email/studio-emails';
import { newCommission } from '#domain/intake';
import type { Commission, Enquiry, SourcingRecord } from '#domain/schemas';
import { sampleCommission } from '../../infra/samples.ts';
import { approvals, enquiry } from '../support/fixtures.ts';

const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

/** The sample's sourcing as stored: physically traceable, bought by a Fairtrade licensee. */
const SOURCED = sampleCommission('MAKING').sourcing!;

function commissionAt(stage: Commission['stage'], overrides: Partial<Commission> = {}): Commission {
  const base = newCommission('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', enquiry() as Enquiry, '2026-11-01T10:00:00.000Z');
  return {
    ...base,
    stage,
    design: approvals.DESIGN,
    sourcing: SOURCED,
    making: approvals.MAKING,
    delivery: approvals.DELIVERY,
    ...overrides,
  };
}

describe('customer emails', () => {
  it('exist for every stage, each with its own subject, HTML and plain text', () => {
    const stages = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED', 'CANCELLED'] as const;
    const subjects = stages.map((stage) => {
      const email = customerStageEmail(commissionAt(stage));
      expect(email.html).toContain('<!doctype html>');
      expect(email.text).toContain('Dear Ana Lima');
      return email.subject;
    });
    expect(new Set(subjects).size).toBe(stages.length);
  });

  it('name the mine and country once the metal is sourced (a licensee, physical traceability), and the tracking number on completion', () => {
    const sourced = customerStageEmail(commissionAt('MAKING'));
    expect(sourced.subject).toContain('SOTRAMI, Santa Filomena, Ayacucho, Peru');
    expect(sourced.text).toContain('LOT-0042');
    const completed = customerStageEmail(commissionAt('COMPLETED'));
    expect(completed.text).toContain('RM123456789GB');
    expect(completed.text).toContain('SOTRAMI, Santa Filomena, Ayacucho, Peru');
  });

  it('escape whatever the customer typed', () => {
    const email = customerStageEmail(
      commissionAt('ENQUIRY', { customer: { name: hostile, email: 'ana@example.com' } }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain(hostile);
  });

  it('escape the recorded facts of the provenance block too', () => {
    const sourcing = { ...SOURCED, lotReference: hostile, supplier: hostile } as SourcingRecord;
    const email = customerStageEmail(commissionAt('COMPLETED', { sourcing }));
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain(hostile);
  });

  it('tell the customer about a revision', () => {
    expect(customerStageEmail(commissionAt('DESIGN', { revision: 2 })).subject).toMatch(/revising your design/);
  });
});

describe('studio emails', () => {
  it('say which stage awaits a decision', () => {
    const email = studioAwaitingEmail(commissionAt('SOURCING'), 'studio@studio.test');
    expect(email.to).toBe('studio@studio.test');
    expect(email.subject).toMatch(/^Metal sourcing awaits a decision/);
  });
});

describe('headers and HTML', () => {
  it('keep subjects to one line', () => {
    expect(headerSafe('Hello\r\nBcc: victim@example.com')).toBe('Hello Bcc: victim@example.com');
  });

  it('escape interpolated values but not nested templates', () => {
    expect(html`<p>${'<b>'}</p>${html`<i>${'&'}</i>`}`.value).toBe('<p>&lt;b&gt;</p><i>&amp;</i>');
  });
});

describe('the MJML layout', () => {
  it('is compiled into layout.generated.ts as committed (npm run emails:build)', async () => {
    const { compileEmailLayout } = await import('../../infra/email-build.ts');
    const { EMAIL_PARTS } = await import('#email/layout.generated');
    // The parts as unpacked at run time, not the packed bytes: another brotli build may pack the same
    // HTML differently.
    expect(EMAIL_PARTS).toEqual(await compileEmailLayout());
    expect(EMAIL_PARTS.footer).toContain('%%FOOTER%%');
  });

  it('gives every customer email a button and a plain-text line to the status page, escaped', () => {
    const statusUrl = 'https://studio.example/status/6f1c2f5e?expires=1&sig=a"b<c>&x=1';
    for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED', 'CANCELLED'] as const) {
      const email = customerStageEmail(commissionAt(stage), { statusUrl });
      expect(email.html).toContain('href="https://studio.example/status/6f1c2f5e?expires=1&amp;sig=a&quot;b&lt;c&gt;&amp;x=1"');
      expect(email.text).toContain(`Follow your commission: ${statusUrl}`);
      expect(email.html).not.toMatch(/%%[A-Z_]+%%/);
    }
  });

  it('never reads customer text as a layout slot', () => {
    const email = customerStageEmail(commissionAt('ENQUIRY', { customer: { name: '%%FOOTER%% %%ACTION_URL%%', email: 'ana@example.com' } }));
    expect(email.html).toContain('Dear %%FOOTER%% %%ACTION_URL%%,');
  });
});

describe('the design proposal emails', () => {
  const proposal = {
    revision: 2,
    summary: `Low setting ${hostile}`,
    price: { amount: 2400, currency: 'GBP' as const },
    depositPercent: 25,
    attachments: ['a', 'b'],
    proposedAt: '2026-11-02T10:00:00.000Z',
    proposedBy: 'rosa',
    status: 'awaiting-customer' as const,
  };
  const statusUrl = 'https://studio.example/status/6f1c2f5e?expires=1&sig=k.x';

  it('say the design, the price, the deposit due on approval, how many images, and where to answer', () => {
    const email = proposalEmail(commissionAt('DESIGN', { revision: 2 }), proposal, statusUrl);
    expect(email.subject).toMatch(/^Your revised design is ready for you \(ref 6F1C2F5E\)$/);
    expect(email.text).toContain('£2,400.00');
    expect(email.text).toContain('£600.00 (25%)');
    expect(email.text).toContain('2 on your page');
    expect(email.text).toContain(`See your design: ${statusUrl}`);
    expect(email.text).toMatch(/Approve it or ask for changes on your page/);
    expect(email.html).not.toContain('<script>');
    const reminder = proposalEmail(commissionAt('DESIGN', { revision: 2 }), proposal, statusUrl, 2);
    expect(reminder.subject).toMatch(/^A reminder: your design awaits your answer/);
  });

  it('tell the customer a lapsed proposal lapsed, and the studio that the customer is silent', () => {
    const lapsed = customerStageEmail(commissionAt('DESIGN', { revision: 3, proposal: { ...proposal, status: 'lapsed' } }));
    expect(lapsed.subject).toMatch(/^Your design proposal has lapsed/);
    const revising = customerStageEmail(commissionAt('DESIGN', { revision: 3, proposal: { ...proposal, status: 'changes-requested' } }));
    expect(revising.subject).toMatch(/^We are revising your design/);
    const studio = studioCustomerSilentEmail(commissionAt('DESIGN', { revision: 2 }), 'studio@example.com', 21);
    expect(studio.to).toBe('studio@example.com');
    expect(studio.text).toContain('21 days ago');
  });
});
