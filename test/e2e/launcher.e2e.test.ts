/**
 * `npm start`'s launcher: it never changes a credential it did not just create, keeps its
 * login and n8n's files readable by their owner only, and a SIGTERM at any moment leaves
 * no process behind.
 */
import { execSync, spawn } from 'node:child_process';
import { request } from 'undici';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AS_N8N_3, sandboxCredentialData, startLocalN8n } from '../../scripts/n8n/local';
import { N8nApi } from '../../scripts/n8n/rest-api';
import { localOwner, mcpTokenFile, ownerFile, webhookTokenFile } from '../../scripts/n8n/owner';
import { oviceWorkflow, runManually, runSaved } from '../../scripts/n8n/runs';
import { mcpInitialize } from './e2e-bed';
import { cacheDirectory, DEFAULT_N8N_VERSION, nodeMajorFor } from '../../scripts/n8n/runtime';

const PACKAGE_ROOT = join(__dirname, '..', '..');
const quiet = () => undefined;

describe("the launcher keeps what is the user's", () => {
	const userFolder = mkdtempSync(join(tmpdir(), 'ovice-launcher-'));
	afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

	it('a credential edited by the user is unchanged after a restart; login and n8n files are owner-only', async () => {
		const first = await startLocalN8n({ userFolder, port: 5720, sandboxPort: 4050, log: quiet });
		let credentialId: string;
		try {
			expect(first.credentialCreated).toBe(true);
			credentialId = first.credential.id;
			// The user puts a live key into the sandbox credential.
			await first.api.call('PATCH', `/credentials/${credentialId}`, {
				name: first.credential.name,
				type: 'oviceApi',
				data: {
					clientId: 'live-client-id',
					clientSecret: 'live-secret',
					organizationId: '4242',
					baseUrl: 'https://api.ovice.com',
				},
			});
		} finally {
			await first.stop();
		}
		const second = await startLocalN8n({ userFolder, port: 5720, sandboxPort: 4051, log: quiet });
		try {
			expect(second.credentialCreated).toBe(false);
			expect(second.credential.id).toBe(credentialId!);
			const stored = await second.api.call<{ data: Record<string, unknown> }>(
				'GET',
				`/credentials/${credentialId!}?includeData=true`,
			);
			expect(stored.data).toMatchObject({
				clientId: 'live-client-id',
				organizationId: '4242',
				baseUrl: 'https://api.ovice.com',
			});
			expect(second.owner).toEqual(first.owner);
			expect(second.owner.password).not.toBe('Ovice-local-1');
		} finally {
			await second.stop();
		}
		expect(statSync(ownerFile(userFolder)).mode & 0o777).toBe(0o600);
		expect(statSync(userFolder).mode & 0o777).toBe(0o700);
		expect(statSync(join(userFolder, '.n8n', 'config')).mode & 0o777).toBe(0o600);
	}, 300_000);
});

describe('the n8n that npm start runs reaches nothing outside this machine', () => {
	const userFolder = mkdtempSync(join(tmpdir(), 'ovice-offline-'));
	afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

	it("no name lookup for another host from start-up to shutdown, through login, the editor's lists and a workflow run", async () => {
		const lookups = join(userFolder, 'lookups.log');
		// Every lookup n8n makes for a host that is not this machine is written down and refused.
		const local = await startLocalN8n({
			userFolder,
			port: 5726,
			sandboxPort: 4056,
			log: quiet,
			env: {
				...AS_N8N_3,
				NODE_OPTIONS: `--require ${join(PACKAGE_ROOT, 'test', 'harness', 'outside-lookups.js')}`,
				OVICE_LOOKUP_LOG: lookups,
			},
		});
		try {
			// What the editor asks for after login, and one example run through the sandbox.
			for (const path of ['/settings', '/community-node-types', '/community-packages'])
				await local.api.call('GET', path).catch(() => undefined);
			expect((await local.api.nodeTypes()).length).toBeGreaterThan(100);
			const example = local.examples.find((entry) => entry.file.endsWith('who-is-online.json'))!;
			expect((await runSaved(local, example.id)).record.status).toBe('success');
			// With n8n's outbound request protection on (as npm start runs 2.x, and as 3.0 will),
			// the sandbox is reached because this machine is allowed; another loopback address is not.
			if (!local.runtime.n8nVersion.startsWith('1.')) {
				const elsewhere = await local.api.ensureCredential(
					'ovice at a loopback address n8n does not allow',
					'oviceApi',
					sandboxCredentialData(local.sandbox.url.replace('127.0.0.1', '127.0.0.2')),
				);
				const blocked = await runManually(
					local,
					oviceWorkflow(
						'outbound protection',
						{ resource: 'group', operation: 'getAll', returnAll: true },
						elsewhere,
					),
				);
				expect(blocked.error?.message).toBe('n8n did not send the request to ovice');
				expect(blocked.error?.description).toContain(
					'The request was blocked because it resolves to a restricted IP address',
				);
			}
		} finally {
			await local.stop();
		}
		const lines = readFileSync(lookups, 'utf8').trim().split('\n');
		expect(lines.some((line) => line.endsWith('(hook loaded)'))).toBe(true);
		expect(lines.filter((line) => !line.endsWith('(hook loaded)'))).toEqual([]);
		expect(readFileSync(local.server.logFile, 'utf8')).not.toMatch(/ENOTFOUND/);
	}, 300_000);
});

