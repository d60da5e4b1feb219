// Registers the gather kernels of backend-simple.
export {};
