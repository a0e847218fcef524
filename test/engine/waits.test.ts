/**
 * Every wait ends at the request's Timeout or at Stop, and says what it waited for: the
 * credential's Max Requests per Second (that credential's requests only), ovice's
 * Retry-After and its learned pace (every request with the key). Bounds are generous: they
 * separate "refused at once" from "slept out", which differ by tens of seconds.
 */
import type { INodeParameters } from 'n8n-workflow';

import { singleNodeWorkflow, textNotifications, useTestBed } from '../harness/fixtures';
import { JSON_LIST, useCatcher } from '../harness/catcher';
import { NOTIFY_PATH } from '../harness/notifications';

const bed = useTestBed();

const CONTINUE = { onError: 'continueRegularOutput' } as const;
const getMany = (requestOptions: INodeParameters = {}) =>
	singleNodeWorkflow({
		resource: 'workspace',
		operation: 'getAll',
		returnAll: true,
		requestOptions,
	});
const received = () => bed.sandbox.notifications.map((notification) => notification.message);

/** Starts a run that waits out a 30 s Retry-After from ovice (a 429 on its one notification). */
async function pausedByOvice(retryAfter: number) {
	await bed.client.addFault({ status: 429, retryAfter, path: NOTIFY_PATH, times: 1 });
	const paused = textNotifications('paused', 1);
	const running = bed.engine.run(paused.workflow, {
		credentials: bed.credentials,
		input: paused.input,
		cancelAfterMs: 3000,
	});
	for (let tries = 0; !bed.sandbox.requests.some((r) => r.status === 429) && tries < 200; tries++)
		await new Promise((resolve) => setTimeout(resolve, 25));
	// Wrapped: an async function returning the run itself would wait for it.
	return { running };
}

describe("the credential's Max Requests per Second belongs to that credential", () => {
	it('a slower credential with the same client ID (and a wrong secret) does not stall the right one', async () => {
		// The scenario of the issue: 2 notifications at 0.02/s, then a Get Many with the right credential.
		const slow = textNotifications('slow', 2, {
			...CONTINUE,
			credentials: { oviceApi: { id: '2', name: 'slow batch' } },
		});
		const slowRun = bed.engine.run(slow.workflow, {
			credentials: bed.credential({ clientSecret: 'not-the-secret', maxRequestsPerSecond: 0.02 }),
			input: slow.input,
			cancelAfterMs: 4000,
		});
		for (let tries = 0; bed.sandbox.requests.length === 0 && tries < 200; tries++)
			await new Promise((resolve) => setTimeout(resolve, 25));
		// The right credential has a ceiling of its own (5/s): each keeps its own spacing.
		const result = await bed.engine.run(getMany({ timeout: 3000 }), {
			credentials: bed.credential({ maxRequestsPerSecond: 5 }),
		});
		expect(result.error).toBeUndefined();
		expect(result.output('ovice')).toHaveLength(3);
		expect((await slowRun).run.status).toBe('canceled');
		expect(bed.sandbox.requests.map((request) => request.status)).toEqual([401, 200]);
	});

	it('its own requests are spaced and refused at once, naming the setting, when no turn comes within the Timeout', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 0.1 });
		const { workflow, input } = textNotifications(
			'ceiling',
			3,
			{},
			{ requestOptions: { timeout: 2000 } },
		);
		const started = Date.now();
		const result = await bed.engine.run(workflow, { credentials, input });
		expect(Date.now() - started).toBeLessThan(8000);
		expect(result.error?.message).toBe(
			"Not sent: the credential's Max Requests per Second (0.1) gives this request no turn within 2 s",
		);
		expect(result.error?.description).toContain(
			'Raise "Max Requests per Second" in the ovice credential',
		);
		expect(received()).toEqual(['ceiling-0']);
	});
});

describe("ovice's Retry-After pauses the key, and every wait ends at its Timeout", () => {
	it("a read with Timeout 2,000 ms after Retry-After: 30 ends within 3 s, naming ovice's wait", async () => {
		const { running: paused } = await pausedByOvice(30);
		const started = Date.now();
		const result = await bed.engine.run(getMany({ timeout: 2000 }), {
			credentials: bed.credentials,
		});
		expect(Date.now() - started).toBeLessThan(3000);
		expect(result.error?.message).toMatch(
			/^Not sent: ovice asked requests with this key to wait (29|30) s$/,
		);
		expect(result.error?.description).toContain(
			"Raise the node's Request Options → Timeout (now 2 s)",
		);
		expect((await paused).run.status).toBe('canceled');
	});

	it('Retry-After: 86400 is honoured for the longest pause documented (60 s), never slept out past a Timeout', async () => {
		await bed.client.addFault({ status: 429, retryAfter: 86_400, path: NOTIFY_PATH, times: 1 });
		const { workflow, input } = textNotifications('day', 1);
		const first = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(first.error?.message).toBe('ovice rate limit reached (HTTP 429)');
		expect(first.error?.description).toContain(
			'ovice asked to wait 86400 s before the next request.',
		);
		const started = Date.now();
		const read = await bed.engine.run(getMany({ timeout: 3000 }), { credentials: bed.credentials });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(read.error?.message).toMatch(
			/^Not sent: ovice asked requests with this key to wait (59|60) s$/,
		);
	});

	it('a list search in the editor says so at once instead of waiting', async () => {
		const { running: paused } = await pausedByOvice(30);
		const started = Date.now();
		const search = bed.engine.listSearch(getMany().nodes[0], 'getWorkspaces', bed.credentials);
		await expect(search).rejects.toThrow(
			/^Not sent: ovice asked requests with this key to wait (29|30) s$/,
		);
		expect(Date.now() - started).toBeLessThan(3000);
		await paused;
	});

	it("Stop during ovice's pause ends the run within 1 s, and nothing is sent after it", async () => {
		await bed.client.addFault({ status: 429, retryAfter: 30, path: NOTIFY_PATH, times: 1 });
		const { workflow, input } = textNotifications('stop', 3);
		const stoppedAt = Date.now() + 1000;
		const result = await bed.engine.run(workflow, {
			credentials: bed.credentials,
			input,
			cancelAfterMs: 1000,
		});
		expect(result.run.status).toBe('canceled');
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(bed.sandbox.requests.map((request) => request.status)).toEqual([429]);
	});
});

