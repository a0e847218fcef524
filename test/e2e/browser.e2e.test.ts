/**
 * A person's path through n8n's editor in a real browser (Debian's Chromium driven by
 * playwright-core): log in, open an example workflow, open the ovice node, pick a
 * workspace from the searchable list (the sandbox's workspaces), execute the step, and
 * look at the credential. Screenshots land in docs/screenshots/ for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import { PACKAGE_ROOT } from '../../scripts/install-package';
import { useLocalN8n } from './local-n8n';

const bed = useLocalN8n();
const SHOTS = join(PACKAGE_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let page: Page;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 60_000);

afterAll(async () => {
	await browser?.close();
});

describe('n8n editor in a real browser', () => {
	it('logs in as the local owner', async () => {
		await page.goto(`${bed.local.server.url}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', bed.local.owner.email);
		await page.fill('input[name="password"]', bed.local.owner.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL(/\/home|\/workflows/, { timeout: 30_000 });
	});

	it('opens the ovice node of an example, picks a workspace from the list and executes it', async () => {
		const example = bed.local.examples.find((entry) => entry.name.includes('who is online'))!;
		await page.goto(`${bed.local.server.url}/workflow/${example.id}`);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Who is online' }).dblclick();
		await page.locator('[data-test-id="ndv"]').waitFor();
		await page.locator('[data-test-id="resource-locator-workspaceId"]').waitFor();
		await page.screenshot({ path: join(SHOTS, 'node-panel.png') });

		await page.locator('[data-test-id="rlc-input"]').click();
		await retry(async () => {
			const listed = await page.locator('[data-test-id="rlc-item"]').allTextContents();
			expect(listed.map((text) => text.trim()).sort()).toEqual(['Osaka Studio', 'Remote Lounge', 'Tokyo HQ']);
		});
		await page.getByPlaceholder('Search...').fill('osaka');
		await retry(async () => {
			// n8n keeps the current choice (Tokyo HQ) on top; the search filters the rest.
			const filtered = (await page.locator('[data-test-id="rlc-item"]').allTextContents()).map((text) => text.trim());
			expect(filtered).toContain('Osaka Studio');
			expect(filtered).not.toContain('Remote Lounge');
		});
		await page.screenshot({ path: join(SHOTS, 'workspace-list.png') });
		await page.locator('[data-test-id="rlc-item"]', { hasText: 'Osaka Studio' }).click();

		await page.locator('[data-test-id="node-execute-button"]').click();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('Grace Kim').first().waitFor({ timeout: 30_000 });
		await output.getByText('Ben Carter').first().waitFor();
		await page.screenshot({ path: join(SHOTS, 'output.png') });

		const sent = bed.local.sandbox.requests.filter((request) => request.endpoint === 'listWorkspaceUsers');
		expect(sent.at(-1)?.query).toEqual({ workspace_id: '102' });
	}, 90_000);

	it('shows the ovice credential with a successful connection test', async () => {
		await page.goto(`${bed.local.server.url}/home/credentials`);
		await page.getByText('ovice sandbox', { exact: true }).first().click();
		await page.locator('[data-test-id="credential-edit-dialog"]').waitFor();
		await page.locator('[data-test-id="credentials-config-container-test-success"]').waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(SHOTS, 'credential.png') });
	}, 60_000);
});

/** Repeats an assertion until it holds (the list filters as the user types). */
async function retry(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	for (;;) {
		try {
			await assertion();
			return;
		} catch (error) {
			if (Date.now() - started > timeoutMs) throw error;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}
