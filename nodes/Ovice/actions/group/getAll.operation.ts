import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import type { Connection } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor } from '../common';
import type { OviceOperation } from '../common';

/** Group → Get Many: the organization's groups. */
export const getAll: OviceOperation = {
	description: returnAllAndLimit(showFor('group', 'getAll')),

	async execute(
		this: IExecuteFunctions,
		itemIndex: number,
		connection: Connection,
	): Promise<IDataObject[]> {
		const { data } = await request(connection, 'listGroups', {}, itemIndex);
		return limitUnlessAll(this, itemIndex, listItems(data));
	},
};