describe('Stop during a wait for a turn', () => {
	it('a stopped execution sends nothing more, and the next one gets its turns at once', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 5 });
		const first = textNotifications('stopped', 20, CONTINUE);
		const stopped = await bed.engine.run(first.workflow, {
			credentials,
			input: first.input,
			cancelAfterMs: 1000,
		});
		expect(stopped.run.status).toBe('canceled');
		const stoppedAt = Date.now();
		const afterStop = bed.sandbox.notifications.length;

		// Three turns at 5/s: had the stopped one's requests stayed queued, a 1 s Timeout would refuse them.
		const second = textNotifications('next', 3, {}, { requestOptions: { timeout: 1000 } });
		const next = await bed.engine.run(second.workflow, { credentials, input: second.input });
		expect(next.error).toBeUndefined();

		const fromStopped = received().filter((message) => message.startsWith('stopped-'));
		// In order, none twice, and at most the one already on its way arrived after Stop.
		expect(fromStopped).toEqual(first.input.slice(0, fromStopped.length).map((item) => item.text));
		expect(fromStopped.length).toBeGreaterThanOrEqual(2);
		expect(fromStopped.length).toBeLessThanOrEqual(afterStop + 1);
		expect(
			bed.sandbox.notifications.filter(
				(n) => n.message.startsWith('stopped-') && Date.parse(n.at) > stoppedAt + 1000,
			),
		).toEqual([]);
		expect(received().filter((message) => message.startsWith('next-'))).toEqual([
			'next-0',
			'next-1',
			'next-2',
		]);
	});

	it('a list search during a batch at 5 req/s gets its turn', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 5 });
		const { workflow, input } = textNotifications('batch', 15);
		const running = bed.engine.run(workflow, { credentials, input });
		for (let tries = 0; bed.sandbox.notifications.length < 3 && tries < 200; tries++)
			await new Promise((resolve) => setTimeout(resolve, 25));
		const found = await bed.engine.listSearch(workflow.nodes[0], 'getWorkspaces', credentials);
		expect(found.results.map((result) => result.name)).toEqual([
			'Osaka Studio',
			'Remote Lounge',
			'Tokyo HQ',
		]);
		expect((await running).error).toBeUndefined();
		expect(received()).toEqual(input.map((item) => item.text));
	});
});

describe('Request Options → Proxy', () => {
	const proxy = useCatcher(JSON_LIST);

	it.each([
		['myproxy:3128', 'has no http:// or https://'],
		['127.0.0.1:6199', 'is not an address'],
		['http://', 'is not an address'],
		['socks5://myproxy:1080', 'has no http:// or https://'],
		['http://us%zzer:pw@myproxy:3128', 'has a user name or password with a broken %-escape'],
	])(
		'"%s" is refused naming the field and the form it needs; nothing is sent',
		async (value, why) => {
			const result = await bed.engine.run(
				singleNodeWorkflow({
					resource: 'group',
					operation: 'getAll',
					returnAll: true,
					requestOptions: { proxy: value },
				}),
				{ credentials: bed.credentials },
			);
			expect(result.error?.message).toBe(`Request Options → Proxy "${value}" ${why}`);
			expect(result.error?.description).toContain('Write the proxy as http://host:port');
			expect(bed.sandbox.requests).toEqual([]);
		},
	);

	// The key would cross the proxy in clear text to this http sandbox, so the proxy gets
	// nothing; a proxy carrying TLS to an https Base URL is shown end-to-end (n8n.e2e.test.ts,
	// "proxies"), where n8n can be started trusting the test's certificate authority.
	it('to an http: Base URL the request is refused before anything reaches the proxy', async () => {
		const workflow = singleNodeWorkflow({
			resource: 'group',
			operation: 'getAll',
			returnAll: true,
			requestOptions: { proxy: proxy.url },
		});
		const result = await bed.engine.run(workflow, { credentials: bed.credentials });
		expect(result.error?.message).toBe(
			`Not sent: this request would carry the ovice client secret in clear text through the proxy ${new URL(proxy.url).host}`,
		);
		expect(proxy.caught).toEqual([]);
		expect(await bed.client.requests()).toHaveLength(0);
	});
});
