/**
 * Faults at a set rate across many notifications: every one delivered exactly once or
 * reported. Random 429s unrelated to speed keep ovice's learned pace near its floor, so this
 * run takes minutes: it is part of the soak tier.
 */
import { useTestBed } from '../harness/fixtures';
import {
	expectExactlyOnceOrReported,
	NOTIFY_PATH,
	notifyAndCollect,
} from '../harness/notifications';

const bed = useTestBed();

describe('faults at a set rate across many notifications', () => {
	it('200 notifications with 30% 429s, 5% 5xx before and 5% after processing: each exactly once or reported', async () => {
		await bed.client.addFault({
			status: 429,
			retryAfter: 0,
			path: NOTIFY_PATH,
			times: -1,
			rate: 0.3,
		});
		await bed.client.addFault({ status: 500, path: NOTIFY_PATH, times: -1, rate: 0.05 });
		await bed.client.addFault({
			status: 503,
			path: NOTIFY_PATH,
			times: -1,
			rate: 0.05,
			afterProcessing: true,
		});
		const { items, delivered, requests } = await notifyAndCollect(bed, 200);
		expectExactlyOnceOrReported(items, delivered, 200);
		const failed = items.filter((item) => item.json.success !== true);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.every((item) => /server error/.test(String(item.json.error)))).toBe(true);
		expect(requests.some((request) => request.status === 429)).toBe(true);
	}, 900_000);
});
