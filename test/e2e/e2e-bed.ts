/**
 * One real n8n for an end-to-end test file: the pinned runtime from `npm start`'s cache, a
 * fresh user folder, the package installed as a user would install it, and the sandbox.
 * Running workflows in it: scripts/n8n/runs.ts, which the benchmark shares.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

import { SandboxClient } from '../../sandbox/client';
import { KEEP_FOR_TESTS } from '../../sandbox/server';
import { sandboxCredentialData, startLocalN8n } from '../../scripts/n8n/local';
import type { LocalN8n } from '../../scripts/n8n/local';
import { itemsWorkflow, oviceNodeJson, startSaved, waitForExecution } from '../../scripts/n8n/runs';
import { certificates } from '../harness/proxies';
import type { TestCertificates } from '../harness/proxies';

export const E2E_N8N_PORT = Number(process.env.OVICE_E2E_N8N_PORT ?? 5688);
export const E2E_SANDBOX_PORT = Number(process.env.OVICE_E2E_SANDBOX_PORT ?? 4020);

export interface E2eBed {
	local: LocalN8n;
	userFolder: string;
	/** a certificate authority this n8n trusts (NODE_EXTRA_CA_CERTS), and certificates for the proxy tests */
	tls: TestCertificates;
}

/** Starts n8n before the file's tests and stops everything after, whatever happened. */
export function useLocalN8n(): E2eBed {
	const bed = {} as E2eBed;
	beforeAll(async () => {
		bed.userFolder = mkdtempSync(join(tmpdir(), 'ovice-e2e-n8n-'));
		bed.tls = certificates();
		bed.local = await startLocalN8n({
			sandboxKeep: KEEP_FOR_TESTS,
			userFolder: bed.userFolder,
			port: E2E_N8N_PORT,
			sandboxPort: E2E_SANDBOX_PORT,
			env: { NODE_EXTRA_CA_CERTS: bed.tls.caFile },
			log: (line) => process.stdout.write(`${line}\n`),
		});
	}, 900_000);
	afterAll(async () => {
		await bed.local?.stop();
		if (bed.userFolder) rmSync(bed.userFolder, { recursive: true, force: true });
	}, 60_000);
	return bed;
}

/**
 * What n8n's own credential tester answers for a host that does not answer: n8n 2.x the bare
 * socket code, n8n 1.x (which loses the request error) its error class's own text.
 */
export function unreachableAnswer(n8nVersion: string): string {
	return n8nVersion.startsWith('1.')
		? 'The service refused the connection - perhaps it is offline'
		: 'ECONNREFUSED';
}

/**
 * The editor's Stop, tried on a real n8n: 40 workspace notifications through a credential
 * limited to 2 per second, stopped (POST /rest/executions/:id/stop) once a few have arrived.
 * Returns what the sandbox received, and when Stop was pressed.
 */
export async function stopMidway(
	local: Pick<LocalN8n, 'api' | 'sandbox'>,
	name: string,
): Promise<{
	executionId: string;
	stoppedAt: number;
	status: string;
	delivered: Array<{ message: string; at: number }>;
}> {
	const sandbox = new SandboxClient(local.sandbox.url);
	await sandbox.reset();
	const slow = await local.api.ensureCredential(
		`${name} (2/s)`,
		'oviceApi',
		sandboxCredentialData(local.sandbox.url, { maxRequestsPerSecond: 2 }),
	);
	const workflow = itemsWorkflow(
		name,
		40,
		oviceNodeJson(
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: { __rl: true, mode: 'id', value: '101' },
				message: '={{ "stop " + $json.items }}',
			},
			{ id: slow.id, name: slow.name },
		),
	);
	const saved = await local.api.createWorkflow(workflow);
	const executionId = await startSaved(local, saved.id!);
	for (let tries = 0; (await sandbox.notifications()).length < 6 && tries < 300; tries++)
		await new Promise((resolve) => setTimeout(resolve, 100));
	const stoppedAt = Date.now();
	await local.api.call('POST', `/executions/${executionId}/stop`);
	const { record } = await waitForExecution(local, executionId, 60_000);
	// Queued requests would keep arriving every 500 ms: six intervals show whether any still do.
	await new Promise((resolve) => setTimeout(resolve, 3000));
	const delivered = (await sandbox.notifications()).map((notification) => ({
		message: notification.message,
		at: Date.parse(notification.at),
	}));
	return { executionId, stoppedAt, status: record.status, delivered };
}

/** An MCP client's first request (initialize) to an MCP Server Trigger; the HTTP status n8n answers. */
export async function mcpInitialize(
	url: string,
	headers: Record<string, string> = {},
): Promise<number> {
	const response = await request(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			...headers,
		},
		body: JSON.stringify({
			jsonrpc: '2.0',
			id: 1,
			method: 'initialize',
			params: {
				protocolVersion: '2025-03-26',
				capabilities: {},
				clientInfo: { name: 'n8n-nodes-ovice e2e', version: '1' },
			},
		}),
	});
	await response.body.text();
	return response.statusCode;
}
