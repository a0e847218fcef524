/**
 * A person's path through n8n's editor in a real browser (Debian's Chromium driven by
 * playwright-core): log in, open an example workflow, open the ovice node, pick a
 * workspace from the searchable list (the sandbox's workspaces), execute the step, and
 * look at the credential. The screenshots the README and docs/ show are taken here, into
 * docs/screenshots/ (run with OVICE_E2E_SANDBOX_PORT=4010 to show npm start's address).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import { PACKAGE_ROOT, PUBLISHED_DOCS } from '../../scripts/n8n/install-package';
import { sandboxCredentialData } from '../../scripts/n8n/local';
import { oviceNodeJson } from '../../scripts/n8n/runs';
import { unreachableAnswer, useLocalN8n } from './e2e-bed';

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
			expect(listed.map((text) => text.trim()).sort()).toEqual([
				'Osaka Studio',
				'Remote Lounge',
				'Tokyo HQ',
			]);
		});
		await page.getByPlaceholder('Search...').fill('osaka');
		await retry(async () => {
			// n8n keeps the current choice (Tokyo HQ) on top; the search filters the rest.
			const filtered = (await page.locator('[data-test-id="rlc-item"]').allTextContents()).map(
				(text) => text.trim(),
			);
			expect(filtered).toContain('Osaka Studio');
			expect(filtered).not.toContain('Remote Lounge');
		});
		await page.locator('[data-test-id="rlc-item"]', { hasText: 'Osaka Studio' }).click();

		await page.locator('[data-test-id="node-execute-button"]').click();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('Grace Kim').first().waitFor({ timeout: 30_000 });
		await output.getByText('Ben Carter').first().waitFor();

		const sent = bed.local.sandbox.requests.filter(
			(request) => request.endpoint === 'listWorkspaceUsers',
		);
		expect(sent.at(-1)?.query).toEqual({ workspace_id: '102' });
	}, 90_000);

	it("the node panel's Docs link lands on the node's section: no query after the #, the page rendered", async () => {
		const example = bed.local.examples.find((entry) => entry.name.includes('who is online'))!;
		await page.goto(`${bed.local.server.url}/workflow/${example.id}`);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Who is online' }).dblclick();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor();
		const link = ndv.locator(`a[href^="${PUBLISHED_DOCS}"]`).first();
		await link.waitFor({ timeout: 10_000 });
		// What n8n's editor links to, as it is: the README's section on npm.
		expect(await link.getAttribute('href')).toBe(`${PUBLISHED_DOCS}#operations`);
		await page.keyboard.press('Escape');
		// The same address on the pages the sandbox serves (where npm start's copy points).
		const docs = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		try {
			await docs.goto(`${bed.local.sandbox.url}/docs#operations`);
			const heading = docs.locator('h2#operations');
			await heading.waitFor();
			const box = await heading.boundingBox();
			expect(box && box.y >= 0 && box.y < 100).toBe(true);
			expect(await docs.locator('table').count()).toBeGreaterThan(0);
			expect(await docs.locator('strong').count()).toBeGreaterThan(0);
			expect(await docs.locator('body').innerText()).not.toContain('**');
		} finally {
			await docs.close();
		}
	}, 60_000);

	it("shows an unexecuted ovice node's output fields in the next node's input (schema preview)", async () => {
		const workflow = {
			name: 'E2E schema preview',
			nodes: [
				{
					id: 'b0000000-0000-4000-8000-000000000001',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				oviceNodeJson(
					{
						resource: 'workspace',
						operation: 'getUsers',
						workspaceId: { __rl: true, mode: 'id', value: '101' },
						returnAll: true,
					},
					bed.local.credential,
					{ id: 'b0000000-0000-4000-8000-000000000002', name: 'Users of Tokyo HQ' },
				),
				{
					id: 'b0000000-0000-4000-8000-000000000003',
					name: 'Next step',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [480, 0],
					parameters: {},
				},
			],
			connections: {
				Start: { main: [[{ node: 'Users of Tokyo HQ', type: 'main', index: 0 }]] },
				'Users of Tokyo HQ': { main: [[{ node: 'Next step', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const saved = await bed.local.api.createWorkflow(workflow as never);
		const readsBefore = bed.local.sandbox.requests.length;
		await page.goto(`${bed.local.server.url}/workflow/${saved.id}`);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Next step' }).dblclick();
		await page.locator('[data-test-id="ndv"]').waitFor();
		const input = page.locator('[data-test-id="ndv-input-panel"]');
		// Nothing has run: the fields come from the package's output schema of Get Users.
		await retry(async () => {
			const text = await input.innerText();
			for (const field of ['id', 'name', 'email', 'status']) expect(text).toContain(field);
		}, 20_000);
		await page.screenshot({ path: join(SHOTS, 'schema-preview.png') });
		// Shown without running anything: ovice got no request while the panel was open.
		expect(bed.local.sandbox.requests.slice(readsBefore)).toEqual([]);
		await page.keyboard.press('Escape');
	}, 90_000);

	it('the node creator describes each ovice node with its own text', async () => {
		const descriptions = await builtDescriptions();
		// Each entry with its own node's text. n8n leaves "Trigger" out of the title of a
		// trigger that has events to choose.
		const ownEntries = [
			{ title: 'ovice', description: descriptions.ovice },
			{ title: 'ovice Webhook', description: descriptions.oviceWebhookTrigger },
			{ title: 'ovice Presence', description: descriptions.ovicePresenceTrigger },
		];
		// A new workflow: the creator opens on triggers.
		await page.goto(`${bed.local.server.url}/workflow/new`);
		await page.locator('[data-test-id="canvas-add-button"]').click();
		const items = await creatorItems('ovice');
		process.stdout.write(`node creator (triggers), search "ovice": ${JSON.stringify(items)}\n`);
		expectOwnEntries(items, ownEntries);
		await page.keyboard.press('Escape');

		// A workflow with a trigger: the creator opens on actions.
		const example = bed.local.examples.find((entry) => entry.name.includes('who is online'))!;
		await page.goto(`${bed.local.server.url}/workflow/${example.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		// n8n 2.x opens the node panel with N, 1.x with Tab.
		await page.locator('.vue-flow__pane').click({ position: { x: 40, y: 40 } });
		const creator = page.locator('[data-test-id="node-creator"]');
		for (const key of ['n', 'Tab']) {
			if (await creator.isVisible()) break;
			await page.keyboard.press(key);
			await creator.waitFor({ timeout: 3000 }).catch(() => undefined);
		}
		const actions = await creatorItems('ovice');
		process.stdout.write(`node creator (actions), search "ovice": ${JSON.stringify(actions)}\n`);
		expectOwnEntries(actions, ownEntries);
		await page.screenshot({ path: join(SHOTS, 'node-creator-actions.png') });
		// Its details: the node's own description and its actions by n8n's names.
		const entries = page.locator(
			'[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]',
		);
		await entries
			.filter({ has: page.getByText('ovice', { exact: true }) })
			.first()
			.click();
		const panel = page.locator('[data-test-id="node-creator"]');
		await panel
			.getByText('Send a notification to workspace users by role')
			.first()
			.waitFor({ timeout: 10_000 });
		const text = await panel.innerText();
		process.stdout.write(
			`node creator, the ovice entry opened: ${JSON.stringify(text.slice(-1500))}\n`,
		);
		// The search list stays in the page behind the details view; the details come after its heading.
		const details = text.slice(text.lastIndexOf('Node details'));
		expect(details).toContain(descriptions.ovice);
		expect(details).not.toContain(descriptions.oviceWebhookTrigger);
		await page.keyboard.press('Escape');
	}, 90_000);

	it('shows each Post Data template on a line of its own, and subtitles by name', async () => {
		const example = bed.local.examples.find((entry) =>
			entry.file.endsWith('webhook-event-to-group.json'),
		)!;
		await page.goto(`${bed.local.server.url}/workflow/${example.id}`);
		// The canvas: the trigger's events by ovice's names, the action's text and the picked group's name.
		const canvas = page.locator('[data-test-id="canvas-node"]');
		await canvas.first().waitFor();
		const texts = (await canvas.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
		process.stdout.write(`canvas nodes: ${JSON.stringify(texts)}\n`);
		expect(texts.some((text) => text.includes('Notify Engineering'))).toBe(true);
		expect(texts.some((text) => text.includes('Knock, Enter room'))).toBe(true);
		await canvas.filter({ hasText: 'ovice event' }).first().dblclick();
		await page.locator('[data-test-id="ndv"]').waitFor();
		const template = page
			.locator('[data-test-id="ndv"] li', { hasText: '{"event":"knock"' })
			.first();
		await template.waitFor({ timeout: 10_000 });
		expect((await template.innerText()).trim()).toBe(
			'{"event":"knock","name":"{{name}}","email":"{{email}}"}',
		);
		await page.keyboard.press('Escape');
	}, 90_000);

	it('shows the ovice credential with a successful connection test', async () => {
		await page.goto(`${bed.local.server.url}/home/credentials`);
		await page.getByText('ovice sandbox', { exact: true }).first().click();
		await page.locator('[data-test-id="credential-edit-dialog"]').waitFor();
		await page
			.locator('[data-test-id="credentials-config-container-test-success"]')
			.waitFor({ timeout: 30_000 });
		await page.keyboard.press('Escape');
	}, 60_000);

	it('explains, under the Base URL, what n8n shows for a host it cannot reach', async () => {
		// Nothing listens on port 9; n8n 2.x's tester answers with the socket code alone.
		await bed.local.api.ensureCredential(
			'ovice unreachable',
			'oviceApi',
			sandboxCredentialData('http://127.0.0.1:9'),
		);
		await page.goto(`${bed.local.server.url}/home/credentials`);
		await page.getByText('ovice unreachable', { exact: true }).first().click();
		const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
		await dialog.waitFor();
		// n8n writes "Couldn’t" with a typographic apostrophe.
		await dialog.getByText(/Couldn.t connect with these settings/).waitFor({ timeout: 30_000 });
		const details = dialog.getByText(/More details/);
		if (await details.count()) await details.first().click();
		await dialog
			.getByText(unreachableAnswer(bed.local.runtime.n8nVersion), { exact: true })
			.waitFor();
		const hint = dialog.getByText(
			/^If the Test answers with a code such as ECONNREFUSED, ENOTFOUND or ETIMEDOUT, n8n could not reach this host/,
		);
		expect(await hint.isVisible()).toBe(true);
		// Tall enough to show the error and the hint under the Base URL in one picture.
		await page.setViewportSize({ width: 1440, height: 1120 });
		await page.screenshot({ path: join(SHOTS, 'credential-unreachable.png') });
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.keyboard.press('Escape');
	}, 60_000);
});

/** Each node's description as the built package declares it. */
async function builtDescriptions(): Promise<Record<string, string>> {
	const { PackageDirectoryLoader } = await import('n8n-core');
	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
	await loader.loadAll();
	return Object.fromEntries(
		Object.entries(loader.nodeTypes).map(([name, loaded]) => [
			name,
			(loaded.type as { description: { description: string } }).description.description,
		]),
	);
}

