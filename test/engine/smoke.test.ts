import { singleNodeWorkflow, useTestBed } from '../harness/fixtures';

describe('smoke', () => {
	const bed = useTestBed();
	it('lists workspaces', async () => {
		const result = await bed.engine.run(singleNodeWorkflow({ resource: 'workspace', operation: 'getAll', returnAll: true }), { credentials: bed.credentials });
		console.log(JSON.stringify(result.error), JSON.stringify(result.output('ovice')));
		console.log(JSON.stringify(await bed.client.requests(), null, 1));
	});
});
