/**
 * One real n8n for an end-to-end test file: the pinned runtime from `npm start`'s cache, a
 * fresh user folder, the package installed as a user would install it, and the sandbox.
 */
import { parse } from 'flatted';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

import { SandboxClient } from '../../sandbox/client';
import { sandboxCredentialData, startLocalN8n } from '../../scripts/local-n8n';
import type { LocalN8n } from '../../scripts/local-n8n';
import type { N8nApi, WorkflowJson } from '../../scripts/n8n-api';
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

interface ExecutionRecord {
	id: string;
	finished: boolean;
	status: string;
	data: string;
}

interface RunData {
	resultData: {
		error?: { message: string; description?: string };
		runData: Record<
			string,
			Array<{
				data?: { main: Array<Array<{ json: Record<string, unknown> }>> };
				error?: { message: string };
			}>
		>;
	};
}

export async function waitForExecution(
	local: Pick<LocalN8n, 'api'>,
	executionId: string,
	timeoutMs = 30_000,
): Promise<{ record: ExecutionRecord; data: RunData }> {
	const started = Date.now();
	for (;;) {
		// A busy n8n may drop a poll; only the deadline ends the wait.
		const record = await local.api
			.call<ExecutionRecord>('GET', `/executions/${executionId}`)
			.catch((error: Error) => {
				if (Date.now() - started > timeoutMs) throw error;
				return undefined;
			});
		if (!record) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			continue;
		}
		// Under load n8n can report a run finished a moment before its data is stored, or
		// store the data in steps: only a finished status with its run data counts.
		const ended =
			record.finished || ['success', 'error', 'crashed', 'canceled'].includes(record.status);
		const data = ended && record.data ? (parse(record.data) as Partial<RunData>) : undefined;
		if (data?.resultData?.runData) return { record, data: data as RunData };
		if (Date.now() - started > timeoutMs)
			throw new Error(
				`execution ${executionId} did not finish: ${record.status}${data?.resultData?.runData ? '' : ', and n8n returned no complete run data'}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Saves a workflow, runs it from its first node as the editor's "Execute workflow" does. */
export async function runManually(local: LocalN8n, workflow: WorkflowJson, timeoutMs = 30_000) {
	const saved = await local.api.createWorkflow(workflow);
	return await runSaved(local, saved.id, undefined, timeoutMs);
}

/** Starts a saved workflow as the editor's "Execute workflow" does; its execution ID. */
export async function startSaved(
	local: Pick<LocalN8n, 'api'>,
	workflowId: string,
	startFrom?: string,
): Promise<string> {
	const full = await local.api.getWorkflow(workflowId);
	const { executionId } = await local.api.call<{ executionId: string }>(
		'POST',
		`/workflows/${workflowId}/run`,
		{
			workflowData: full,
			triggerToStartFrom: { name: startFrom ?? full.nodes[0].name },
		},
	);
	return executionId;
}

export async function runSaved(
	local: Pick<LocalN8n, 'api'>,
	workflowId: string,
	startFrom?: string,
	timeoutMs = 30_000,
) {
	const executionId = await startSaved(local, workflowId, startFrom);
	const { record, data } = await waitForExecution(local, executionId, timeoutMs);
	const output = (nodeName: string) =>
		(data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
	return { record, data, output, error: data.resultData.error };
}

/** A manual trigger followed by one ovice node, as a user builds it in the editor. */
export function oviceWorkflow(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
): WorkflowJson {
	return {
		name,
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: 'ovice',
				type: 'n8n-nodes-ovice.ovice',
				typeVersion: 1,
				position: [240, 0],
				parameters,
				credentials: { oviceApi: credential },
			},
		],
		connections: { Start: { main: [[{ node: 'ovice', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Items 0..count-1 (`$json.items`), made without a Code node (a Set node builds the list,
 * Split Out fans it out), into one target node, which carries its own `name`.
 */
export function itemsWorkflow(
	name: string,
	count: number,
	target: Record<string, unknown> & { name: string },
): WorkflowJson {
	type Node = WorkflowJson['nodes'][number];
	const node = (
		index: number,
		rest: Record<string, unknown> & { name: string; type?: string },
	): Node =>
		({
			id: `c0000000-0000-4000-8000-00000000000${index}`,
			position: [index * 200, 0],
			...rest,
		}) as Node;
	return {
		name,
		nodes: [
			node(0, {
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				parameters: {},
			}),
			node(1, {
				name: 'Make list',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ JSON.stringify({ items: Array.from({ length: ${count} }, (_, i) => i) }) }}`,
					options: {},
				},
			}),
			node(2, {
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'items', options: {} },
			}),
			node(3, target),
		],
		connections: {
			Start: { main: [[{ node: 'Make list', type: 'main', index: 0 }]] },
			'Make list': { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: target.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', saveManualExecutions: true },
	};
}

/** An ovice Webhook Trigger for knocks, each notifying group 201 (Engineering) with the knocker's name. */
export function knockWorkflow(
	name: string,
	webhookId: string,
	credential: { id: string; name: string },
	trigger: Record<string, unknown> = {},
): WorkflowJson {
	return {
		name,
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000301',
				name: 'ovice Webhook Trigger',
				type: 'n8n-nodes-ovice.oviceWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['knock'] },
				...trigger,
			},
			{
				id: 'a0000000-0000-4000-8000-000000000302',
				name: 'ovice',
				type: 'n8n-nodes-ovice.ovice',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'group',
					operation: 'sendNotification',
					groupId: { __rl: true, mode: 'id', value: '201' },
					message: '={{ $json.name }}',
				},
				credentials: { oviceApi: credential },
			},
		],
		connections: {
			'ovice Webhook Trigger': { main: [[{ node: 'ovice', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as WorkflowJson;
}

/**
 * Saves and activates a workflow with an ovice Webhook Trigger, and waits until the process that
 * serves webhooks at `webhookBase` knows it (an unselected event is a probe that starts
 * nothing). `post` sends ovice-style JSON to it.
 */
export async function activateWebhook(
	api: N8nApi,
	webhookBase: string,
	webhookId: string,
	workflow: WorkflowJson,
) {
	const saved = await api.createWorkflow(workflow);
	await api.activate(saved.id);
	const url = `${webhookBase}/webhook/${webhookId}/ovice`;
	const post = async (body: Record<string, unknown>, query = '') => {
		const response = await request(`${url}${query}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.statusCode, text: await response.body.text() };
	};
	for (let tries = 0; (await post({ event: 'online' })).status === 404 && tries < 60; tries++)
		await new Promise((resolve) => setTimeout(resolve, 1000));
	return { id: saved.id, post };
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
	const workflow = itemsWorkflow(name, 40, {
		name: 'ovice',
		type: 'n8n-nodes-ovice.ovice',
		typeVersion: 2,
		parameters: {
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: { __rl: true, mode: 'id', value: '101' },
			message: '={{ "stop " + $json.items }}',
		},
		credentials: { oviceApi: { id: slow.id, name: slow.name } },
	});
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

/**
 * A workflow's executions, each once: n8n's list can show an execution twice while it
 * finishes (once running, once done, seen in n8n 2.41.1); the last entry of an ID wins.
 */
export async function executionsOf(
	local: Pick<LocalN8n, 'api'>,
	workflowId: string,
): Promise<Array<{ id: string; status: string }>> {
	const { results } = await local.api.call<{ results: Array<{ id: string; status: string }> }>(
		'GET',
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
	);
	return [...new Map(results.map((execution) => [execution.id, execution])).values()];
}
