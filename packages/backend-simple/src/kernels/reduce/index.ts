// Registers the reduce kernels of backend-simple.
export {};
