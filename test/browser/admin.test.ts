// A platform admin's journey in a real browser, in French and in English: create an organisation (after a
// mistake), invite a member, change their role, remove them after confirmation, subscribe a webhook, send it
// a test event the dispatcher delivers, read the log, stop it; then rotate the signing keys. Every page
// passes axe-core (WCAG 2.1 AA), with no off-origin request and no CSP violation; the rotation is also done
// with the keyboard alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchWebhooks } from '../../src/services/webhooks';
import { messages } from '../../src/web/areas/admin/messages';
import { common } from '../../src/web/common-messages';
import { fill } from '../../src/web/i18n';
import {
  activate,
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  focusIsVisible,
  horizontalOverflow,
  launchChromium,
  newContext,
  type ServedDesk,
  SKIPPED,
  startConsoleDesk,
  tabTo,
} from './console-support';

let served: ServedDesk;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push((JSON.parse(body) as { type: string }).type);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (receiver) await new Promise((r) => receiver.close(r));
});

/** Visible text with the no-break spaces of French typography as plain spaces. */
const words = (text: string) => text.replace(/\s+/g, ' ');
const mainText = async (page: Page) => words(await page.locator('main').innerText());

async function signInAsAdmin(page: Page, lang: 'fr' | 'en') {
  await page.goto(`${served.origin}/${lang}/sign-in?next=%2F${lang}`);
  await page.getByRole('button', { name: fill(common[lang].devSignInAs, { name: 'demo-admin' }) }).click();
  await page.waitForURL(`${served.origin}/${lang}`);
}