/** Processes whose environment carries this marker: everything the launcher started. */
function processesWith(marker: string): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker))
				found.push(Number(entry));
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return found;
}

/**
 * The webhook example ships with the "ovice webhook token" credential: published as the
 * README says, it refuses a knock without the token and accepts the README's own curl
 * (read from the README, with the printed token and this test's ports put in).
 */
async function webhookExampleKeepsItsToken(home: string, output: string): Promise<void> {
	const tokenFile = webhookTokenFile(home);
	const token = readFileSync(tokenFile, 'utf8').trim();
	expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
	expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
	expect(output).toContain(`webhook token  ${token}`);

	const api = new N8nApi('http://127.0.0.1:5724');
	await api.signIn(localOwner(home));
	const example = (await api.workflows()).find(
		(workflow) => workflow.name === 'ovice: a knock or room entry notifies a group',
	)!;
	await api.activate(example.id!);
	const url = 'http://127.0.0.1:5724/webhook/6f0c1e2a-0004-4a00-8000-00000000feed/ovice';
	const knock = async (query: string) =>
		(
			await request(`${url}${query}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{"event":"knock","name":"Stranger"}',
			})
		).statusCode;
	let status = await knock('');
	for (let tries = 0; status === 404 && tries < 60; tries++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		status = await knock('');
	}
	expect(status).toBe(401);
	expect(await knock('?token=guess')).toBe(403);

	const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
	const curl = /```\n\s*(curl -X POST[^`]*?__sandbox\/webhooks\/emit[^`]*?)\n\s*```/.exec(
		readme,
	)?.[1];
	expect(curl).toBeDefined();
	const command = curl!
		.replace(/\\\n\s*/g, ' ')
		.replace('TOKEN', token)
		.replace('127.0.0.1:4010', '127.0.0.1:4054')
		.replace('localhost:5678', 'localhost:5724');
	const answer = JSON.parse(execSync(command, { encoding: 'utf8' })) as { status: number };
	expect(answer.status).toBe(200);
	await api.deactivate(example.id!);
}

describe('SIGTERM at any moment leaves no process', () => {
	// A cache of its own (fresh user folder) that links to the runtime already provisioned.
	const cache = mkdtempSync(join(tmpdir(), 'ovice-sigterm-cache-'));
	beforeAll(() => {
		const version = process.env.OVICE_N8N_VERSION ?? DEFAULT_N8N_VERSION;
		for (const name of [`node-${nodeMajorFor(version)}`, `n8n-${version}`])
			symlinkSync(join(cacheDirectory(), name), join(cache, name));
	});
	afterAll(() => rmSync(cache, { recursive: true, force: true }));

	it.each([
		['during the package install', 300],
		['while n8n boots', 4000],
		["later in n8n's start-up", 8000],
		['once it is ready', 'ready'],
	] as const)(
		'%s',
		async (_moment, when) => {
			rmSync(join(cache, 'home'), { recursive: true, force: true });
			const marker = `OVICE_N8N_CACHE=${cache}`;
			const child = spawn(
				process.execPath,
				[
					join(PACKAGE_ROOT, '.build', 'scripts', 'start.js'),
					'--port',
					'5724',
					'--sandbox-port',
					'4054',
				],
				{
					cwd: PACKAGE_ROOT,
					env: { ...process.env, OVICE_N8N_CACHE: cache, JEST_WORKER_ID: '' },
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			);
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			const exited = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code)),
			);
			try {
				if (when === 'ready') {
					const started = Date.now();
					while (!output.includes('Ready in') && Date.now() - started < 120_000)
						await new Promise((resolve) => setTimeout(resolve, 200));
					expect(output).toContain('Ready in');
					// The MCP server example is served only with its token, printed once and kept owner-only.
					const tokenFile = mcpTokenFile(join(cache, 'home'));
					const token = readFileSync(tokenFile, 'utf8').trim();
					expect(token.length).toBeGreaterThanOrEqual(32);
					expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
					expect(output).toContain(`MCP token      ${token}`);
					const mcp = (headers: Record<string, string>) =>
						mcpInitialize('http://127.0.0.1:5724/mcp/ovice', headers);
					// n8n's MCP Server Trigger refuses a missing or wrong bearer token with 403.
					expect(await mcp({})).toBe(403);
					expect(await mcp({ authorization: `Bearer ${token}` })).toBe(200);
					await webhookExampleKeepsItsToken(join(cache, 'home'), output);
				} else {
					await new Promise((resolve) => setTimeout(resolve, when));
				}
				expect(processesWith(marker).length).toBeGreaterThan(0);
				child.kill('SIGTERM');
				const timeout = new Promise<'timeout'>((resolve) =>
					setTimeout(() => resolve('timeout'), 40_000),
				);
				expect(await Promise.race([exited, timeout])).not.toBe('timeout');
				await new Promise((resolve) => setTimeout(resolve, 500));
				expect(processesWith(marker)).toEqual([]);
			} finally {
				// A check that failed before the SIGTERM above must not leave the launcher running.
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGTERM');
					await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 40_000))]);
				}
			}
		},
		180_000,
	);
});
