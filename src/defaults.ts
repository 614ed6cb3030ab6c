// Defaults shared by the commands (kept apart so light commands need not load the receiver).
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_GRPC_PORT = 4317;
export const DEFAULT_HTTP_PORT = 4318;
