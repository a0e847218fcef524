/**
 * The package in n8n 2.41.1's queue mode: executions started through the webhook process
 * run on the workers, and each notification reaches ovice exactly once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SandboxClient } from '../../sandbox/client';
import { sandboxCredentialData } from '../../scripts/n8n/local';
import { signalGroup } from '../../scripts/n8n/children';
import { activateWebhook, knockWorkflow, oviceNodeJson } from '../../scripts/n8n/runs';
import { stopMidway } from '../e2e/e2e-bed';
import { startQueueN8n } from '../../scripts/n8n/queue';
import type { QueueN8n } from '../../scripts/n8n/queue';

const WEBHOOK_ID = 'a11ce0de-0000-4000-8000-000000000300';
let queue: QueueN8n;
let folder: string;

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'ovice-queue-'));
	queue = await startQueueN8n({
		folder,
		workers: 2,
		port: 5760,
		sandboxPort: 4080,
		log: (line) => process.stdout.write(`${line}\n`),
	});
}, 600_000);
afterAll(async () => {
	await queue?.stop();
	rmSync(folder, { recursive: true, force: true });
}, 120_000);

it('300 executions started through the webhook process run on the workers; each notification arrives once', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const { id, post } = await activateWebhook(
		queue.api,
		queue.webhook.url,
		WEBHOOK_ID,
		knockWorkflow('queue: a knock notifies a group', WEBHOOK_ID, queue.credential),
	);
	await sandbox.reset();
	const names = Array.from({ length: 300 }, (_, index) => `queue-${index}`);
	for (let offset = 0; offset < names.length; offset += 10) {
		const answers = await Promise.all(
			names.slice(offset, offset + 10).map((name) => post({ event: 'knock', name })),
		);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
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
	const perWorker = queue.workers.map(
		(worker) =>
			(readFileSync(worker.logFile, 'utf8').match(/Worker started execution/g) ?? []).length,
	);
	process.stdout.write(`executions per worker: ${perWorker.join(', ')}\n`);
	expect(perWorker.reduce((sum, count) => sum + count, 0)).toBe(names.length);
	expect(perWorker.every((count) => count > 0)).toBe(true);
	await queue.api.deactivate(id);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const workerStarts = () =>
	queue.workers.map(
		(worker) =>
			(readFileSync(worker.logFile, 'utf8').match(/Worker started execution/g) ?? []).length,
	);

it('the webhook process applies the token credential and the event rules; started runs go to a worker', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const token = 'Queue-webhook-token_0123456789';
	const tokenCredential = await queue.api.credentialOrCreate(
		'queue token',
		'oviceWebhookTokenApi',
		{ token },
	);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000301';
	const { id, post } = await activateWebhook(
		queue.api,
		queue.webhook.url,
		webhookId,
		knockWorkflow('queue: token', webhookId, queue.credential, {
			credentials: { oviceWebhookTokenApi: { id: tokenCredential.id, name: tokenCredential.name } },
		}),
	);
	await sandbox.reset();
	const before = workerStarts().reduce((sum, count) => sum + count, 0);
	expect((await post({ event: 'knock', name: 'no token' })).status).toBe(401);
	expect((await post({ event: 'knock', name: 'wrong' }, '?token=wrong')).status).toBe(403);
	const unselected = await post({ event: 'online', name: 'x' }, `?token=${token}`);
	expect([unselected.status, JSON.parse(unselected.text).started]).toEqual([200, false]);
	const started = await post({ event: 'knock', name: 'token ok' }, `?token=${token}`);
	expect([started.status, JSON.parse(started.text)]).toEqual([
		200,
		{ received: true, started: true, event: 'knock' },
	]);
	for (let tries = 0; (await sandbox.notifications()).length < 1 && tries < 60; tries++)
		await sleep(500);
	expect((await sandbox.notifications()).map((notification) => notification.message)).toEqual([
		'token ok',
	]);
	expect(workerStarts().reduce((sum, count) => sum + count, 0) - before).toBe(1);
	await queue.api.deactivate(id);
});

it('rate limit across two workers: measured against a sandbox limited to 5 requests/s', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const limited = await queue.api.credentialOrCreate(
		'queue limited',
		'oviceApi',
		sandboxCredentialData(queue.sandbox.url, { maxRequestsPerSecond: 5 }),
	);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000302';
	const { id, post } = await activateWebhook(
		queue.api,
		queue.webhook.url,
		webhookId,
		knockWorkflow('queue: rate', webhookId, { id: limited.id, name: limited.name }),
	);
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
		process.stdout.write(
			`rate limit across 2 workers (credential 5/s each, sandbox 5/s): ${names.length} notifications in ${completionMs} ms, ${refused} answered 429, ${delivered.length} delivered, ${delivered.length - new Set(delivered).size} twice\n`,
		);
		expect([...delivered].sort()).toEqual([...names].sort());
	} finally {
		await sandbox.limitRate(0);
		await queue.api.deactivate(id);
	}
});

it('Stop of a manual run on a worker: at most one notification more than 1 s after Stop, none twice', async () => {
	const { executionId, stoppedAt, status, delivered } = await stopMidway(queue, 'queue: stop');
	process.stdout.write(
		`queue Stop: ${delivered.length} of 40 delivered, ${delivered.filter((entry) => entry.at > stoppedAt).length} after Stop, execution ${status}\n`,
	);
	expect(status).toBe('canceled');
	expect(delivered.length).toBeLessThan(40);
	expect(delivered.filter((entry) => entry.at > stoppedAt + 1000).length).toBeLessThanOrEqual(1);
	expect(new Set(delivered.map((entry) => entry.message)).size).toBe(delivered.length);
	// The run was on a worker (manual runs are offloaded in this deployment), not on the main process.
	const ranOn = queue.workers.filter((worker) =>
		new RegExp(`started execution ${executionId}\\b`).test(readFileSync(worker.logFile, 'utf8')),
	);
	expect(ranOn).toHaveLength(1);
}, 180_000);

it('a worker killed mid-batch (SIGKILL): what n8n does, and nothing delivered twice', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000303';
	const { id, post } = await activateWebhook(
		queue.api,
		queue.webhook.url,
		webhookId,
		knockWorkflow('queue: kill', webhookId, queue.credential),
	);
	await sandbox.reset();
	await sandbox.addFault({ delayMs: 400, path: '/groups/notification', times: -1 });
	const killed = queue.workers[0];
	const logBefore = readFileSync(killed.logFile, 'utf8').length;
	const names = Array.from({ length: 100 }, (_, index) => `kill-${index}`);
	await Promise.all(names.map((name) => post({ event: 'knock', name })));
	for (let tries = 0; (await sandbox.notifications()).length < 10 && tries < 100; tries++)
		await sleep(200);
	signalGroup(killed.process, 'SIGKILL');
	// Let the surviving worker drain the queue, and n8n notice the stalled jobs (30 s).
	let last = -1;
	for (let quiet = 0; quiet < 8;) {
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
	expect(names.length - new Set(delivered).size).toBeLessThanOrEqual(
		startedOnKilled - finishedOnKilled,
	);
	await sandbox.clearFaults();
	await queue.api.deactivate(id);
}, 300_000);

it('Presence Trigger polls on the main process; changes made while the main restarts are each reported once', async () => {
	const sandbox = new SandboxClient(queue.sandbox.url);
	await sandbox.reset();
	const workflow = {
		name: 'queue: presence across a main restart',
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000311',
				name: 'Presence',
				type: 'n8n-nodes-ovice.ovicePresenceTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					workspaceId: { __rl: true, mode: 'id', value: '101' },
				},
				credentials: { oviceApi: queue.credential },
			},
			oviceNodeJson(
				{
					resource: 'group',
					operation: 'sendNotification',
					groupId: { __rl: true, mode: 'id', value: '201' },
					message:
						'={{ $json.event }} {{ $json.user.id }} {{ $json.user.name }} {{ $json.previousStatus }}>{{ $json.status ?? "gone" }}',
				},
				queue.credential,
				{ id: 'a0000000-0000-4000-8000-000000000312' },
			),
		],
		connections: { Presence: { main: [[{ node: 'ovice', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	const saved = await queue.api.createWorkflow(workflow as never);
	const messages = async () =>
		(await sandbox.notifications()).map((notification) => notification.message);
	const waitForCount = async (count: number, timeoutMs: number) => {
		const started = Date.now();
		while ((await messages()).length < count && Date.now() - started < timeoutMs) await sleep(1000);
		return messages();
	};
	const before = workerStarts().reduce((sum, count) => sum + count, 0);
	await queue.api.activate(saved.id);
	try {
		// The baseline, taken on activation and kept in PostgreSQL by the main process.
		const baseline = async () =>
			(
				(await queue.api.getWorkflow(saved.id)) as {
					staticData?: Record<string, { statuses?: Record<string, string> }>;
				}
			).staticData?.['node:Presence']?.statuses;
		for (let tries = 0; !(await baseline()) && tries < 60; tries++) await sleep(1000);
		expect((await baseline())?.['1005']).toBe('online');
		// Written out from the sandbox's seed (Tokyo HQ): Dana Okafor (1004) was offline.
		await sandbox.setUser(101, 1004, { status: 'online' });
		expect(await waitForCount(1, 150_000)).toEqual(['userOnline 1004 Dana Okafor offline>online']);
		await queue.restartMain(async () => {
			// While the main process is down, nobody polls: these must come with the next poll.
			await sandbox.setUser(101, 1005, { status: 'offline' });
			await sandbox.setUser(101, 1003, { status: 'online' });
			await sandbox.removeUser(101, 1002);
		});
		await waitForCount(4, 180_000);
		// One more poll after that: nothing new, nothing repeated.
		await sleep(65_000);
		const delivered = await messages();
		expect([...delivered].sort()).toEqual(
			[
				'userOnline 1004 Dana Okafor offline>online',
				'userOffline 1005 Emi Sato online>offline',
				'userStatusChanged 1003 Chen Wei away>online',
				'userOffline 1002 Ben Carter online>gone',
			].sort(),
		);
		// Each poll that found changes started one execution, and the workers ran them.
		expect(workerStarts().reduce((sum, count) => sum + count, 0) - before).toBe(2);
	} finally {
		await queue.api.deactivate(saved.id);
	}
}, 480_000);
