import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** The .proto file the user gave, shared by the message details and publish. */
export type ProtobufChoice = { fileName: string; source: string; types: string[]; type: string };

export type ProtobufSlice = {
  protobuf: ProtobufChoice | undefined;
  setProtobuf(choice: ProtobufChoice | undefined): void;
  setProtobufType(type: string): void;
};

export const createProtobufSlice: StateCreator<AppState, [], [], ProtobufSlice> = (set) => ({
  protobuf: undefined,
  setProtobuf: (protobuf) => set({ protobuf }),
  setProtobufType: (type) => set((state) => (state.protobuf ? { protobuf: { ...state.protobuf, type } } : {})),
});
