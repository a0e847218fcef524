/**
 * The credential's rate limit belongs to executions: a cancelled execution stops sending
 * and holds up no later one, and the editor's pickers never queue behind a batch.
 */
import { fromList, singleNodeWorkflow, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

function batch(count: number, prefix: string, extra: Record<string, unknown> = {}) {
	return {
		workflow: singleNodeWorkflow(
			{ resource: 'workspace', operation: 'sendNotification', workspaceId: fromList(101), message: '={{ $json.text }}', ...extra },
			{ onError: 'continueRegularOutput' },
		),
		input: Array.from({ length: count }, (_, index) => ({ text: `${prefix}-${index}` })),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limit: per credential, shared fairly by executions', () => {
	it('n8n gives a declarative node no cancel signal: a stopped execution goes on sending, and the next one does not wait behind it', async () => {
		const credentials = bed.credential({ maxRequestsPerSecond: 5 });
		const first = batch(20, 'stopped');
		const stopped = await bed.engine.run(first.workflow, { credentials, input: first.input, cancelAfterMs: 1000 });
		expect(stopped.run.status).toBe('canceled');

		// 20 at 5/s take 4 s; 15 are still queued. The next execution takes turns with them.
		const second = batch(3, 'next');
		const started = Date.now();
		const next = await bed.engine.run(second.workflow, { credentials, input: second.input });
		const tookMs = Date.now() - started;
		expect(next.output('ovice').every((item) => item.json.success === true)).toBe(true);
		// Three requests alternating with the stopped execution's: about 6 intervals of 200 ms.
		expect(tookMs).toBeLessThan(2000);

		// n8n 2.x builds a declarative node's context without the execution's abort signal,
		// so the stopped execution's remaining notifications are still delivered, each once.
		await sleep(3500);
		const delivered = (await bed.client.notifications()).map((notification) => notification.message);
		const fromStopped = delivered.filter((message) => message.startsWith('stopped-'));
		expect(new Set(fromStopped).size).toBe(fromStopped.length);
		expect(fromStopped).toHaveLength(20);
		expect(delivered.filter((message) => message.startsWith('next-'))).toHaveLength(3);
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
		const notSent = items.filter((item) => String(item.json.error).startsWith('Not sent: No turn within 4 s'));
		expect(sent.length + notSent.length).toBe(500);
		expect(sent.length).toBeGreaterThanOrEqual(18);
		expect(sent.length).toBeLessThanOrEqual(22);
		expect(await bed.client.notifications()).toHaveLength(sent.length);
	});
});
