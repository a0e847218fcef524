/**
 * The package in n8n 2.41.1's queue mode: executions started through the webhook process
 * run on the workers, and each notification reaches ovice exactly once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

import { SandboxClient } from '../../sandbox/client';
import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { startQueueN8n } from '../../scripts/queue-n8n';
import type { QueueN8n } from '../../scripts/queue-n8n';

const WEBHOOK_ID = 'a11ce0de-0000-4000-8000-000000000300';
let queue: QueueN8n;
let folder: string;

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'ovice-queue-'));
	queue = await startQueueN8n({ folder, workers: 2, port: 5760, sandboxPort: 4080, log: (line) => process.stdout.write(`${line}\n`) });
}, 600_000);
afterAll(async () => {
	await queue?.stop();
	rmSync(folder, { recursive: true, force: true });
}, 120_000);

function knockToGroup(webhookId = WEBHOOK_ID, name = 'queue: a knock notifies a group', trigger: Record<string, unknown> = {}, credential = queue.credential) {
	return {
		name,
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000301',
				name: 'ovice Trigger',
				type: 'n8n-nodes-ovice.oviceTrigger',
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
				parameters: { resource: 'group', operation: 'sendNotification', groupId: { __rl: true, mode: 'id', value: '201' }, message: '={{ $json.name }}' },
				credentials: { oviceApi: credential },
			},
		],
		connections: { 'ovice Trigger': { main: [[{ node: 'ovice', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

it('300 executions started through the webhook process run on the workers; each notification arrives once', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const saved = await queue.api.createWorkflow(knockToGroup() as never);
	await queue.api.activate(saved.id);
	const url = `${queue.webhook.url}/webhook/${WEBHOOK_ID}/ovice`;
	const post = async (name: string, event = 'knock') => {
		const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event, name }) });
		await response.body.text();
		return response.statusCode;
	};
	// The webhook process learns of the activation from the database; an unselected event is
	// a probe that starts nothing.
	for (let tries = 0; (await post('probe', 'online')) === 404 && tries < 60; tries++) await new Promise((resolve) => setTimeout(resolve, 1000));
	await sandbox.reset();
	const names = Array.from({ length: 300 }, (_, index) => `queue-${index}`);
	for (let offset = 0; offset < names.length; offset += 10) {
		const statuses = await Promise.all(names.slice(offset, offset + 10).map((name) => post(name)));
		expect(statuses.every((status) => status === 200)).toBe(true);
	}
	const started = Date.now();
	let delivered: string[] = [];
	while (Date.now() - started < 300_000) {
		delivered = (await sandbox.notifications()).map((notification) => notification.message);
		if (delivered.length >= names.length) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	await new Promise((resolve) => setTimeout(resolve, 3000));
	delivered = (await sandbox.notifications()).map((notification) => notification.message);
	expect(delivered.length).toBe(names.length);
	expect(new Set(delivered).size).toBe(names.length);
	expect([...delivered].sort()).toEqual([...names].sort());
	// n8n's own record of who ran them: each worker logs the executions it takes.
	const perWorker = queue.workers.map((worker) => (readFileSync(worker.logFile, 'utf8').match(/Worker started execution/g) ?? []).length);
	process.stdout.write(`executions per worker: ${perWorker.join(', ')}\n`);
	expect(perWorker.reduce((sum, count) => sum + count, 0)).toBe(names.length);
	expect(perWorker.every((count) => count > 0)).toBe(true);
	await queue.api.deactivate(saved.id);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const workerStarts = () => queue.workers.map((worker) => (readFileSync(worker.logFile, 'utf8').match(/Worker started execution/g) ?? []).length);

async function activated(webhookId: string, workflow: Record<string, unknown>) {
	const saved = await queue.api.createWorkflow(workflow as never);
	await queue.api.activate(saved.id);
	const url = `${queue.webhook.url}/webhook/${webhookId}/ovice`;
	const post = async (body: Record<string, unknown>, query = '') => {
		const response = await request(`${url}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.statusCode, text: await response.body.text() };
	};
	for (let tries = 0; (await post({ event: 'online' })).status === 404 && tries < 60; tries++) await sleep(1000);
	return { saved, post };
}

it('the webhook process applies the token credential and the event rules; started runs go to a worker', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const token = 'Queue-webhook-token_0123456789';
	const tokenCredential = await queue.api.credentialOrCreate('queue token', 'oviceWebhookTokenApi', { token });
	const webhookId = 'a11ce0de-0000-4000-8000-000000000301';
	const { saved, post } = await activated(
		webhookId,
		knockToGroup(webhookId, 'queue: token', { credentials: { oviceWebhookTokenApi: { id: tokenCredential.id, name: tokenCredential.name } } }),
	);
	await sandbox.reset();
	const before = workerStarts().reduce((sum, count) => sum + count, 0);
	expect((await post({ event: 'knock', name: 'no token' })).status).toBe(401);
	expect((await post({ event: 'knock', name: 'wrong' }, '?token=wrong')).status).toBe(403);
	const unselected = await post({ event: 'online', name: 'x' }, `?token=${token}`);
	expect([unselected.status, JSON.parse(unselected.text).started]).toEqual([200, false]);
	const started = await post({ event: 'knock', name: 'token ok' }, `?token=${token}`);
	expect([started.status, JSON.parse(started.text)]).toEqual([200, { received: true, started: true, event: 'knock' }]);
	for (let tries = 0; (await sandbox.notifications()).length < 1 && tries < 60; tries++) await sleep(500);
	expect((await sandbox.notifications()).map((notification) => notification.message)).toEqual(['token ok']);
	expect(workerStarts().reduce((sum, count) => sum + count, 0) - before).toBe(1);
	await queue.api.deactivate(saved.id);
});

it('rate limit across two workers: measured against a sandbox limited to 5 requests/s', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const limited = await queue.api.credentialOrCreate('queue limited', 'oviceApi', {
		clientId: SANDBOX_KEY.clientId,
		clientSecret: SANDBOX_KEY.clientSecret,
		organizationId: SANDBOX_ORGANIZATION_ID,
		baseUrl: queue.sandbox.url,
		maxRequestsPerSecond: 5,
	});
	const webhookId = 'a11ce0de-0000-4000-8000-000000000302';
	const { saved, post } = await activated(webhookId, knockToGroup(webhookId, 'queue: rate', {}, { id: limited.id, name: limited.name }));
	await sandbox.reset();
	await sandbox.limitRate(5);
	const names = Array.from({ length: 40 }, (_, index) => `rate-${index}`);
	try {
		const started = Date.now();
		await Promise.all(names.map((name) => post({ event: 'knock', name })));
		let delivered: string[] = [];
		while (Date.now() - started < 120_000) {
			delivered = (await sandbox.notifications()).map((notification) => notification.message);
			if (delivered.length >= names.length) break;
			await sleep(250);
		}
		const completionMs = Date.now() - started;
		const refused = (await sandbox.requests()).filter((entry) => entry.status === 429).length;
		process.stdout.write(`rate limit across 2 workers (credential 5/s each, sandbox 5/s): ${names.length} notifications in ${completionMs} ms, ${refused} answered 429, ${delivered.length} delivered, ${delivered.length - new Set(delivered).size} twice\n`);
		expect([...delivered].sort()).toEqual([...names].sort());
	} finally {
		await sandbox.limitRate(0);
		await queue.api.deactivate(saved.id);
	}
});

it('a worker killed mid-batch (SIGKILL): what n8n does, and nothing delivered twice', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000303';
	const { saved, post } = await activated(webhookId, knockToGroup(webhookId, 'queue: kill'));
	await sandbox.reset();
	await sandbox.addFault({ delayMs: 400, path: '/groups/notification', times: -1 });
	const killed = queue.workers[0];
	const logBefore = readFileSync(killed.logFile, 'utf8').length;
	const names = Array.from({ length: 100 }, (_, index) => `kill-${index}`);
	await Promise.all(names.map((name) => post({ event: 'knock', name })));
	for (let tries = 0; (await sandbox.notifications()).length < 10 && tries < 100; tries++) await sleep(200);
	process.kill(-killed.process.pid!, 'SIGKILL');
	// Let the surviving worker drain the queue, and n8n notice the stalled jobs (30 s).
	let last = -1;
	for (let quiet = 0; quiet < 8; ) {
		await sleep(5000);
		const count = (await sandbox.notifications()).length;
		quiet = count === last ? quiet + 1 : 0;
		last = count;
	}
	const log = readFileSync(killed.logFile, 'utf8').slice(logBefore);
	const startedOnKilled = (log.match(/Worker started execution/g) ?? []).length;
	const finishedOnKilled = (log.match(/Worker finished execution/g) ?? []).length;
	const delivered = (await sandbox.notifications()).map((notification) => notification.message);
	const twice = delivered.length - new Set(delivered).size;
	process.stdout.write(
		`worker killed mid-batch: ${names.length} executions; the killed worker had started ${startedOnKilled} and finished ${finishedOnKilled}; ${new Set(delivered).size} notifications delivered, ${twice} twice, ${names.length - new Set(delivered).size} never\n`,
	);
	expect(twice).toBe(0);
	// What is missing can only be executions that were running on the killed worker.
	expect(names.length - new Set(delivered).size).toBeLessThanOrEqual(startedOnKilled - finishedOnKilled);
	await sandbox.clearFaults();
	await queue.api.deactivate(saved.id);
}, 300_000);
