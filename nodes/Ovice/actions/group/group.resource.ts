import { byValue, resourceDescription } from '../operation';
import { getAll } from './getAll.operation';
import { getMembers } from './getMembers.operation';
import { sendNotification } from './sendNotification.operation';

const declared = [getAll, getMembers, sendNotification];

export const operations = byValue(declared);

export const description = resourceDescription('group', declared, getAll.value);
