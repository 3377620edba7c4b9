export * from './contract';
export { commandMessageSchema, createRoomSchema, roomCommandSchema } from './schemas';
export { toRecordEntry } from './record';
