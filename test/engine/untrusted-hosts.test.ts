/**
 * Hosts that are not ovice: a Base URL that redirects, one that serves a web page, and an
 * unencrypted address. The key never reaches another host, and nothing is reported as
 * sent or listed that ovice did not answer.
 */
import { SANDBOX_KEY } from '../../sandbox/data';
import { HTML_PAGE, useCatcher } from '../harness/catcher';
import type { Catcher } from '../harness/catcher';
import {
	fromList,
	notifyWorkspaceParameters,
	singleNodeWorkflow,
	useTestBed,
} from '../harness/fixtures';

const bed = useTestBed();

const notify = () =>
	singleNodeWorkflow(notifyWorkspaceParameters(), { onError: 'continueRegularOutput' });
const listWorkspaces = () =>
	singleNodeWorkflow(
		{ resource: 'workspace', operation: 'getAll', returnAll: true },
		{ onError: 'continueRegularOutput' },
	);

function secretIn(catcher: Catcher): boolean {
	return catcher.caught.some((request) =>
		JSON.stringify(request).includes(SANDBOX_KEY.clientSecret),
	);
}

describe('a Base URL that redirects: never followed, the key stays', () => {
	const catcher = useCatcher();

	it.each([301, 302, 307, 308])(
		'HTTP %i on a notification: an error naming the other host, nothing sent there',
		async (status) => {
			const host = new URL(catcher.url).host;
			await bed.client.addFault({
				status,
				redirectTo: `${catcher.url}/stolen`,
				path: '/workspaces/notification',
			});
			const result = await bed.engine.run(notify(), { credentials: bed.credentials });
			const [item] = result.output('ovice');
			expect(item.json.success).toBeUndefined();
			expect(item.json.error).toBe(
				`The Base URL redirected to ${host} (HTTP ${status}); the request was not followed there`,
			);
			expect(catcher.caught).toHaveLength(0);
			expect(await bed.client.notifications()).toHaveLength(0);
		},
	);

	it('HTTP 302 on a read: an error, no empty list', async () => {
		await bed.client.addFault({
			status: 302,
			redirectTo: `${catcher.url}/stolen`,
			path: '/organizations/workspaces',
		});
		const result = await bed.engine.run(listWorkspaces(), { credentials: bed.credentials });
		const items = result.output('ovice');
		expect(items).toHaveLength(1);
		expect(String(items[0].json.error)).toMatch(/^The Base URL redirected to /);
		expect(catcher.caught).toHaveLength(0);
	});

	it('the credential Test fails naming the redirect, and the other host gets nothing', async () => {
		await bed.client.addFault({
			status: 307,
			redirectTo: `${catcher.url}/stolen`,
			path: '/organizations/workspaces',
		});
		const result = await bed.engine.testCredential('oviceApi', bed.credentials.oviceApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Base URL redirected to another address \(HTTP 307\)/);
		expect(secretIn(catcher)).toBe(false);
		expect(catcher.caught).toHaveLength(0);
	});
});

describe('a Base URL that serves a web page: nothing counts as sent or listed', () => {
	const page = useCatcher(HTML_PAGE);

	it('200 with an HTML page from the sandbox: the notification is an error, not a success', async () => {
		await bed.client.addFault({ malformed: 'html', path: '/workspaces/notification' });
		const result = await bed.engine.run(notify(), { credentials: bed.credentials });
		const [item] = result.output('ovice');
		expect(item.json.success).toBeUndefined();
		expect(item.json.error).toBe("This Base URL does not look like ovice's API");
	});

	it('a Base URL pointing at any web page: notifications and lists fail with the same words', async () => {
		const credentials = bed.credential({ baseUrl: page.url });
		const sent = await bed.engine.run(notify(), { credentials });
		expect(sent.output('ovice')[0].json.error).toBe("This Base URL does not look like ovice's API");
		const listed = await bed.engine.run(listWorkspaces(), { credentials });
		const items = listed.output('ovice');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe("This Base URL does not look like ovice's API");
	});

	it('a list search against a web page says so instead of showing an empty list', async () => {
		const node = singleNodeWorkflow({
			resource: 'workspace',
			operation: 'get',
			workspaceId: fromList(101),
		}).nodes[0];
		await expect(
			bed.engine.listSearch(node, 'getWorkspaces', bed.credential({ baseUrl: page.url })),
		).rejects.toThrow("This Base URL does not look like ovice's API");
	});
});

describe('an unencrypted Base URL to another host', () => {
	it.each(['http://api.ovice.com', 'http://10.0.0.5:8080'])(
		'%s is refused before anything is sent',
		async (baseUrl) => {
			const result = await bed.engine.run(notify(), { credentials: bed.credential({ baseUrl }) });
			const [item] = result.output('ovice');
			expect(item.json.error).toBe(
				`The ovice credential's Base URL "${baseUrl}" must start with https://`,
			);
			expect(await bed.client.requests()).toHaveLength(0);
		},
	);

	it('the credential Test refuses it too, without a request', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ baseUrl: 'http://api.ovice.com' }).oviceApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must start with https:\/\//);
	});

	it('loopback addresses stay allowed for the local sandbox', async () => {
		const result = await bed.engine.run(notify(), {
			credentials: bed.credential({ baseUrl: bed.sandbox.url.replace('127.0.0.1', 'localhost') }),
		});
		expect(result.output('ovice')[0].json.success).toBe(true);
	});
});
