/**
 * ovice's own rate limit at the default settings (no Max Requests per Second): its 429s
 * pace every request with the key, so a batch larger than the limit is delivered whole,
 * with few refusals, in little more than the time the limit itself needs. The bounds are
 * the issue's, written out: ≤ 1.5 requests per notification, ≤ 1.3 × the ideal time.
 */
import { textNotifications, useTestBed } from '../harness/fixtures';

const bed = useTestBed();
const NOTIFY_PATH = '/workspaces/notification';
const LIMIT = 10;

const batch = (name: string, count: number) => textNotifications(name, count);

function delivered(prefix: string): { total: number; distinct: number } {
	const messages = bed.sandbox.notifications
		.map((notification) => notification.message)
		.filter((message) => message.startsWith(`${prefix}-`));
	return { total: messages.length, distinct: new Set(messages).size };
}

const notifyRequests = () =>
	bed.sandbox.requests.filter((request) => request.path.endsWith(NOTIFY_PATH));

describe("ovice's 429 paces the key at the default settings", () => {
	it(`150 notifications against an ovice allowing ${LIMIT}/s: all delivered, ≤ 1.5 requests each, ≤ 1.3 × the ideal time`, async () => {
		await bed.client.limitRate(LIMIT);
		const { workflow, input } = batch('paced', 150);
		const started = Date.now();
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		const elapsedMs = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(delivered('paced')).toEqual({ total: 150, distinct: 150 });
		expect(notifyRequests().length).toBeLessThanOrEqual(225);
		// 150 at 10/s: 14.9 s from the first request to the last; 1.3 × is 19.4 s.
		expect(elapsedMs).toBeLessThanOrEqual(19_400);
	}, 60_000);

	it('two executions at once share the pace: all of both delivered, ≤ 1.5 requests each', async () => {
		await bed.client.limitRate(LIMIT);
		const first = batch('first', 100);
		const second = batch('second', 100);
		const started = Date.now();
		const runs = await Promise.all([
			bed.engine.run(first.workflow, { credentials: bed.credentials, input: first.input }),
			bed.engine.run(second.workflow, { credentials: bed.credentials, input: second.input }),
		]);
		const elapsedMs = Date.now() - started;
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(delivered('first')).toEqual({ total: 100, distinct: 100 });
		expect(delivered('second')).toEqual({ total: 100, distinct: 100 });
		expect(notifyRequests().length).toBeLessThanOrEqual(300);
		// 200 at 10/s: 19.9 s; 1.3 × is 25.9 s.
		expect(elapsedMs).toBeLessThanOrEqual(25_900);
	}, 60_000);
});