describe('a platform admin in a browser', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`administers an organisation, its members and webhooks, and rotates the keys (${lang})`, async ({
      skip,
    }) => {
      skip(chromiumAbsent, SKIPPED);
      const t = messages[lang];
      const guarded = await newContext(browser, 'desktop', lang === 'fr' ? 'fr-FR' : 'en-GB');
      const page = await guarded.newPage();
      await signInAsAdmin(page, lang);
      await page.getByRole('link', { name: common[lang].navAdministration }).click();
      await page.waitForURL(`${served.origin}/${lang}/admin/organizations`);
      await checkAccessibility(page);

      // A mistake first: the summary links to the field, the values stay.
      const slug = `chu-${lang}-navigateur`;
      await page.fill('#field-name', `CHU ${lang}`);
      await page.fill('#field-slug', 'Pas Valide');
      await page.selectOption('#field-kind', 'provider');
      await page.getByRole('button', { name: t.createButton }).click();
      await expect.poll(() => page.locator('#error-summary').count()).toBe(1);
      expect(await page.inputValue('#field-name')).toBe(`CHU ${lang}`);
      await checkAccessibility(page);
      await page.locator('#error-summary a[href="#field-slug"]').click();
      await page.fill('#field-slug', slug);
      await page.getByRole('button', { name: t.createButton }).click();
      await page.waitForURL(/\/admin\/organizations\/[0-9a-f-]{36}\?created$/);
      expect(await mainText(page)).toContain(words(t.created));
      await checkAccessibility(page);

      // Invite, change the role, remove after confirmation.
      await page.fill('#field-subject', `membre-${lang}`);
      await page.selectOption('#field-role', 'editor');
      await page.getByRole('button', { name: t.inviteButton }).click();
      await page.waitForURL(/\?invited$/);
      await checkAccessibility(page);
      const roleSelect = page.getByLabel(fill(t.newRoleLabel, { subject: `membre-${lang}` }));
      await roleSelect.selectOption('reviewer');
      await page.getByRole('button', { name: t.changeRoleButton }).click();
      await page.waitForURL(/\?roleChanged$/);
      expect(await mainText(page)).toContain(words(t.roleReviewer));
      await page
        .getByRole('link', { name: fill(t.removeLink, { subject: `membre-${lang}`, role: t.roleReviewer }) })
        .click();
      await page.waitForURL(/\/remove$/);
      await checkAccessibility(page);
      await page.getByRole('button', { name: t.removeButton }).click();
      await page.waitForURL(/\?removed$/);
      expect(await mainText(page)).toContain(words(t.noMembers));

      // A webhook: created, secret shown once, a test event delivered and logged, then stopped.
      await page.fill('#field-url', receiverUrl);
      await page.getByRole('button', { name: t.createWebhookButton }).click();
      await page.waitForURL(/\?webhook=[0-9a-f-]{36}$/);
      expect(await page.locator('.admin-secret').innerText()).toMatch(/^whsec_[0-9a-f]{64}$/);
      await checkAccessibility(page);
      await page.getByRole('button', { name: fill(t.sendTest, { url: receiverUrl }) }).click();
      await page.waitForURL(/\?tested$/);
      expect(await page.locator('.admin-secret').count()).toBe(0);
      await dispatchWebhooks(served.desk.services);
      expect(received).toContain('webhook.test');
      await page.reload();
      const log = page.getByRole('table', { name: fill(t.deliveriesCaption, { url: receiverUrl }) });
      expect(words(await log.innerText())).toContain(`webhook.test`);
      expect(words(await log.innerText())).toContain(words(t.statusDelivered));
      await checkAccessibility(page);
      await page.getByRole('link', { name: fill(t.deleteWebhookLink, { url: receiverUrl }) }).click();
      await page.waitForURL(/\/delete$/);
      await checkAccessibility(page);
      await page.getByRole('button', { name: t.deleteWebhookButton }).click();
      await page.waitForURL(/\?webhookDeleted$/);
      expect(await mainText(page)).toContain(words(t.webhookDeleted));

      // The signing keys: rotate after the confirmation; both keys in the history.
      await page.goto(`${served.origin}/${lang}/admin/keys`);
      await checkAccessibility(page);
      const before = await page.locator('tbody tr').count();
      await page.getByRole('link', { name: t.rotateLink }).click();
      await page.waitForURL(/\/admin\/keys\/rotate$/);
      await checkAccessibility(page);
      await page.getByRole('button', { name: t.rotateButton }).click();
      await page.waitForURL(/\/admin\/keys\?rotated=/);
      expect(await page.locator('tbody tr').count()).toBe(before + 1);
      expect(await page.getByRole('status').innerText()).toMatch(/desk-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}/);
      await checkAccessibility(page);
      expectNoBlockedRequestOrViolation(guarded);
      await guarded.close();
    }, 120_000);
  }

  it('reflows at 320 px, and rotates the keys with the keyboard alone through the confirmation', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const t = messages.en;
    const guarded = await newContext(browser, 'reflow320', 'en-GB');
    const page = await guarded.newPage();
    await signInAsAdmin(page, 'en');
    // The organisation pages reflow too: their tables scroll inside their own frame.
    await page.goto(`${served.origin}/en/admin/organizations`);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('link', { name: 'Hôpital Foch', exact: true }).click();
    await page.waitForURL(/\/en\/admin\/organizations\/[0-9a-f-]{36}$/);
    expect(await horizontalOverflow(page)).toBe(0);
    await checkAccessibility(page);
    await page.goto(`${served.origin}/en/admin/keys`);
    expect(await horizontalOverflow(page)).toBe(0);
    const link = await tabTo(page, { text: t.rotateLink });
    expect(link.focused.tag).toBe('a');
    expect(focusIsVisible(link.focused)).toBe(true);
    await activate(page, 'Enter');
    expect(page.url()).toBe(`${served.origin}/en/admin/keys/rotate`);
    expect(await horizontalOverflow(page)).toBe(0);
    await checkAccessibility(page);
    const button = await tabTo(page, { selector: 'main button', text: t.rotateButton });
    expect(focusIsVisible(button.focused)).toBe(true);
    await activate(page, 'Enter');
    expect(page.url()).toMatch(/\/en\/admin\/keys\?rotated=desk-/);
    expect(words(await page.getByRole('status').innerText())).toContain('Keys rotated');
    expect(await horizontalOverflow(page)).toBe(0);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);
});
