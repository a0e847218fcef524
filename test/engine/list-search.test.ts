/** The searchable "From List" dropdowns of the workspace and group pickers. */
import { oviceNode, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

describe('list search', () => {
	const node = oviceNode({ resource: 'workspace', operation: 'getUsers' });

	it('lists every workspace by name, with its ID and browser URL', async () => {
		const { results } = await bed.engine.listSearch(node, 'getWorkspaces', bed.credentials);
		expect(results).toEqual([
			{ name: 'Osaka Studio', value: '102', url: `${bed.sandbox.url}/ws/osaka-studio/` },
			{ name: 'Remote Lounge', value: '103', url: `${bed.sandbox.url}/ws/remote-lounge/` },
			{ name: 'Tokyo HQ', value: '101', url: `${bed.sandbox.url}/ws/tokyo-hq/` },
		]);
	});

	it('filters workspaces by the search text, ignoring case', async () => {
		const { results } = await bed.engine.listSearch(
			node,
			'getWorkspaces',
			bed.credentials,
			'tOkYo',
		);
		expect(results.map((result) => result.value)).toEqual(['101']);
	});

	it('finds a workspace by its ID', async () => {
		const { results } = await bed.engine.listSearch(node, 'getWorkspaces', bed.credentials, '103');
		expect(results.map((result) => result.name)).toEqual(['Remote Lounge']);
	});

	it('lists and filters groups', async () => {
		const all = await bed.engine.listSearch(node, 'getGroups', bed.credentials);
		expect(all.results).toEqual([
			{ name: 'Design', value: '203', url: undefined },
			{ name: 'Engineering', value: '201', url: undefined },
			{ name: 'Sales', value: '202', url: undefined },
		]);
		const filtered = await bed.engine.listSearch(node, 'getGroups', bed.credentials, 'ale');
		expect(filtered.results.map((result) => result.name)).toEqual(['Sales']);
	});

	it('explains a refused key instead of showing an empty list', async () => {
		await expect(
			bed.engine.listSearch(node, 'getWorkspaces', bed.credential({ clientSecret: 'wrong' })),
		).rejects.toThrow('ovice rejected the API key (HTTP 401)');
	});
});
