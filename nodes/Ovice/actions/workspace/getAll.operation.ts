import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import type { Connection } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor, withSpaceUrls } from '../common';
import type { OviceOperation } from '../common';

/** Workspace → Get Many: the organization's workspaces, each with its browser address. */
export const getAll: OviceOperation = {
	description: returnAllAndLimit(showFor('workspace', 'getAll')),

	async execute(
		this: IExecuteFunctions,
		itemIndex: number,
		connection: Connection,
	): Promise<IDataObject[]> {
		const { data } = await request(connection, 'listWorkspaces', {}, itemIndex);
		return withSpaceUrls(connection, limitUnlessAll(this, itemIndex, listItems(data)));
	},
};
