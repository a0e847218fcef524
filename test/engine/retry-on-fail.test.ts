/**
 * n8n's Retry On Fail runs the whole node again with every item. A notification ovice
 * already accepted in this execution is never sent again; a failed run says how many of
 * its notifications were delivered.
 */
import type { INode } from 'n8n-workflow';

import {
	fromList,
	oviceNode,
	singleNodeWorkflow,
	textNotifications,
	useTestBed,
} from '../harness/fixtures';

const bed = useTestBed();
const NOTIFY_PATH = '/workspaces/notification';

const fiveNotifications = (settings: Partial<INode> = {}) =>
	textNotifications('retry', 5, settings);

async function deliveredMessages(): Promise<string[]> {
	return (await bed.client.notifications()).map((notification) => notification.message).sort();
}

describe('Retry On Fail', () => {
	it('5 notifications, one 500 before processing, 3 tries: each delivered exactly once, the run succeeds', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1 });
		const { workflow, input } = fiveNotifications({
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 100,
		});
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(result.output('ovice').map((item) => item.json.success)).toEqual([
			true,
			true,
			true,
			true,
			true,
		]);
		expect(await deliveredMessages()).toEqual([
			'retry-0',
			'retry-1',
			'retry-2',
			'retry-3',
			'retry-4',
		]);
		// 5 first tries (one refused with 500) and one second try for the refused item only.
		expect(
			(await bed.client.requests()).filter((request) => request.path.endsWith(NOTIFY_PATH)),
		).toHaveLength(6);
	});

	it('a message ending in {{ $now }}: each notification delivered exactly once (the memory goes by item, not by text)', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1 });
		const workflow = singleNodeWorkflow(
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: fromList(101),
				message: '={{ $json.text + " at " + $now.toMillis() }}',
			},
			{ retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
		);
		const { input } = fiveNotifications();
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		const delivered = (await deliveredMessages()).map((message) => message.replace(/ at \d+$/, ''));
		expect(delivered).toEqual(['retry-0', 'retry-1', 'retry-2', 'retry-3', 'retry-4']);
	});

	it('without Retry On Fail nothing is remembered: two runs of the same item in one execution are two sends', async () => {
		const { workflow, input } = fiveNotifications();
		await bed.engine.run(workflow, { credentials: bed.credentials, input: input.slice(0, 1) });
		expect(await deliveredMessages()).toEqual(['retry-0']);
	});

	it('a 500 after processing is sent again on retry, as the user asked n8n to retry failures', async () => {
		await bed.client.addFault({ status: 500, afterProcessing: true, path: NOTIFY_PATH, times: 1 });
		const { workflow, input } = fiveNotifications({
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 100,
		});
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		const delivered = await deliveredMessages();
		// ovice delivered the failed one and then the retry again: six deliveries, one message twice.
		expect(delivered).toHaveLength(6);
		expect(new Set(delivered).size).toBe(5);
	});

	it('a run executed again (a new execution) sends again: the memory is per execution', async () => {
		const { workflow, input } = fiveNotifications();
		await bed.engine.run(workflow, { credentials: bed.credentials, input });
		await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(await deliveredMessages()).toHaveLength(10);
	});
});

describe('a failed run says how many of its notifications were delivered', () => {
	it('3 of 5 delivered, a 500 on the 4th, nothing after it: the error counts them and says what to do', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1, after: 3 });
		const { workflow, input } = fiveNotifications();
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error?.message).toBe('ovice had a server error (HTTP 500)');
		expect(result.error?.description).toContain(
			'3 notifications of this run were delivered before it stopped, in input order; nothing after the failed item was sent, and running the workflow again sends them again (Retry On Fail would continue from the failed item instead).',
		);
		expect(result.error?.description).toContain('On Error to "Continue"');
		expect(await deliveredMessages()).toEqual(['retry-0', 'retry-1', 'retry-2']);
	});
});

describe("the node as an AI agent's tool", () => {
	const tool = (settings: Record<string, unknown> = {}) =>
		bed.engine.toolCalls(
			oviceNode(
				{
					resource: 'group',
					operation: 'sendNotification',
					groupId: fromList(201),
					message: "={{ $fromAI('text', 'The text', 'string') }}",
				},
				{ type: 'n8n-nodes-ovice.oviceTool', ...settings },
			),
			bed.credentials,
		);

	it('two identical calls in one agent run are two notifications, with Retry On Fail on or off', async () => {
		for (const settings of [{}, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }]) {
			await bed.client.reset();
			const call = tool(settings);
			await call({ text: 'same words' });
			await call({ text: 'same words' });
			expect(await deliveredMessages()).toEqual(['same words', 'same words']);
		}
	});

	it('a call that fails before ovice processed it is retried by n8n and delivered once', async () => {
		await bed.client.addFault({ status: 500, path: '/groups/notification', times: 1 });
		const answer = await tool({ retryOnFail: true, maxTries: 3, waitBetweenTries: 0 })({
			text: 'once',
		});
		expect(JSON.parse(answer)).toEqual([
			expect.objectContaining({ success: true, message: 'once' }),
		]);
		expect(await deliveredMessages()).toEqual(['once']);
	});
});
