export * from './contract';
export { commandMessageSchema, createRoomSchema, roomCommandSchema } from './schemas';
