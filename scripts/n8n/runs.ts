/**
 * Running workflows in a real n8n through its REST API, as the editor does, and reading
 * their executions once n8n has stored all of each: what the end-to-end tests, the queue
 * tests, the benchmark and the published-package check share.
 */
import { parse } from 'flatted';
import { request } from 'undici';

import type { LocalN8n } from './local';
import type { N8nApi, WorkflowJson } from './rest-api';

interface ExecutionRecord {
	id: string;
	finished: boolean;
	status: string;
	data: string;
	/** ISO times n8n stored for the run */
	startedAt?: string;
	stoppedAt?: string;
}

interface RunData {
	resultData: {
		error?: { message: string; description?: string; context?: { itemIndex?: number } };
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

/**
 * An ovice node as n8n saves it in a workflow (`extra` overrides any of it: name,
 * settings such as Retry On Fail).
 */
export function oviceNodeJson(
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	extra: Record<string, unknown> = {},
): WorkflowJson['nodes'][number] {
	return {
		name: 'ovice',
		type: 'n8n-nodes-ovice.ovice',
		typeVersion: 1,
		position: [240, 0],
		parameters,
		credentials: { oviceApi: credential },
		...extra,
	};
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
			oviceNodeJson(parameters, credential, { id: 'a0000000-0000-4000-8000-000000000002' }),
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

/**
 * `count` workspace notifications to Tokyo HQ (101): `message` is an expression over
 * `$json.items` (0 … count-1); `settings` go on the ovice node (Retry On Fail, On Error).
 */
export function notificationsWorkflow(
	name: string,
	count: number,
	message: string,
	credential: { id: string; name: string },
	settings: Record<string, unknown> = {},
): WorkflowJson {
	return itemsWorkflow(
		name,
		count,
		oviceNodeJson(
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: { __rl: true, mode: 'id', value: '101' },
				message,
			},
			credential,
			settings,
		),
	);
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
			oviceNodeJson(
				{
					resource: 'group',
					operation: 'sendNotification',
					groupId: { __rl: true, mode: 'id', value: '201' },
					message: '={{ $json.name }}',
				},
				credential,
				{ id: 'a0000000-0000-4000-8000-000000000302' },
			),
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
