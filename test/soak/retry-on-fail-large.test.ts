/**
 * Retry On Fail at sizes the old process-wide memory could not hold: the memory belongs to
 * the execution, so neither its own size nor another execution evicts what it delivered.
 * Expected counts are written out by hand from the inputs.
 */
import { textNotifications, useTestBed } from '../harness/fixtures';

const bed = useTestBed();
const NOTIFY_PATH = '/workspaces/notification';
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 };

const notifications = (name: string, count: number, padding = 0) =>
	textNotifications(name, count, RETRY, {}, padding);

/** How often each message of the given prefix was delivered, as counts by message. */
function deliveries(prefix: string): { total: number; distinct: number; twice: number } {
	const counts = new Map<string, number>();
	for (const { message } of bed.sandbox.notifications)
		if (message.startsWith(`${prefix}-`)) counts.set(message, (counts.get(message) ?? 0) + 1);
	return {
		total: [...counts.values()].reduce((sum, count) => sum + count, 0),
		distinct: counts.size,
		twice: [...counts.values()].filter((count) => count > 1).length,
	};
}

describe('Retry On Fail with large executions', () => {
	it('100,000 small notifications with one 500 near the end: each delivered exactly once', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 1, after: 99_900 });
		const { workflow, input } = notifications('big', 100_000);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(result.output('ovice')).toHaveLength(100_000);
		expect(deliveries('big')).toEqual({ total: 100_000, distinct: 100_000, twice: 0 });
		// 100,000 first tries (one refused with 500) and one more for the refused item only.
		expect(bed.sandbox.requests.filter((r) => r.path.endsWith(NOTIFY_PATH))).toHaveLength(100_001);
	}, 600_000);

	it('two executions at once, one of 2,000 × 40 KB (80 MB, past 8 MiB): none twice in either', async () => {
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: 2, after: 1_900 });
		const large = notifications('large', 2_000, 40_000);
		const small = notifications('small', 4);
		const [largeRun, smallRun] = await Promise.all([
			bed.engine.run(large.workflow, { credentials: bed.credentials, input: large.input }),
			bed.engine.run(small.workflow, { credentials: bed.credentials, input: small.input }),
		]);
		expect(largeRun.error).toBeUndefined();
		expect(smallRun.error).toBeUndefined();
		expect(deliveries('large')).toEqual({ total: 2_000, distinct: 2_000, twice: 0 });
		expect(deliveries('small')).toEqual({ total: 4, distinct: 4, twice: 0 });
	}, 600_000);
});
