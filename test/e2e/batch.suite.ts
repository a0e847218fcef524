/**
 * A batch goes out the way a sender expects, in the real server: in input order, the whole
 * input checked before the first send, nothing after a failure, one pace per key, every
 * wait ended by its Timeout or Stop. Run by n8n.e2e.test.ts in the server it starts.
 */
import { SandboxClient } from '../../sandbox/client';
import { SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { sandboxCredentialData } from '../../scripts/n8n/local';
import {
	notificationsWorkflow,
	oviceWorkflow,
	runManually,
	startSaved,
	waitForExecution,
} from '../../scripts/n8n/runs';
import type { E2eBed } from './e2e-bed';

const NOTIFY_PATH = `/api/public/v1/${SANDBOX_ORGANIZATION_ID}/workspaces/notification`;
const written = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function batchSuite(bed: E2eBed): void {
	const sandbox = () => new SandboxClient(bed.local.sandbox.url);
	const received = async () => (await sandbox().notifications()).map((n) => n.message);
	const notifyRequests = async () =>
		(await sandbox().requests()).filter((request) => request.path === NOTIFY_PATH);
	const credential = (name: string, extra: Record<string, string | number> = {}) =>
		bed.local.api.ensureCredential(
			name,
			'oviceApi',
			sandboxCredentialData(bed.local.sandbox.url, extra),
		);

	const notifications = (
		name: string,
		count: number,
		message: string,
		owner: { id: string; name: string } = bed.local.credential,
		settings: Record<string, unknown> = {},
	) => notificationsWorkflow(name, count, message, owner, settings);
	/** ovice answers `status` to the notification after the first `after`. */
	const failAfter = (status: number, after: number) =>
		sandbox().addFault({ status, path: '/workspaces/notification', times: 1, after });
	const getMany = (requestOptions: Record<string, unknown>, owner = bed.local.credential) =>
		oviceWorkflow(
			'E2E batch get many',
			{ resource: 'workspace', operation: 'getAll', returnAll: true, requestOptions },
			owner,
		);
	/** Runs a saved workflow without waiting for it. */
	const start = async (workflow: Parameters<typeof runManually>[1]) =>
		await startSaved(bed.local, (await bed.local.api.createWorkflow(workflow)).id);
	/** Waits until the sandbox has answered a request with `status`. */
	const untilAnswered = async (status: number) => {
		for (let tries = 0; tries < 400; tries++) {
			if ((await sandbox().requests()).some((request) => request.status === status)) return;
			await sleep(50);
		}
		throw new Error(`the sandbox answered no request with ${status}`);
	};
	const stop = (executionId: string) =>
		bed.local.api.call('POST', `/executions/${executionId}/stop`);

	describe('a batch in the real server: in input order, checked first, nothing after a failure', () => {
		it('40 notifications, ovice slow to answer the first: received and processed in input order', async () => {
			await sandbox().addFault({ delayMs: 400, path: '/workspaces/notification', times: 1 });
			const run = await runManually(
				bed.local,
				notifications('E2E order', 40, '={{ "o-" + $json.items }}'),
				60_000,
			);
			expect(run.record.status).toBe('success');
			const arrived = (await notifyRequests()).map(
				(request) => (request.body as { message: string }).message,
			);
			expect(arrived).toEqual(written('o', 40));
			expect(await received()).toEqual(written('o', 40));
			expect(run.output('ovice').map((item) => item.message)).toEqual(written('o', 40));
		});

		it('50 items, the 8th message empty: nothing sent and the error names the item and the field; with Continue 49 sent and 1 error item', async () => {
			const message = '={{ $json.items === 7 ? "" : "b-" + $json.items }}';
			const refused = await runManually(bed.local, notifications('E2E bad input', 50, message));
			expect(refused.record.status).toBe('error');
			expect(refused.error?.message).toBe('Message is empty');
			expect(refused.error?.context?.itemIndex).toBe(7);
			expect(refused.error?.description).toContain('Nothing of this run was sent');
			expect(await sandbox().requests()).toEqual([]);

			const continued = await runManually(
				bed.local,
				notifications('E2E bad input, continue', 50, message, bed.local.credential, {
					onError: 'continueRegularOutput',
				}),
			);
			expect(continued.record.status).toBe('success');
			expect(await received()).toEqual(written('b', 50).filter((text) => text !== 'b-7'));
			const output = continued.output('ovice');
			expect(output).toHaveLength(50);
			expect(output[7]).toEqual({ error: 'Message is empty' });
		});

		it('ovice answers 400 to the 11th of 50: exactly the first 10 delivered, none after', async () => {
			await failAfter(400, 10);
			const run = await runManually(
				bed.local,
				notifications('E2E first failure', 50, '={{ "f-" + $json.items }}'),
			);
			expect(run.record.status).toBe('error');
			expect(run.error?.description).toContain(
				'10 notifications of this run were delivered before it stopped, in input order; nothing after the failed item was sent',
			);
			expect(await received()).toEqual(written('f', 10));
			expect(await notifyRequests()).toHaveLength(11);
		});

		it('Retry On Fail after a 500 on the 11th of 50: all 50 delivered once each, in order', async () => {
			await failAfter(500, 10);
			const run = await runManually(
				bed.local,
				notifications('E2E retry', 50, '={{ "r-" + $json.items }}', bed.local.credential, {
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 100,
				}),
			);
			expect(run.record.status).toBe('success');
			expect(await received()).toEqual(written('r', 50));
			expect(await notifyRequests()).toHaveLength(51);
		});
	});

	describe('waits in the real server: one pace per key, each wait ended by its Timeout or Stop', () => {
		it("a slower credential with the same client ID and a wrong secret does not stall the right one's read", async () => {
			const slow = await credential('E2E slow batch (0.02/s, wrong secret)', {
				clientSecret: 'not-the-secret',
				maxRequestsPerSecond: 0.02,
			});
			const right = await credential('E2E right key (5/s)', { maxRequestsPerSecond: 5 });
			const slowRun = await start(
				notifications('E2E slow batch', 2, '={{ "slow-" + $json.items }}', slow, {
					onError: 'continueRegularOutput',
				}),
			);
			await untilAnswered(401);
			const read = await runManually(bed.local, getMany({ timeout: 3000 }, right));
			expect(read.record.status).toBe('success');
			expect(read.output('ovice')).toHaveLength(3);
			await stop(slowRun);
			expect((await sandbox().requests()).map((request) => request.status)).toEqual([401, 200]);
		});

		it("a read with Timeout 2,000 ms after ovice's Retry-After: 30 ends within 3 s, naming ovice's wait", async () => {
			// n8n keeps what ovice asked of a key for every later run in the process: this test
			// uses a key of its own (localhost is another origin), so its 30 s pause stays here.
			const own = await credential('E2E paused key (localhost)', {
				baseUrl: bed.local.sandbox.url.replace('127.0.0.1', 'localhost'),
			});
			await sandbox().addFault({
				status: 429,
				retryAfter: 30,
				path: '/workspaces/notification',
				times: 1,
			});
			const paused = await start(notifications('E2E paused', 1, '={{ "p-" + $json.items }}', own));
			await untilAnswered(429);
			const started = Date.now();
			const read = await runManually(bed.local, getMany({ timeout: 2000 }, own));
			const tookMs = Date.now() - started;
			expect(read.record.status).toBe('error');
			expect(read.error?.message).toMatch(
				/^Not sent: ovice asked requests with this key to wait \d+ s$/,
			);
			// The run itself, as n8n stored it (the REST round trips aside).
			expect(Date.parse(read.record.stoppedAt!) - Date.parse(read.record.startedAt!)).toBeLessThan(
				3000,
			);
			process.stdout.write(`Read during ovice's pause: refused in ${tookMs} ms (REST included)\n`);
			await stop(paused);
		});

		// The main key's 4 s pause is over before the next test.
		it("Stop during ovice's pause ends the run within 1 s; the wait is not slept out", async () => {
			await sandbox().addFault({
				status: 429,
				retryAfter: 4,
				path: '/workspaces/notification',
				times: 1,
			});
			const executionId = await start(
				notifications('E2E stop in pause', 3, '={{ "s-" + $json.items }}'),
			);
			await untilAnswered(429);
			const stoppedAt = Date.now();
			await stop(executionId);
			const { record } = await waitForExecution(bed.local, executionId, 10_000);
			expect(record.status).toBe('canceled');
			expect(Date.parse(record.stoppedAt!) - stoppedAt).toBeLessThan(1000);
			// A slept-out wait would send the notification again 4 s after the 429.
			await sleep(6000);
			expect((await sandbox().requests()).map((request) => request.status)).toEqual([429]);
		});

		it('one pace for the key however the Base URL is spelled: 100 each through …:PORT and …:PORT/ at once against 10/s, all delivered, ≤ 1.5 requests each', async () => {
			const spelled = await credential('E2E spelled with a slash', {
				baseUrl: `${bed.local.sandbox.url}/`,
			});
			await sandbox().limitRate(10);
			try {
				const ids = await Promise.all([
					start(notifications('E2E pace a', 100, '={{ "a-" + $json.items }}')),
					start(notifications('E2E pace b', 100, '={{ "b-" + $json.items }}', spelled)),
				]);
				const runs = await Promise.all(ids.map((id) => waitForExecution(bed.local, id, 120_000)));
				expect(runs.map((run) => run.record.status)).toEqual(['success', 'success']);
				const all = await received();
				expect(all.filter((text) => text.startsWith('a-'))).toEqual(written('a', 100));
				expect(all.filter((text) => text.startsWith('b-'))).toEqual(written('b', 100));
				const requests = await notifyRequests();
				process.stdout.write(
					`One pace: 200 delivered with ${requests.length} requests (${requests.filter((r) => r.status === 429).length} × 429)\n`,
				);
				expect(requests.length).toBeLessThanOrEqual(300);
			} finally {
				await sandbox().limitRate(0);
			}
		}, 180_000);

		it.each([
			['myproxy:3128', 'has no http:// or https://'],
			['127.0.0.1:6199', 'is not an address'],
		])(
			'Request Options → Proxy "%s" is refused naming the field; nothing is sent',
			async (proxy, why) => {
				const run = await runManually(bed.local, getMany({ proxy }));
				expect(run.record.status).toBe('error');
				expect(run.error?.message).toBe(`Request Options → Proxy "${proxy}" ${why}`);
				expect(await sandbox().requests()).toEqual([]);
			},
		);
	});
}