/**
 * Each ovice entry listed once under its title, with its own node's description: n8n 2.x
 * shows descriptions in search results, n8n 1.x shows none there. Never another node's.
 */
function expectOwnEntries(
	items: Array<{ title: string; description: string }>,
	own: Array<{ title: string; description: string }>,
): void {
	const listsDescriptions = !bed.local.runtime.n8nVersion.startsWith('1.');
	for (const entry of own) {
		expect(items.filter((item) => item.title === entry.title)).toEqual([
			{ title: entry.title, description: listsDescriptions ? entry.description : '' },
		]);
	}
}

/** Types in the node creator's search and reads each listed entry's title and description. */
async function creatorItems(
	search: string,
): Promise<Array<{ title: string; description: string }>> {
	const creator = page.locator('[data-test-id="node-creator"]');
	await creator.waitFor();
	await creator.locator('input').first().fill(search);
	const items = creator.locator(
		'[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]',
	);
	await retry(async () => expect(await items.count()).toBeGreaterThan(0));
	await new Promise((resolve) => setTimeout(resolve, 500));
	const found: Array<{ title: string; description: string }> = [];
	for (const item of await items.all()) {
		const lines = (await item.innerText())
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		found.push({ title: lines[0], description: lines.slice(1).join(' ') });
	}
	return found;
}

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
