/** IPC channel names shared by the main-process adapter and the preload bridge. */
export const IPC_CALL = 'qoscope:call';
export const IPC_LISTEN = 'qoscope:listen';
export const IPC_DISPOSE = 'qoscope:dispose';
export const IPC_EVENT = 'qoscope:event';
/** The preload tells main how many events its listeners have handled (backpressure). */
export const IPC_ACK = 'qoscope:ack';
