/**
 * A batch goes out the way a sender expects: in input order, the whole input checked before
 * the first send, nothing after a failure. Expected counts and orders are written out by hand.
 */
import { textNotifications, useTestBed } from '../harness/fixtures';
import { NOTIFY_PATH } from '../harness/notifications';

const bed = useTestBed();

const CONTINUE = { onError: 'continueRegularOutput' } as const;

/** `prefix-0 … prefix-(count-1)`, written out. */
const texts = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

const received = () => bed.sandbox.notifications.map((notification) => notification.message);
const notifyRequests = () =>
	bed.sandbox.requests.filter((request) => request.path.endsWith(NOTIFY_PATH));

describe('in input order', () => {
	it('40 notifications, ovice slow to answer the first: received and processed in input order, output paired', async () => {
		await bed.client.addFault({ delayMs: 400, path: NOTIFY_PATH, times: 1 });
		const { workflow, input } = textNotifications('o', 40);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		// The sandbox logs a request when it arrives and a notification when it is processed.
		expect(
			notifyRequests().map((request) => (request.body as { message: string }).message),
		).toEqual(texts('o', 40));
		expect(received()).toEqual(texts('o', 40));
		const output = result.output('ovice');
		expect(output.map((item) => item.json.message)).toEqual(texts('o', 40));
		expect(output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 40 }, (_, item) => ({ item })),
		);
	});

	it('each notification leaves only after ovice answered the one before', async () => {
		// The 2nd is slow: had the 3rd left before its answer, it would be processed first.
		await bed.client.addFault({ delayMs: 300, path: NOTIFY_PATH, times: 1, after: 1 });
		const { workflow, input } = textNotifications('s', 5);
		await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(received()).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
		const arrived = notifyRequests().map((request) => Date.parse(request.at));
		// The 3rd arrived after the 2nd's 300 ms wait (the log's clock has ms resolution).
		expect(arrived[2] - arrived[1]).toBeGreaterThanOrEqual(300);
	});
});

describe('the whole input is checked before the first send', () => {
	const withEmpty = (index: number) => {
		const { workflow, input } = textNotifications('b', 50);
		input[index] = { text: '' };
		return { workflow, input };
	};

	it('50 items, the 8th message empty, On Error at its default: nothing sent, the error names the item and the field', async () => {
		const { workflow, input } = withEmpty(7);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error?.message).toBe('Message is empty');
		expect(
			(result.run.data.resultData.error as { context?: { itemIndex?: number } }).context?.itemIndex,
		).toBe(7);
		expect(result.error?.description).toContain(
			'Nothing of this run was sent: every item is checked before the first notification goes out.',
		);
		expect(bed.sandbox.requests).toEqual([]);
	});

	it('the same with On Error → Continue: the 49 others sent in order, one error item in its place', async () => {
		const { input } = withEmpty(7);
		const { workflow } = textNotifications('b', 50, CONTINUE);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(received()).toEqual(texts('b', 50).filter((text) => text !== 'b-7'));
		const output = result.output('ovice');
		expect(output).toHaveLength(50);
		expect(output[7].json).toEqual({ error: 'Message is empty' });
		expect(output[7].pairedItem).toEqual({ item: 7 });
		expect(output.filter((item) => item.json.success === true)).toHaveLength(49);
	});

	it('an expression that throws on one item: nothing sent', async () => {
		const { workflow, input } = textNotifications(
			't',
			20,
			{},
			{
				message: '={{ $json.text.length > 3 ? $json.text.toUpperCase() : $json.boom.deeper }}',
			},
		);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeDefined();
		expect(bed.sandbox.requests).toEqual([]);
	});
});

describe('nothing after a failure', () => {
	it('50 items, ovice answers 400 to the 11th: exactly the first 10 delivered, none after', async () => {
		await bed.client.addFault({ status: 400, path: NOTIFY_PATH, times: 1, after: 10 });
		const { workflow, input } = textNotifications('f', 50);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error?.message).toMatch(/^ovice refused the request: .* \(HTTP 400\)$/);
		expect(result.error?.description).toContain(
			'10 notifications of this run were delivered before it stopped, in input order; nothing after the failed item was sent',
		);
		expect(received()).toEqual(texts('f', 10));
		expect(notifyRequests()).toHaveLength(11);
	});

	it('with On Error → Continue every item is tried: 49 delivered, the 11th an error item', async () => {
		await bed.client.addFault({ status: 400, path: NOTIFY_PATH, times: 1, after: 10 });
		const { workflow, input } = textNotifications('c', 50, CONTINUE);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(received()).toEqual(texts('c', 50).filter((text) => text !== 'c-10'));
		expect(String(result.output('ovice')[10].json.error)).toMatch(/\(HTTP 400\)$/);
	});

	it('Retry On Fail after a 500 on the 11th: all 50 delivered once each, in order', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1, after: 10 });
		const { workflow, input } = textNotifications('r', 50, {
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 100,
		});
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(received()).toEqual(texts('r', 50));
		// 50 first tries, the 11th refused once and sent again on the node's second try.
		expect(notifyRequests()).toHaveLength(51);
		expect(result.output('ovice')).toHaveLength(50);
	});

	it('the error says Retry On Fail continues from the failed item when it is on', async () => {
		await bed.client.addFault({ status: 400, path: NOTIFY_PATH, times: -1, after: 3 });
		const { workflow, input } = textNotifications('n', 6, {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 10,
		});
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error?.description).toContain(
			"3 notifications of this run were delivered before it stopped, in input order; nothing after the failed item was sent, and n8n's Retry On Fail continues from the failed item without sending those again.",
		);
		expect(received()).toEqual(['n-0', 'n-1', 'n-2']);
		// The first try sent 4 (the 4th refused), the second only the 4th again.
		expect(notifyRequests()).toHaveLength(5);
	});
});

describe('reads', () => {
	it('Get Users for 20 workspaces at once: output in input order, each paired with its item', async () => {
		const { workflow } = textNotifications(
			'unused',
			0,
			{},
			{
				operation: 'getUsers',
				workspaceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				returnAll: true,
			},
		);
		const ids = Array.from({ length: 20 }, (_, index) => [101, 102, 103][index % 3]);
		const result = await bed.engine.run(workflow, {
			credentials: bed.credentials,
			input: ids.map((id) => ({ id })),
		});
		expect(result.error).toBeUndefined();
		const output = result.output('ovice');
		const perWorkspace = new Map(
			[101, 102, 103].map((id) => [
				id,
				bed.sandbox.data.workspaces.find((w) => w.id === id)!.users.length,
			]),
		);
		expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			ids.flatMap((id, index) => Array<number>(perWorkspace.get(id)!).fill(index)),
		);
	});
});
