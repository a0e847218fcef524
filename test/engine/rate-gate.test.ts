/**
 * The credential's rate limit belongs to executions: a cancelled execution stops sending
 * and holds up no later one, and the editor's pickers never queue behind a batch.
 */
import { JSON_LIST, useCatcher } from '../harness/catcher';
import type { INodeParameters } from 'n8n-workflow';

import { singleNodeWorkflow, textNotifications, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

const batch = (count: number, prefix: string, extra: INodeParameters = {}) =>
	textNotifications(prefix, count, { onError: 'continueRegularOutput' }, extra);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limit: per credential, shared fairly by executions', () => {
	it('Stop: a stopped execution sends nothing more, and the next one does not wait behind it', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 5 });
		const first = batch(20, 'stopped');
		const stopped = await bed.engine.run(first.workflow, {
			credentials,
			input: first.input,
			cancelAfterMs: 1000,
		});
		expect(stopped.run.status).toBe('canceled');
		const stoppedAt = Date.now();

		// 20 at 5/s would take 4 s; the 15 or so still queued left the gate at Stop.
		const second = batch(3, 'next');
		const started = Date.now();
		const next = await bed.engine.run(second.workflow, { credentials, input: second.input });
		expect(next.output('ovice').every((item) => item.json.success === true)).toBe(true);
		// Nothing of the stopped execution is queued any more: three turns of 200 ms.
		expect(Date.now() - started).toBeLessThan(1500);

		await sleep(3500);
		const delivered = await bed.client.notifications();
		const fromStopped = delivered.filter((notification) =>
			notification.message.startsWith('stopped-'),
		);
		expect(new Set(fromStopped.map((notification) => notification.message)).size).toBe(
			fromStopped.length,
		);
		// About 1 s at 5/s before Stop; at most one request that was already on its way after it.
		expect(fromStopped.length).toBeGreaterThanOrEqual(4);
		expect(fromStopped.length).toBeLessThanOrEqual(7);
		expect(
			fromStopped.filter((notification) => Date.parse(notification.at) > stoppedAt + 1000),
		).toEqual([]);
		expect(
			delivered.filter((notification) => notification.message.startsWith('next-')),
		).toHaveLength(3);
	});

	it('a list search during a 500-notification batch at 5 req/s answers in under 2 s', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 5 });
		// The node's Timeout also bounds the wait for a turn, so the batch ends after 4 s here.
		const { workflow, input } = batch(500, 'batch', { requestOptions: { timeout: 4000 } });
		const running = bed.engine.run(workflow, { credentials, input });
		await sleep(1000);
		const started = Date.now();
		const found = await bed.engine.listSearch(workflow.nodes[0], 'getWorkspaces', credentials);
		const answeredMs = Date.now() - started;
		expect(found.results.length).toBeGreaterThan(0);
		expect(answeredMs).toBeLessThan(2000);

		const items = (await running).output('ovice');
		const sent = items.filter((item) => item.json.success === true);
		const notSent = items.filter((item) =>
			String(item.json.error).startsWith('Not sent: No turn within 4 s'),
		);
		expect(sent.length + notSent.length).toBe(500);
		expect(sent.length).toBeGreaterThanOrEqual(18);
		expect(sent.length).toBeLessThanOrEqual(22);
		expect(await bed.client.notifications()).toHaveLength(sent.length);
	});
});

describe('Request Options, as n8n gave the declarative node', () => {
	const proxy = useCatcher(JSON_LIST);

	// The key would cross the proxy in clear text to this http sandbox, so the proxy gets
	// nothing; a proxy carrying TLS to an https Base URL is shown end-to-end (n8n.e2e.test.ts,
	// "proxies"), where n8n can be started trusting the test's certificate authority.
	it('Proxy: to an http: Base URL the request is refused before anything reaches the proxy', async () => {
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
