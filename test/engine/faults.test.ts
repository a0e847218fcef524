/**
 * Rate limits and faults, injected by the sandbox: every notification is delivered exactly
 * once or reported failed; none is silently lost, none is sent twice.
 */
import { byId, singleNodeWorkflow, useTestBed } from '../harness/fixtures';
import {
	expectExactlyOnceOrReported,
	NOTIFY_PATH,
	notifyAndCollect,
	notifyEach,
} from '../harness/notifications';

const bed = useTestBed();

const runNotifications = (count: number, credentialOverrides = {}, extra = {}) =>
	notifyAndCollect(bed, count, credentialOverrides, extra);

describe('429: ovice did not process the request, so it is retried', () => {
	it('waits for Retry-After and delivers once', async () => {
		await bed.client.addFault({ status: 429, retryAfter: 0, path: NOTIFY_PATH, times: 2 });
		const { items, delivered, requests } = await runNotifications(1);
		expect(items[0].json).toEqual({
			success: true,
			target: { type: 'workspace', id: 101, roles: ['admin', 'member'] },
			message: 'note-0',
		});
		expect(delivered).toEqual(['note-0']);
		expect(requests.map((request) => request.status)).toEqual([429, 429, 200]);
	});

	it('backs off without Retry-After and delivers once', async () => {
		await bed.client.addFault({ status: 429, path: NOTIFY_PATH, times: 3 });
		const { items, delivered } = await runNotifications(1);
		expect(items[0].json).toEqual({
			success: true,
			target: { type: 'workspace', id: 101, roles: ['admin', 'member'] },
			message: 'note-0',
		});
		expect(delivered).toEqual(['note-0']);
	});

	it('retries reads too', async () => {
		await bed.client.addFault({ status: 429, retryAfter: 0, times: 2 });
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{
				credentials: bed.credentials,
			},
		);
		expect(result.output('ovice')).toHaveLength(3);
	});

	it('reports the item when retries run out, and sends nothing', async () => {
		await bed.client.addFault({ status: 429, retryAfter: 0, path: NOTIFY_PATH, times: -1 });
		const { items, delivered, requests } = await runNotifications(1);
		expect(items[0].json.error).toBe('ovice rate limit reached (HTTP 429)');
		expect(delivered).toEqual([]);
		expect(requests).toHaveLength(11);
	});
});

describe('5xx and timeouts: a notification may have been delivered, so it is not sent again', () => {
	it('a 5xx before processing: reported, sent once, not retried', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1 });
		const { items, delivered, requests } = await runNotifications(1);
		expect(items[0].json.error).toBe('ovice had a server error (HTTP 500)');
		expect(requests).toHaveLength(1);
		expect(delivered).toEqual([]);
	});

	it('a 5xx after processing: delivered once, reported, never duplicated', async () => {
		await bed.client.addFault({ status: 502, path: NOTIFY_PATH, times: 1, afterProcessing: true });
		const { workflow, input } = notifyEach(1);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		const [item] = result.output('ovice');
		expect(item.json.error).toBe('ovice had a server error (HTTP 502)');
		expect(
			String((item.error as { description?: string } | undefined)?.description ?? ''),
		).toContain('may or may not have been delivered');
		expect((await bed.client.notifications()).map((n) => n.message)).toEqual(['note-0']);
	});

	it('a timeout: reported as possibly delivered, not retried', async () => {
		await bed.client.addFault({ delayMs: 600, path: NOTIFY_PATH, times: 1 });
		const { items, requests } = await runNotifications(1, {}, { requestOptions: { timeout: 200 } });
		expect(items[0].json.error).toMatch(/^ovice did not answer the notification/);
		expect(requests).toHaveLength(1);
		// The sandbox carried the slow request out: delivered once, never twice.
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect((await bed.client.notifications()).map((n) => n.message)).toEqual(['note-0']);
	});

	it('reads are retried after 5xx and still answer', async () => {
		await bed.client.addFault({ status: 503, path: '/workspaces/workspace_users', times: 2 });
		const result = await bed.engine.run(
			singleNodeWorkflow({
				resource: 'workspace',
				operation: 'getUsers',
				workspaceId: byId(101),
				returnAll: true,
			}),
			{ credentials: bed.credentials },
		);
		expect(result.output('ovice')).toHaveLength(6);
	});

	it('reads against an unreachable host give up with a clear error', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{
				credentials: bed.credential({ baseUrl: 'http://127.0.0.1:9' }),
			},
		);
		expect(result.error?.message).toMatch(/^ovice could not be reached/);
	});
});

describe('max requests per second', () => {
	it('spaces requests so a rate-limited ovice never refuses them', async () => {
		await bed.client.limitRate(20);
		const { items, delivered, requests, elapsedMs } = await runNotifications(40, {
			maxRequestsPerSecond: 15,
		});
		expectExactlyOnceOrReported(items, delivered, 40);
		expect(items.every((item) => item.json.success === true)).toBe(true);
		expect(requests.filter((request) => request.status === 429)).toHaveLength(0);
		expect(elapsedMs).toBeGreaterThanOrEqual((39 / 15) * 1000 - 100);
	}, 30_000);

	it('without it, ovice refuses some and the retries still deliver each exactly once', async () => {
		await bed.client.limitRate(20);
		const { items, delivered, requests } = await runNotifications(40);
		expectExactlyOnceOrReported(items, delivered, 40);
		expect(items.every((item) => item.json.success === true)).toBe(true);
		expect(requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
	}, 30_000);
});
